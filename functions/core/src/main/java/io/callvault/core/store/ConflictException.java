package io.callvault.core.store;

/** The request contradicts what is stored (a mediaId with other content, a name taken, a delete under way): 409. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
