package io.callvault.standins;

/** What a test function throws for a failure no retry fixes; Step Functions sees its fully qualified name. */
public final class PermanentFailureException extends RuntimeException {
    public PermanentFailureException(String message) {
        super(message);
    }
}
