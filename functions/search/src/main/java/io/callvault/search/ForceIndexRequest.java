package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.util.regex.Pattern;

/**
 * The body of {@code forceIndex} (spec §1.1 #6, guide L32226-32284, L35196-35219): {@code from} required, {@code to}
 * optional (now), both epoch milliseconds given as JSON numbers or numeric strings (the guide shows both), both
 * rounded to the nearest hour, so the smallest window is one hour; {@code purgeOld} optional, default false.
 *
 * @param from     first millisecond of the window (a whole hour)
 * @param to       end of the window, exclusive (a whole hour, after {@code from})
 * @param purgeOld drop every index of the contact center's kind before re-indexing
 */
public record ForceIndexRequest(long from, long to, boolean purgeOld) {
    public static final long HOUR = 3_600_000L;
    /**
     * The latest instant a window may name: start times are 13-digit keys in GSI1 ({@code %013d}), so later ones
     * would no longer sort (year 2286).
     */
    public static final long MAX_MILLIS = 9_999_999_999_999L;
    private static final long MAX_HOUR = MAX_MILLIS / HOUR * HOUR;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,16}");

    public ForceIndexRequest {
        if (from % HOUR != 0 || to % HOUR != 0 || from < 0 || to <= from || to > MAX_HOUR) {
            throw new IllegalArgumentException("not an hour-aligned window: " + from + ".." + to);
        }
    }

    /** Reads the body; every mistake is an {@link InvalidFieldException} naming the field. */
    public static ForceIndexRequest parse(JsonNode body, long nowMillis) {
        long from = millis(body.get("from"), "from", null);
        long to = millis(body.get("to"), "to", nowMillis);
        if (from > to) {
            if (body.get("to") == null || body.get("to").isNull()) {
                throw new InvalidFieldException("from", "is after now (" + nowMillis + "), where the window ends without to");
            }
            throw new InvalidFieldException("to", "must not be before from (" + from + "), got " + to);
        }
        boolean purgeOld = bool(body.get("purgeOld"), "purgeOld");
        long roundedFrom = Math.min(round(from), MAX_HOUR - HOUR);
        long roundedTo = Math.min(round(to), MAX_HOUR);
        if (roundedTo <= roundedFrom) {
            roundedTo = roundedFrom + HOUR;
        }
        return new ForceIndexRequest(roundedFrom, roundedTo, purgeOld);
    }

    /** To the nearest hour, half up (guide L32278-32284). */
    static long round(long millis) {
        return Math.floorDiv(millis + HOUR / 2, HOUR) * HOUR;
    }

    private static long millis(JsonNode v, String field, Long absent) {
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            if (absent == null) {
                throw new InvalidFieldException(field, "is required: epoch milliseconds, e.g. 1709251200000");
            }
            return absent;
        }
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.longValue();
        } else if (v.isTextual() && DIGITS.matcher(v.textValue().trim()).matches()) {
            value = Long.parseLong(v.textValue().trim());
        } else {
            throw new InvalidFieldException(field, "must be epoch milliseconds as a whole number or a string of digits, got "
                    + Excerpt.describe(v));
        }
        if (value < 0 || value > MAX_MILLIS) {
            throw new InvalidFieldException(field, "must be epoch milliseconds from 0 to " + MAX_MILLIS + ", got " + value);
        }
        return value;
    }

    private static boolean bool(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new InvalidFieldException(field, "must be true or false, got " + Excerpt.describe(v));
    }
}
