package io.callvault.core.codec;

/** Input that does not fit the model; {@code field} is the JSON path of the culprit, e.g. {@code mediaFiles[0].startTime}. */
public final class InvalidFieldException extends RuntimeException {
    private final String field;

    public InvalidFieldException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
