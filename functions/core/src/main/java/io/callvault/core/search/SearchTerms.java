package io.callvault.core.search;

import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The value rules of the guide's search parameters (spec §2.4), applied before any query is built. Whatever
 * a client sends ends up as a term or a wildcard pattern in which only {@code *} is special: every other
 * character OpenSearch treats specially ({@code ? \ [ ] { } ~ ^ :}, query-string syntax) is refused here, and
 * sizes are capped, so a query string cannot become an expensive or different query.
 */
public final class SearchTerms {
    public static final int MAX_TERMS = 20;
    public static final int MAX_TERM_CHARS = 64;
    public static final int MAX_WILDCARDS = 4;
    private static final Pattern PHONE_INPUT = Pattern.compile("[A-Za-z0-9*+#()\\-. ]+");
    private static final Pattern NAME_TERM = Pattern.compile("[\\p{L}\\p{N}._@'\\-*]+");
    private static final Pattern DATA_TERM = Pattern.compile("[\\p{L}\\p{N}._@:/+=,;!$&%#\\-*]+");

    private SearchTerms() {}

    /** A phone number pattern, normalised as stored: alphanumerics and {@code *} only, case kept (spec: case-sensitive). */
    public static String phone(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_TERM_CHARS || !PHONE_INPUT.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be up to " + MAX_TERM_CHARS
                    + " of letters, digits, * and the separators + # ( ) - . space; got " + Excerpt.of(value));
        }
        String normalized = collapseStars(value.replaceAll("[^A-Za-z0-9*]", ""));
        checkPattern(field, normalized, value);
        return normalized;
    }

    /** Letters and digits only, as phone numbers are indexed; {@code null} stays null. */
    public static String normalizePhone(String stored) {
        return stored == null ? null : stored.replaceAll("[^A-Za-z0-9]", "");
    }

    /** userName: whitespace-separated terms, OR'ed unless the keyword {@code AND} appears; lower-cased. */
    public record NameQuery(List<String> terms, boolean all) {}

    public static NameQuery userName(String field, String value) {
        List<String> terms = new ArrayList<>();
        boolean all = false;
        for (String token : split(field, value)) {
            if (token.equals("AND")) {
                all = true;
                continue;
            }
            if (token.equals("OR")) {
                continue;
            }
            if (!NAME_TERM.matcher(token).matches()) {
                throw new InvalidFieldException(field, "terms may hold letters, digits, . _ @ ' - and *; got "
                        + Excerpt.of(token));
            }
            String term = collapseStars(token.toLowerCase(Locale.ROOT));
            checkPattern(field, term, token);
            terms.add(term);
        }
        if (terms.isEmpty()) {
            throw new InvalidFieldException(field, "needs at least one name");
        }
        return new NameQuery(List.copyOf(terms), all);
    }

    /** userData: whitespace-separated attached-data values, OR'ed; exact (case kept) unless they hold {@code *}. */
    public static List<String> userData(String field, String value) {
        List<String> terms = new ArrayList<>();
        for (String token : split(field, value)) {
            if (!DATA_TERM.matcher(token).matches()) {
                throw new InvalidFieldException(field, "values may not hold ? \\ [ ] { } ~ ^ \" or quotes; got "
                        + Excerpt.of(token));
            }
            String term = collapseStars(token);
            checkPattern(field, term, token);
            terms.add(term);
        }
        return List.copyOf(terms);
    }

    /** A single exact keyword (label, agent id): no wildcard, bounded, printable. */
    public static String keyword(String field, String value, int maxChars) {
        if (value.isEmpty() || value.length() > maxChars || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidFieldException(field, "must be 1-" + maxChars + " printable characters; got "
                    + Excerpt.of(value));
        }
        return value;
    }

    public static boolean isPattern(String term) {
        return term.indexOf('*') >= 0;
    }

    private static List<String> split(String field, String value) {
        String[] tokens = value.trim().split("\\s+");
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        if (tokens.length > MAX_TERMS + 1) {
            throw new InvalidFieldException(field, "takes at most " + MAX_TERMS + " terms; got " + tokens.length);
        }
        for (String t : tokens) {
            if (t.length() > MAX_TERM_CHARS) {
                throw new InvalidFieldException(field, "terms are at most " + MAX_TERM_CHARS + " characters; got "
                        + Excerpt.of(t));
            }
        }
        return List.of(tokens);
    }

    private static void checkPattern(String field, String term, String original) {
        if (term.isEmpty() || term.chars().allMatch(c -> c == '*')) {
            throw new InvalidFieldException(field, "must name something besides wildcards; got " + Excerpt.of(original));
        }
        if (term.chars().filter(c -> c == '*').count() > MAX_WILDCARDS) {
            throw new InvalidFieldException(field, "takes at most " + MAX_WILDCARDS + " * per term; got "
                    + Excerpt.of(original));
        }
    }

    private static String collapseStars(String s) {
        return s.replaceAll("\\*{2,}", "*");
    }
}
