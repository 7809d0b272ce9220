package io.callvault.core.enrich;

/**
 * The tenant's {@code eventDataFilters} (spec intake.md §2.3, guide L9683-L9718): which attached-data and
 * ACW custom-data keys are left out of the recording. Decides on key names only. The keys in
 * {@link RecordingEnricher#PROTECTED_KEYS} are kept whatever an implementation answers (guide L7828-L7831).
 */
public interface EventDataFilters {
    /** True to leave this attached-data (user data) key out. */
    boolean dropsAttachedData(String key);

    /** True to leave this after-call-work custom-data key out. */
    boolean dropsAcwCustomData(String key);

    /** The guide's Voice Processor defaults (L9713-L9718), the spec's recommendation (§2.3). */
    static EventDataFilters guideDefaults() {
        return RegexEventDataFilters.defaults();
    }

    /** Keeps everything (the enricher still keeps the protected keys, trivially). */
    static EventDataFilters none() {
        return RegexEventDataFilters.of(null, null, null, null);
    }
}
