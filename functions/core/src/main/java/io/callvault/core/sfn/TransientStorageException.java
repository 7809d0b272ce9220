package io.callvault.core.sfn;

/**
 * S3 or DynamoDB failed in a way that may pass (throttling, a 5xx, a connection reset). The state machine retries it
 * ({@code Retry} on this class's name); everything else is permanent and caught.
 */
public class TransientStorageException extends RuntimeException {
    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
