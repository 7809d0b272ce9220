package io.callvault.local;

/** What {@link AcceptHandler} throws for a recording it refuses: a state machine catches it by its class name. */
public final class RecordingRejectedException extends RuntimeException {
    public RecordingRejectedException(String message) {
        super(message);
    }
}
