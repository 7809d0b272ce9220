package io.callvault.search;

/** OpenSearch refused a request as such (4xx other than 429): repeating it unchanged will not help. */
public final class SearchRequestException extends RuntimeException {
    private final int status;
    private final String type;

    public SearchRequestException(int status, String type, String reason) {
        super("OpenSearch answered " + status + ": " + reason);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    /** OpenSearch's error type, e.g. {@code index_not_found_exception}. */
    public String type() {
        return type;
    }
}
