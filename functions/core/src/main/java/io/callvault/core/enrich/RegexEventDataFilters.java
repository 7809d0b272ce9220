package io.callvault.core.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The guide's filter semantics (spec intake.md §2.3, RPS L7819-L7911, VP L9683-L9718): a key is dropped
 * when its name matches the filter and does not match the filter's exception. Matching is a search
 * ({@link java.util.regex.Matcher#find()}, as the Voice Processor's JavaScript {@code test}); the defaults
 * are anchored, so search and match agree on them. Patterns are Java regular expressions: the Python
 * ({@code re}) and JavaScript patterns the guide shows compile unchanged; a pattern that does not compile
 * is refused when the settings are read (§7.4.13), never when a recording is enriched.
 *
 * <p>A tenant's pattern could backtrack for ever on a hostile key; each match gets a budget of
 * {@value #MATCH_BUDGET} character reads, and a key whose fate the patterns cannot decide within it is
 * dropped (the safe side for data that filters exist to keep out; the protected keys are kept regardless).
 */
public final class RegexEventDataFilters implements EventDataFilters {
    /** VP default filter for attached data and ACW custom data (L9715, L9717). */
    public static final String DEFAULT_FILTER = "^ORSI:|^WWE|^PegAG";
    /**
     * VP default exception (L9716, L9718), with both spellings of the screen-recording state key the guide
     * prints ({@code GSRState} at L9716, {@code GSRs_STATE} at L10225; spec §2.3 "AMBIGUOUS").
     */
    public static final String DEFAULT_EXCEPTION = "^(GRECORD_(PARTITIONS|PROGRAM)|GSRState|GSRs_STATE|GSIP_REC_FN)$";
    public static final int MAX_PATTERN_CHARS = 1_000;
    static final int MATCH_BUDGET = 100_000;

    private static final Set<String> SETTINGS = Set.of("attachedDataFilter", "attachedDataFilterException",
            "acwCustomDataFilter", "acwCustomDataFilterException", "disableAttachedDataFilter",
            "disableAttachedDataFilterException", "disableAcwCustomDataFilter", "disableAcwCustomDataFilterException");

    private static final RegexEventDataFilters DEFAULTS =
            of(DEFAULT_FILTER, DEFAULT_EXCEPTION, DEFAULT_FILTER, DEFAULT_EXCEPTION);

    private final Pattern attachedFilter;
    private final Pattern attachedException;
    private final Pattern acwFilter;
    private final Pattern acwException;

    private RegexEventDataFilters(Pattern attachedFilter, Pattern attachedException, Pattern acwFilter,
                                  Pattern acwException) {
        this.attachedFilter = attachedFilter;
        this.attachedException = attachedException;
        this.acwFilter = acwFilter;
        this.acwException = acwException;
    }

    public static RegexEventDataFilters defaults() {
        return DEFAULTS;
    }

    /** Four patterns; null switches that filter or exception off. */
    public static RegexEventDataFilters of(String attachedDataFilter, String attachedDataFilterException,
                                           String acwCustomDataFilter, String acwCustomDataFilterException) {
        return new RegexEventDataFilters(
                compile("attachedDataFilter", attachedDataFilter),
                compile("attachedDataFilterException", attachedDataFilterException),
                compile("acwCustomDataFilter", acwCustomDataFilter),
                compile("acwCustomDataFilterException", acwCustomDataFilterException));
    }

    /**
     * Reads the value of the tenant's {@code eventDataFilters} setting in the Voice Processor's shape
     * (L9690-L9707): each pattern replaces its default; {@code disable...: true} switches a default off.
     * Null or absent means all defaults. Unknown keys, a pattern and its disable flag together, a blank or
     * uncompilable pattern: {@link InvalidFieldException} naming {@code eventDataFilters.<key>}.
     */
    public static RegexEventDataFilters fromSettings(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return DEFAULTS;
        }
        if (!value.isObject()) {
            throw new InvalidFieldException("eventDataFilters", "must be a JSON object");
        }
        value.fieldNames().forEachRemaining(name -> {
            if (!SETTINGS.contains(name)) {
                throw new InvalidFieldException("eventDataFilters." + name, "is not a filter setting; known: "
                        + SETTINGS.stream().sorted().toList());
            }
        });
        return of(setting(value, "attachedDataFilter", DEFAULT_FILTER),
                setting(value, "attachedDataFilterException", DEFAULT_EXCEPTION),
                setting(value, "acwCustomDataFilter", DEFAULT_FILTER),
                setting(value, "acwCustomDataFilterException", DEFAULT_EXCEPTION));
    }

    private static String setting(JsonNode value, String name, String fallback) {
        String disableName = "disable" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        JsonNode disable = value.get(disableName);
        boolean disabled = false;
        if (disable != null && !disable.isNull()) {
            if (!disable.isBoolean()) {
                throw new InvalidFieldException("eventDataFilters." + disableName, "must be true or false");
            }
            disabled = disable.booleanValue();
        }
        JsonNode pattern = value.get(name);
        if (pattern == null || pattern.isNull()) {
            return disabled ? null : fallback;
        }
        if (disabled) {
            throw new InvalidFieldException("eventDataFilters." + name, "is set while " + disableName
                    + " is true; set one or the other");
        }
        if (!pattern.isTextual()) {
            throw new InvalidFieldException("eventDataFilters." + name, "must be a regular expression string");
        }
        if (pattern.textValue().isBlank()) {
            throw new InvalidFieldException("eventDataFilters." + name, "is blank, which would match every key; use "
                    + disableName + " to switch it off");
        }
        return pattern.textValue();
    }

    private static Pattern compile(String name, String regex) {
        if (regex == null) {
            return null;
        }
        if (regex.length() > MAX_PATTERN_CHARS) {
            throw new InvalidFieldException("eventDataFilters." + name, "is longer than " + MAX_PATTERN_CHARS + " characters");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException("eventDataFilters." + name, "is not a valid regular expression ("
                    + e.getDescription() + " near index " + e.getIndex() + "): " + Excerpt.of(regex));
        }
    }

    @Override
    public boolean dropsAttachedData(String key) {
        return drops(attachedFilter, attachedException, key);
    }

    @Override
    public boolean dropsAcwCustomData(String key) {
        return drops(acwFilter, acwException, key);
    }

    private static boolean drops(Pattern filter, Pattern exception, String key) {
        if (filter == null) {
            return false;
        }
        Boolean matches = find(filter, key);
        if (matches == null) {
            return true;
        }
        if (!matches) {
            return false;
        }
        if (exception == null) {
            return true;
        }
        Boolean excepted = find(exception, key);
        return excepted == null || !excepted;
    }

    /** True or false, or null when the pattern ran out of its budget on this key. */
    private static Boolean find(Pattern p, String key) {
        try {
            return p.matcher(new BudgetedText(key, MATCH_BUDGET)).find();
        } catch (BudgetedText.Exhausted e) {
            return null;
        }
    }

    /** The patterns in force, null where switched off: for the settings API to show and for logs. */
    public String attachedDataFilter() {
        return source(attachedFilter);
    }

    public String attachedDataFilterException() {
        return source(attachedException);
    }

    public String acwCustomDataFilter() {
        return source(acwFilter);
    }

    public String acwCustomDataFilterException() {
        return source(acwException);
    }

    private static String source(Pattern p) {
        return p == null ? null : p.pattern();
    }

    @Override
    public String toString() {
        return "RegexEventDataFilters[attachedDataFilter=" + attachedDataFilter() + ", attachedDataFilterException="
                + attachedDataFilterException() + ", acwCustomDataFilter=" + acwCustomDataFilter()
                + ", acwCustomDataFilterException=" + acwCustomDataFilterException() + "]";
    }

    /** A key as the regex engine reads it, one character at a time, up to a budget. */
    private static final class BudgetedText implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private int left;

        BudgetedText(String text, int budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
