package io.callvault.core.crypto;

/**
 * A private key upload that cannot be used (the guide's "Private key problem" and "Decryption problem"
 * errors, L35446-35450). The messages are for the administrator and never contain key material.
 */
public final class PrivateKeyRejectedException extends Exception {
    public enum Reason {
        /** No private key PEM block, several of them, or a block that is not well formed. */
        NOT_PEM,
        /** A key of another algorithm (EC, DSA, ...). */
        NOT_RSA,
        /** An encrypted key and no password. */
        ENCRYPTED_WITHOUT_PASSWORD,
        /** An encrypted key that the password does not decrypt. */
        WRONG_PASSWORD,
        /** A PEM block whose content is not the key structure its label promises. */
        CORRUPT
    }

    private final Reason reason;

    public PrivateKeyRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
