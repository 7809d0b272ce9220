package io.callvault.lifecycle.run;

/**
 * What a step did with one recording of a page, as kept in the page item ({@code STATUS} or {@code FAILED:reason}).
 * {@code PURGING} is the one intermediate state: the recording is tombstoned and its deletion under way, which a
 * retried step finishes.
 */
public record RecordingOutcome(Status status, String reason) {
    public enum Status {
        BACKED_UP(RunCounts.BACKED_UP), PURGING(null), PURGED(RunCounts.PURGED),
        SKIPPED_PROTECTED(RunCounts.SKIPPED_PROTECTED), SKIPPED_CHANGED(RunCounts.SKIPPED_CHANGED),
        SKIPPED_OUT_OF_WINDOW(RunCounts.SKIPPED_OUT_OF_WINDOW),
        SKIPPED_BACKUP_INCOMPLETE(RunCounts.SKIPPED_BACKUP_INCOMPLETE), FAILED(RunCounts.FAILED);

        private final String count;

        Status(String count) {
            this.count = count;
        }

        /** The report count this outcome adds to; null for the intermediate {@code PURGING}. */
        public String count() {
            return count;
        }
    }

    private static final int MAX_REASON = 300;

    public static RecordingOutcome of(Status status) {
        return new RecordingOutcome(status, null);
    }

    public static RecordingOutcome failed(String reason) {
        String r = reason == null ? "unknown" : reason.replaceAll("[\\p{Cntrl}]", " ");
        return new RecordingOutcome(Status.FAILED, r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r);
    }

    public static RecordingOutcome skipped(Status status, String reason) {
        return new RecordingOutcome(status, reason);
    }

    public String encode() {
        return reason == null ? status.name() : status.name() + ":" + reason;
    }

    public static RecordingOutcome decode(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? of(Status.valueOf(text)) : new RecordingOutcome(Status.valueOf(text.substring(0, colon)),
                text.substring(colon + 1));
    }
}
