package io.callvault.core.codec;

/**
 * What a label name may look like, wherever one enters: a label definition, a label added to or removed from
 * a recording through the API (where it is a URL path segment), and the {@code labels} of an ingested post.
 * One rule everywhere, so every label a recording carries can be named in a path and removed again.
 *
 * <p>1-128 printable characters (letters, digits, punctuation, symbols and spaces of any script); not the
 * search wildcard {@code *}, not a path separator {@code /} or {@code \}, no control, format, private-use,
 * unassigned or lone surrogate code points, no line or paragraph separators, no leading or trailing white
 * space, and not made of dots only ({@code .} and {@code ..} are path steps). Names are case-sensitive.
 */
public final class LabelNames {
    public static final int MAX_CHARS = 128;
    private static final int QUOTED = 60;

    private LabelNames() {}

    /** The name, or {@link InvalidFieldException} on {@code field} saying what is wrong with it. */
    public static String check(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException(field, "is required, a label name of 1-" + MAX_CHARS + " characters");
        }
        // A code point is at most two chars: anything longer than twice the limit is too long without counting.
        if (name.length() > 2 * MAX_CHARS || name.codePointCount(0, name.length()) > MAX_CHARS) {
            throw invalid(field, name, "is longer than " + MAX_CHARS + " characters");
        }
        int bad = name.codePoints().filter(c -> !printable(c)).findFirst().orElse(-1);
        if (bad >= 0) {
            throw invalid(field, name, "may not contain " + describe(bad));
        }
        if (Character.isWhitespace(name.codePointAt(0)) || Character.isSpaceChar(name.codePointAt(0))
                || Character.isWhitespace(name.codePointBefore(name.length()))
                || Character.isSpaceChar(name.codePointBefore(name.length()))) {
            throw invalid(field, name, "may not start or end with white space");
        }
        if (name.chars().allMatch(c -> c == '.')) {
            throw invalid(field, name, "may not be made of dots only");
        }
        return name;
    }

    private static boolean printable(int c) {
        return c != '*' && c != '/' && c != '\\' && Printable.codePoint(c);
    }

    private static String describe(int c) {
        return switch (c) {
            case '*' -> "the wildcard *";
            case '/', '\\' -> "the path separator " + (char) c;
            default -> String.format("the non-printable character U+%04X", c);
        };
    }

    private static InvalidFieldException invalid(String field, String name, String why) {
        return new InvalidFieldException(field, why + " (a label name is 1-" + MAX_CHARS
                + " printable characters without * / \\); got " + quote(name));
    }

    /**
     * The name quoted for a message like {@link Excerpt}, with every non-printable code point written as an
     * escape, so that a message never carries one raw.
     */
    private static String quote(String name) {
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().limit(QUOTED).forEach(c -> {
            if (printable(c) || c == '*' || c == '/' || c == '\\') {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        out.append('"');
        if (name.codePoints().count() > QUOTED) {
            out.append("... (").append(name.length()).append(" characters)");
        }
        return out.toString();
    }
}
