package io.callvault.standins;

/** What a test function throws for a failure worth retrying; Step Functions sees its fully qualified name. */
public final class TransientFailureException extends RuntimeException {
    public TransientFailureException(String message) {
        super(message);
    }
}
