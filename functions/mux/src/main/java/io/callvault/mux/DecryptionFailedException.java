package io.callvault.mux;

/** An input's envelope cannot be opened with any private key the tenant holds, or its content does not decrypt. Permanent: retrying cannot help until keys change; the failure is recorded on the screen recording. */
public class DecryptionFailedException extends Exception {
    public DecryptionFailedException(String message) {
        super(message);
    }
}
