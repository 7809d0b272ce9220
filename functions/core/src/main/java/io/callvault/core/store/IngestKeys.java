package io.callvault.core.store;

import io.callvault.core.codec.Ids;
import io.callvault.core.model.RecordingKind;
import java.util.Optional;

/**
 * Where media waits in the ingest bucket before it is encrypted and stored:
 * {@code {ccid}/calls/{mediaId}} for call media, {@code {ccid}/screens/{mediaId}} for screen media. The
 * key carries no recording id because media may arrive before its metadata; the mediaId (unique in the
 * contact center) finds the recording once the metadata is there. Presigned uploads use the same keys,
 * and a media server may write there directly.
 */
public final class IngestKeys {
    public record IngestKey(String ccid, RecordingKind kind, String mediaId) {
        public String key() {
            return ccid + (kind == RecordingKind.CALL ? "/calls/" : "/screens/") + mediaId;
        }
    }

    private IngestKeys() {}

    public static IngestKey of(String ccid, RecordingKind kind, String mediaId) {
        Ids.contactCenterId("ccid", ccid);
        Ids.mediaId("mediaId", mediaId);
        return new IngestKey(ccid, kind, mediaId);
    }

    /** Parses an object key; anything not exactly of the convention is not ours to ingest. */
    public static Optional<IngestKey> parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        RecordingKind kind = switch (parts[1]) {
            case "calls" -> RecordingKind.CALL;
            case "screens" -> RecordingKind.SCREEN;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(parts[0], kind, parts[2]));
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
