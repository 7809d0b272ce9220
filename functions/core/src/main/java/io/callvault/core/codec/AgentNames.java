package io.callvault.core.codec;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What agent user names and hierarchy paths may look like in the agent directory.
 *
 * <p>A user name is 1-128 letters, marks, digits, punctuation or symbols of any script (Cognito's rule for
 * user names), without white space, control characters, {@code /}, {@code \} or {@code *}: it is a URL path
 * segment ({@code /api/v2/settings/agents/{username}}) and a search term. It is kept as given and looked up
 * ignoring case: {@link #key} is the lower case of its NFC form ({@code Locale.ROOT}).
 *
 * <p>A hierarchy path is {@code /} followed by 1-16 {@code /}-separated segments of 1-64 such characters
 * ({@code /sales/team1}, the guide's {@code /Anthony/John}, L13292-L13313), at most 256 characters, no
 * {@code .} or {@code ..} segment; a trailing {@code /} (the guide writes {@code /Genesys/Tel Aviv/}) is
 * dropped. It becomes a segment's {@code accessgroups} entry, matched against the access groups of tokens,
 * which carry them space-separated: so it may hold no spaces.
 */
public final class AgentNames {
    public static final int MAX_USERNAME = 128;
    public static final int MAX_PATH = 256;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_NAME = 128;
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}&&[^/\\\\*]]{1,128}");
    private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}&&[^/\\\\*]]{1,64}");

    private AgentNames() {}

    /** The user name, or {@link InvalidFieldException} on {@code field}. */
    public static String username(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "is required, a user name of 1-" + MAX_USERNAME + " characters");
        }
        if (!isUsername(value)) {
            throw new InvalidFieldException(field, "must be 1-" + MAX_USERNAME + " letters, digits, punctuation or "
                    + "symbols without white space, control characters, / \\ or *; got " + Excerpt.of(value));
        }
        return value;
    }

    public static boolean isUsername(String value) {
        return value != null && value.length() <= 2 * MAX_USERNAME && USERNAME.matcher(value).matches();
    }

    /** The directory key of a user name: the same for every casing of it. */
    public static String key(String username) {
        return Normalizer.normalize(username, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** A hierarchy path without a trailing {@code /}, or {@link InvalidFieldException} on {@code field}. */
    public static String hierarchyPath(String field, String given) {
        String why = null;
        String value = given != null && given.length() > 1 && given.endsWith("/")
                ? given.substring(0, given.length() - 1) : given;
        if (value == null || value.isEmpty()) {
            why = "must be a hierarchy path such as /sales/team1";
        } else if (value.length() > MAX_PATH) {
            why = "is longer than " + MAX_PATH + " characters";
        } else if (!value.startsWith("/") || value.equals("/")) {
            why = "must start with / and name at least one level, such as /sales/team1";
        } else {
            String[] segments = value.substring(1).split("/", -1);
            if (segments.length > MAX_DEPTH) {
                why = "has more than " + MAX_DEPTH + " levels";
            }
            for (int i = 0; why == null && i < segments.length; i++) {
                if (!SEGMENT.matcher(segments[i]).matches() || segments[i].equals(".") || segments[i].equals("..")) {
                    why = "must be /-separated levels of 1-64 letters, digits, punctuation or symbols without white "
                            + "space (tokens carry access groups space-separated), control characters, \\ or *, "
                            + "and no empty level";
                }
            }
        }
        if (why != null) {
            throw new InvalidFieldException(field, why + "; got " + Excerpt.of(String.valueOf(given)));
        }
        return value;
    }

    /** A first or last name: 1-128 printable characters of any script, spaces inside allowed. */
    public static String personName(String field, String value) {
        if (value.isEmpty() || value.length() > 2 * MAX_NAME || value.codePointCount(0, value.length()) > MAX_NAME) {
            throw new InvalidFieldException(field, "must be 1-" + MAX_NAME + " characters");
        }
        int bad = Printable.firstNonPrintable(value);
        if (bad >= 0) {
            throw new InvalidFieldException(field, String.format("may not contain the non-printable character U+%04X", bad));
        }
        return value;
    }
}
