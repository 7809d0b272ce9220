package io.callvault.search;

/** OpenSearch could not take the request now (unreachable, overloaded, failing): the same request may succeed later. */
public final class SearchUnavailableException extends RuntimeException {
    private final int status;

    public SearchUnavailableException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    public SearchUnavailableException(String message, Throwable cause, int status) {
        super(message, cause);
        this.status = status;
    }

    /** OpenSearch's HTTP status (429, 5xx), or 0 when it could not be reached. */
    public int status() {
        return status;
    }
}
