package io.callvault.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.Printable;
import java.util.regex.Pattern;

/** Typed reads of setting values; every failure names the field. */
final class SettingValues {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private SettingValues() {}

    /**
     * A name from the request fit to appear in an error's {@code field}: as it is when short and plain,
     * else quoted and cut ({@link Excerpt}), so a 10,000-character or control-character key is never echoed.
     */
    static String fieldName(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : Excerpt.of(name);
    }

    /** Whole minutes from 0 to {@code max}, as a JSON number or a numeric string (the guide writes both). */
    static int minutes(String field, JsonNode v, int max) {
        return whole(field, v, max, "minutes");
    }

    /** Whole seconds from 0 to {@code max}, as a JSON number or a numeric string. */
    static int seconds(String field, JsonNode v, int max) {
        return whole(field, v, max, "seconds");
    }

    private static int whole(String field, JsonNode v, int max, String unit) {
        long minutes;
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            minutes = v.longValue();
        } else if (v != null && v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())
                && v.doubleValue() == Math.rint(v.doubleValue()) && Math.abs(v.doubleValue()) < 1e9) {
            minutes = (long) v.doubleValue();
        } else if (v != null && v.isTextual() && v.textValue().matches("-?[0-9]{1,9}")) {
            minutes = Long.parseLong(v.textValue());
        } else {
            throw new InvalidFieldException(field, "must be a whole number of " + unit + " from 0 to " + max + ", got "
                    + describe(v));
        }
        if (minutes < 0 || minutes > max) {
            throw new InvalidFieldException(field, "must be from 0 to " + max + " " + unit + ", got " + minutes);
        }
        return (int) minutes;
    }

    static boolean bool(String field, JsonNode v) {
        if (v == null || !v.isBoolean()) {
            throw new InvalidFieldException(field, "must be true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** A required string of 1 to {@code max} characters without control characters. */
    static String text(String field, JsonNode v, int max) {
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(field, "must be a string, got " + describe(v));
        }
        String s = v.textValue();
        if (s.isEmpty()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        if (s.length() > max) {
            throw new InvalidFieldException(field, "is longer than " + max + " characters");
        }
        int bad = Printable.firstNonPrintable(s);
        if (bad >= 0) {
            throw new InvalidFieldException(field, String.format("may not contain the non-printable character U+%04X", bad));
        }
        return s;
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return Excerpt.of(v.textValue());
        }
        if (v.isNumber()) {
            return Excerpt.of(v.asText());
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
