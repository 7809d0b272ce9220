package io.callvault.api;

import io.callvault.core.http.ApiException;

/**
 * An HTTP {@code Range: bytes=...} request resolved against a file size (RFC 9110 §14): {@code a-b},
 * {@code a-} and {@code -n}. Only the first range of a multi-range request is served. A syntactically
 * invalid header is ignored (the whole file is meant); a range that starts past the end is 416.
 */
public record ByteRange(long first, long last) {
    public long length() {
        return last - first + 1;
    }

    /** @return the range, or null when the header is absent or not a bytes range (serve from the start) */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.startsWith("bytes=")) {
            return null;
        }
        String spec = h.substring(6).split(",", 2)[0].trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** At most {@code max} bytes from {@code first}: players ask again for the rest. */
    public ByteRange limitedTo(long max) {
        return length() <= max ? this : new ByteRange(first, first + max - 1);
    }

    static ApiException unsatisfiable(long size) {
        return new RangeNotSatisfiable(size);
    }

    /** 416 carries the size, so a player knows what it may ask for. */
    public static final class RangeNotSatisfiable extends ApiException {
        private final long size;

        RangeNotSatisfiable(long size) {
            super(416, "the range starts past the end of the " + size + "-byte media");
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
