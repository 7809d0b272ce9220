package io.callvault.core.crypto;

/**
 * Any failure to open an envelope or decrypt media: malformed PEM, wrong content type, a refused
 * algorithm, a key that is not a recipient, a corrupt or truncated object, bad padding. All of them carry
 * the same message so that a caller who returns {@link #getMessage()} can never be used as an oracle
 * (Bleichenbacher on the RSA key transport, padding oracle on CBC). What actually went wrong is only in
 * {@link #reasonForLogs()}, for the guide's 40031 log sub-reasons (L35393-35420). The underlying
 * exception is deliberately not chained as the cause, so no error formatter can walk to it.
 */
public final class MediaDecryptionException extends Exception {
    public static final String MESSAGE = "Playback Error - Encrypted: the media cannot be decrypted";

    private final String reasonForLogs;

    public MediaDecryptionException(String reasonForLogs) {
        super(MESSAGE);
        this.reasonForLogs = reasonForLogs;
    }

    MediaDecryptionException(String reasonForLogs, Throwable detail) {
        this(reasonForLogs + ": " + detail.getClass().getSimpleName()
                + (detail.getMessage() == null ? "" : " (" + detail.getMessage() + ")"));
    }

    /** For the local log only; never for a response body. */
    public String reasonForLogs() {
        return reasonForLogs;
    }
}
