package io.callvault.core.crypto;

/**
 * A certificate that cannot be uploaded or used for encryption. The message is meant for the
 * administrator who uploaded it (the guide's "Add Certificate" errors, L35437-35452): certificates are
 * public, so a precise message leaks nothing.
 */
public final class CertificateRejectedException extends Exception {
    public enum Reason {
        /** No PEM block, or a PEM block that is not well formed. */
        NOT_PEM,
        /** PEM, but not an X.509 certificate (another PEM type, or DER that does not parse). */
        NOT_X509,
        /** More than one CERTIFICATE block where exactly one is expected. */
        MORE_THAN_ONE_CERTIFICATE,
        /** The public key is not RSA (guide L32528: RSA only). */
        NOT_RSA,
        /** An RSA key shorter than 2048 bits (guide L10523). */
        KEY_TOO_SMALL,
        /** Past its notAfter: refused at upload and at use. */
        EXPIRED,
        /** Before its notBefore: accepted at upload, refused at use (guide L32540-32544). */
        NOT_YET_VALID,
        /** No path from the certificate to a configured CA (or, with no CA configured, not self-signed). */
        CHAIN_NOT_TRUSTED
    }

    private final Reason reason;

    public CertificateRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
