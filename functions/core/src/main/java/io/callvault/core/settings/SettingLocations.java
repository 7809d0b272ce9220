package io.callvault.core.settings;

import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A setting's {@code location}: a node path of the guide's hierarchy ({@code /}, {@code /US},
 * {@code /US/CA/10.10.15.83}; spec api-search.md §4, L34199-L34246). Settings resolve hierarchically: a node
 * uses the value at the deepest of its own path and its ancestors. callvault has no RWS nodes; each stack
 * has one logical node path ({@code NODE_PATH}, default {@code /}; spec §5.3), so a tenant's value at
 * {@code /} applies everywhere and a value at {@code /US} applies to the stacks at {@code /US/...}.
 */
public final class SettingLocations {
    public static final String ROOT = "/";
    /** "Every location", for reads only; the guide refuses it for writes and deletes (L34004). */
    public static final String ALL = "*";
    public static final int MAX_LENGTH = 256;
    public static final int MAX_DEPTH = 16;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SettingLocations() {}

    /** The location, or {@link InvalidFieldException} on {@code field}: {@code /} or {@code /a/b/...}. */
    public static String check(String field, String location) {
        if (location == null || location.isEmpty()) {
            throw new InvalidFieldException(field, "must be a location such as / or /US/CA");
        }
        if (ALL.equals(location)) {
            throw new InvalidFieldException(field, "may not be * here: name one location, such as / or /US/CA");
        }
        String why = null;
        if (location.length() > MAX_LENGTH) {
            why = "is longer than " + MAX_LENGTH + " characters";
        } else if (!location.startsWith("/")) {
            why = "must start with /";
        } else if (!location.equals(ROOT)) {
            String[] segments = location.substring(1).split("/", -1);
            if (segments.length > MAX_DEPTH) {
                why = "has more than " + MAX_DEPTH + " levels";
            }
            for (int i = 0; why == null && i < segments.length; i++) {
                if (!SEGMENT.matcher(segments[i]).matches() || segments[i].contains("..")) {
                    why = "must be / or /-separated names of 1-64 of A-Z a-z 0-9 . _ - (starting with a letter or "
                            + "digit, no trailing /)";
                }
            }
        }
        if (why != null) {
            throw new InvalidFieldException(field, why + "; got " + Excerpt.of(location));
        }
        return location;
    }

    /** The location and its ancestors, deepest first, ending with {@code /}. */
    public static List<String> selfAndAncestors(String location) {
        List<String> out = new ArrayList<>();
        String current = location;
        while (!current.equals(ROOT)) {
            out.add(current);
            int slash = current.lastIndexOf('/');
            current = slash == 0 ? ROOT : current.substring(0, slash);
        }
        out.add(ROOT);
        return out;
    }
}
