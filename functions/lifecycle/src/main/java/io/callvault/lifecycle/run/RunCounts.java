package io.callvault.lifecycle.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, recording by recording, added up (the run report's counts). Each page adds its counts once, in
 * the transaction that marks its step done, so a retried step never counts twice.
 */
public final class RunCounts {
    public static final String SELECTED = "selected";
    public static final String BACKED_UP = "backedUp";
    public static final String PURGED = "purged";
    public static final String SKIPPED_PROTECTED = "skippedProtected";
    public static final String SKIPPED_CHANGED = "skippedChanged";
    public static final String SKIPPED_OUT_OF_WINDOW = "skippedOutOfWindow";
    public static final String SKIPPED_BACKUP_INCOMPLETE = "skippedBackupIncomplete";
    public static final String FAILED = "failed";
    public static final List<String> ALL = List.of(SELECTED, BACKED_UP, PURGED, SKIPPED_PROTECTED, SKIPPED_CHANGED,
            SKIPPED_OUT_OF_WINDOW, SKIPPED_BACKUP_INCOMPLETE, FAILED);

    private final Map<String, Long> counts = new LinkedHashMap<>();

    public RunCounts add(String name, long n) {
        if (!ALL.contains(name)) {
            throw new IllegalArgumentException("no count " + name);
        }
        counts.merge(name, n, Long::sum);
        return this;
    }

    public long get(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Non-zero counts only. */
    public Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
