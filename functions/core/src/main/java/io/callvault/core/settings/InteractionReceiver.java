package io.callvault.core.settings;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The tenant's analytics receiver (the guide's SpeechMiner Interaction Receiver, {@code speechminer} /
 * {@code interaction-receiver}, L33952-L34110) as the notifier uses it, credentials resolved from Secrets
 * Manager. {@link #toString} masks the credentials, so logging one leaks nothing.
 *
 * @param uriPrefix the receiver's URL ({@code uri-prefix}), already checked by {@link ReceiverUrls}; the
 *                  sender resolves its host with {@link ReceiverUrls#resolve} before connecting
 * @param userName  the receiver's user ({@code userName})
 * @param password  the receiver's password ({@code password})
 * @param location  the location the setting was found at (the deepest of the stack's node path and its ancestors)
 */
public record InteractionReceiver(URI uriPrefix, String userName, String password, String location) {
    /** {@code Basic base64(userName:password)}: the guide's receiver authenticates with HTTP Basic (L13092-L13093). */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((userName + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "InteractionReceiver[uriPrefix=" + uriPrefix + ", userName=****, password=****, location=" + location + "]";
    }
}
