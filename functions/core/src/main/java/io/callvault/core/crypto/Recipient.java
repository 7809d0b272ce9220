package io.callvault.core.crypto;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate the media is encrypted to, with the alias that goes into the media file's {@code certAlias}. */
public record Recipient(String alias, X509Certificate certificate) {
    public Recipient {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(certificate, "certificate");
    }
}
