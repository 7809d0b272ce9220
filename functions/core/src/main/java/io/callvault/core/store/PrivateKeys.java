package io.callvault.core.store;

import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.MediaDecryptionException;
import io.callvault.core.crypto.PrivateKeyParser;
import io.callvault.core.model.MediaFile;
import io.callvault.core.crypto.PrivateKeyRejectedException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private keys for playback and muxing, read from the vault and kept in memory briefly: a player asks for many
 * ranges of one file, and each would otherwise cost a Secrets Manager call. Five minutes bounds how long
 * a replaced key lingers in a warm function.
 */
public final class PrivateKeys {
    static final Duration TTL = Duration.ofMinutes(5);

    private record Cached(PrivateKey key, Instant until) {}

    private final PrivateKeyVault vault;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PrivateKeys(PrivateKeyVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    public Optional<PrivateKey> find(String ccid, String alias) {
        String id = ccid + "/" + alias;
        Cached cached = cache.get(id);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.key());
        }
        Optional<String> pem = vault.find(ccid, alias);
        if (pem.isEmpty()) {
            return Optional.empty();
        }
        try {
            PrivateKey key = PrivateKeyParser.parse(pem.get(), null);
            cache.put(id, new Cached(key, now.plus(TTL)));
            return Optional.of(key);
        } catch (PrivateKeyRejectedException e) {
            throw new IllegalStateException("the vault holds an unusable key for " + id + ": " + e.reason());
        }
    }

    /** The content key of a media file, unwrapped with the first of its aliases whose private key the tenant stored. */
    public ContentKey open(String ccid, MediaFile file)
            throws MediaDecryptionException {
        var last = new MediaDecryptionException("no private key for any of " + file.certAlias());
        for (String alias : file.certAlias()) {
            Optional<PrivateKey> key = find(ccid, alias);
            if (key.isEmpty()) {
                continue;
            }
            try {
                return EnvelopeDecryptor.open(file.pkcs7(), key.get());
            } catch (MediaDecryptionException e) {
                last = e;
            }
        }
        throw last;
    }
}
