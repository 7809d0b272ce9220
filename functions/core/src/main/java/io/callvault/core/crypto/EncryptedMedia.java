package io.callvault.core.crypto;

import java.util.List;
import java.util.Objects;

/**
 * What encryption adds to a media file's metadata (guide L32791-32792): the envelope as PEM ({@code pkcs7},
 * detached: it names the recipients, the content cipher and the IV, but holds no ciphertext) and the
 * recipient aliases ({@code certAlias}), plus sizes and the plaintext SHA-256 that stands in for the
 * integrity CBC does not give.
 */
public record EncryptedMedia(String pkcs7Pem, List<String> certAliases, long plaintextSize, long ciphertextSize,
                             String plaintextSha256) {
    public EncryptedMedia {
        Objects.requireNonNull(pkcs7Pem, "pkcs7Pem");
        Objects.requireNonNull(plaintextSha256, "plaintextSha256");
        certAliases = List.copyOf(certAliases);
    }
}
