package io.callvault.search;

/** OpenSearch could not take the request now (unreachable, overloaded, failing): the same request may succeed later. */
public final class SearchUnavailableException extends RuntimeException {
    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
