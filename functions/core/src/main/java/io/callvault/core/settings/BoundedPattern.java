package io.callvault.core.settings;

import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A tenant's regular expression, held to a bound on the work one match may do.
 *
 * <p>Tenants write the guide's attached-data filters (spec intake.md §2.3; the guide's RPS reads them with
 * Python's {@code re}, L7861), and the enrichment runs them over every attached-data key of every call. A
 * pattern with nested repetition backtracks catastrophically on some keys: {@code (.*a){20}} reads a
 * 40-character key billions of times (Java's engine memoises the simplest cases such as {@code (a+)+$},
 * but not these). One such setting would stall every recording of the tenant. So:
 * <ol>
 *   <li>a pattern is at most {@value #MAX_LENGTH} characters and must compile ({@code java.util.regex}; the
 *       Python spellings {@code (?P<name>…)} and {@code (?P=name)} are read as Java's {@code (?<name>…)} and
 *       {@code \k<name>});</li>
 *   <li>every match reads its input through a counter and stops after {@value #STEP_BUDGET} character reads
 *       ({@link BudgetExceededException}); the counter sits under the regex engine, so it bounds backtracking
 *       whatever the pattern looks like;</li>
 *   <li>when the setting is saved, the pattern is tried on hostile probes (runs of each character the pattern
 *       names, and of common classes, followed by a character that fails the match); a pattern that runs out
 *       of budget on a probe is refused with a 400, so a bad pattern is a settings error the admin sees, not a
 *       silent failure at enrichment time (spec §7.4.13).</li>
 * </ol>
 * Java's engine also recurses per repetition of some groups; a {@link StackOverflowError} inside a match
 * counts as running out of budget.
 */
public final class BoundedPattern {
    public static final int MAX_LENGTH = 1000;
    /** Character reads one match may make: a few milliseconds; far above what a sane filter needs on a key of a few hundred characters. */
    public static final long STEP_BUDGET = 1_000_000;
    private static final int PROBE_LENGTH = 40;
    private static final int[] PROBE_LENGTHS = {12, 24, PROBE_LENGTH};
    private static final String PROBE_CLASSES = "aA0_ :-./";

    private final String source;
    private final Pattern pattern;

    private BoundedPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** Thrown by {@link #find} when a match has used up its budget. */
    public static final class BudgetExceededException extends RuntimeException {
        BudgetExceededException() {
            super("the regular expression used up its budget of " + STEP_BUDGET + " steps", null, false, false);
        }
    }

    /**
     * Compiles and probes a tenant's pattern; {@link InvalidFieldException} on {@code field} says what is
     * wrong: too long, empty, not a regular expression, or too slow on a probe.
     */
    public static BoundedPattern compile(String field, String source) {
        if (source == null || source.isEmpty()) {
            throw new InvalidFieldException(field, "must be a non-empty regular expression");
        }
        if (source.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (source.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new InvalidFieldException(field, "may not contain control characters (write them as \\t, \\n, \\x1f); got "
                    + Excerpt.of(source));
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(fromPythonSyntax(source));
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException(field, "is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " of " + Excerpt.of(source));
        } catch (StackOverflowError e) {
            throw new InvalidFieldException(field, "is nested too deeply to compile");
        }
        BoundedPattern bounded = new BoundedPattern(source, pattern);
        for (String probe : probes(source)) {
            try {
                bounded.find(probe);
            } catch (BudgetExceededException e) {
                throw new InvalidFieldException(field, "takes too long on some keys (more than " + STEP_BUDGET
                        + " steps on " + Excerpt.of(probe) + "); nested repetition such as (.*a){20} backtracks "
                        + "catastrophically, so write it without: " + Excerpt.of(source));
            }
        }
        return bounded;
    }

    /** A pattern this code base wrote itself (the guide's defaults), compiled the same way. */
    static BoundedPattern trusted(String source) {
        return compile("default", source);
    }

    /** The pattern as the tenant wrote it. */
    public String source() {
        return source;
    }

    /**
     * Whether the pattern occurs anywhere in {@code input} (Python's {@code re.search}: the guide's filters
     * anchor themselves with {@code ^} and {@code $}).
     *
     * @throws BudgetExceededException when the match uses up its budget
     */
    public boolean find(String input) {
        try {
            return pattern.matcher(new Counted(input)).find();
        } catch (StackOverflowError e) {
            throw new BudgetExceededException();
        }
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundedPattern other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** Python's named-group spellings, which Java writes differently; everything else is the same syntax. */
    static String fromPythonSyntax(String source) {
        String named = source.replace("(?P<", "(?<");
        return Pattern.compile("\\(\\?P=([A-Za-z][A-Za-z0-9]*)\\)").matcher(named).replaceAll("\\\\k<$1>");
    }

    /**
     * Inputs that make backtracking patterns explode: for each character the pattern names literally and
     * each common class, runs of it of several lengths alone and ending in a character that fails most
     * matches, the character sparse among fillers, and runs of two alternating characters.
     */
    static List<String> probes(String source) {
        Set<Character> chars = new LinkedHashSet<>();
        for (char c : PROBE_CLASSES.toCharArray()) {
            chars.add(c);
        }
        for (char c : source.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && chars.size() < 48) {
                chars.add(c);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (char c : chars) {
            for (int length : PROBE_LENGTHS) {
                String run = String.valueOf(c).repeat(length);
                out.add(run);
                out.add(run + "!");
                out.add(run + "\u0000");
            }
            out.add((c + "!!!").repeat(PROBE_LENGTH / 4));
            out.add(String.valueOf(c).repeat(PROBE_LENGTH / 4) + "!".repeat(PROBE_LENGTH - PROBE_LENGTH / 4));
        }
        List<Character> list = List.copyOf(chars);
        for (int i = 0; i + 1 < Math.min(list.size(), 24); i++) {
            String pair = ("" + list.get(i) + list.get(i + 1)).repeat(PROBE_LENGTH / 2);
            out.add(pair + "\u0000");
        }
        return List.copyOf(out);
    }

    /** The input as the regex engine reads it, one counted character at a time. */
    private static final class Counted implements CharSequence {
        private final String text;
        private final long[] steps;

        Counted(String text) {
            this(text, new long[1]);
        }

        private Counted(String text, long[] steps) {
            this.text = text;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > STEP_BUDGET) {
                throw new BudgetExceededException();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
