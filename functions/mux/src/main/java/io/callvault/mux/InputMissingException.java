package io.callvault.mux;

/** An input's metadata names media that is not in the media bucket (deleted or never stored). Permanent for this run. */
public class InputMissingException extends Exception {
    public InputMissingException(String message) {
        super(message);
    }
}
