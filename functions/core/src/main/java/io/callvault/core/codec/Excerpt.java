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
}
