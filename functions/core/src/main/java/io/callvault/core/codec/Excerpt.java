package io.callvault.core.codec;

/** Quotes user input in error messages: short, and with control characters made visible, never echoed raw. */
public final class Excerpt {
    private static final int MAX = 60;

    private Excerpt() {}

    public static String of(String value) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(value.length(), MAX);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > MAX) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** What a JSON value is, for "got ..." in an error message: its type, and an excerpt of a string. */
    public static String describe(com.fasterxml.jackson.databind.JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + Excerpt.of(v.textValue());
            case NUMBER -> "the number " + v.asText();
            case BOOLEAN -> "the boolean " + v.asText();
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase();
        };
    }
}
