package io.callvault.core.crypto;

/**
 * Checks an envelope a media server made before its media is stored as it is (guide: MCP encrypts and
 * posts the envelope in the metadata). No key is needed: the structure is what is checked.
 */
public final class EnvelopeCheck {
    private EnvelopeCheck() {}

    /** Null when {@code pkcs7Pem} is a PEM EnvelopedData; otherwise what is wrong with it. */
    public static String problemWith(String pkcs7Pem) {
        try {
            Envelopes.fromPem(pkcs7Pem);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
