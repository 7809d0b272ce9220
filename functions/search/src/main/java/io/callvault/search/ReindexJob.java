package io.callvault.search;

import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One forceIndex run, as its item in the recordings table holds it ({@link ReindexJobs}): the window, where the
 * cursor stands (a UTC day of GSI1 and the {@code LastEvaluatedKey} within it), how many pages are done, and
 * what they did.
 *
 * @param page      pages done so far; each page's write bumps it, and a stream record whose image shows another
 *                  page than the item is stale
 * @param day       the GSI1 day bucket the next page reads; past {@link #lastDay()} when the job is done
 * @param cursorKey where the next page resumes within {@code day}; null to start at the day's beginning
 * @param retry     the latest failed attempt at a page, if any
 */
public record ReindexJob(String ccid, String id, RecordingKind kind, long from, long to, boolean purgeOld,
                         Status status, long page, LocalDate day, Map<String, AttributeValue> cursorKey, Counts counts,
                         String requestedBy, Instant startedAt, Instant updatedAt, Instant finishedAt, Instant purgedAt,
                         String error, Retry retry) {
    public enum Status { RUNNING, DONE, FAILED }

    /**
     * @param scanned  GSI1 entries read in the window (both kinds)
     * @param matched  of those, recordings of the job's kind
     * @param indexed  documents written (a call's linked screens are written with it)
     * @param deleted  documents removed because their recording is gone or being deleted
     * @param rejected documents OpenSearch refused for good (logged; retrying would not help)
     */
    public record Counts(long scanned, long matched, long indexed, long deleted, long rejected) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);
    }

    /** Failed attempts at a page (OpenSearch down or overloaded): the event source mapping retries the page. */
    public record Retry(long failedAttempts, long page, String lastError, Instant lastErrorAt) {}

    public static LocalDate dayOf(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    public LocalDate firstDay() {
        return dayOf(from);
    }

    /** The day of the window's last millisecond ({@code to} is exclusive). */
    public LocalDate lastDay() {
        return dayOf(to - 1);
    }

    public long daysTotal() {
        return ChronoUnit.DAYS.between(firstDay(), lastDay()) + 1;
    }

    /** Day buckets read to their end. */
    public long daysDone() {
        if (status == Status.DONE) {
            return daysTotal();
        }
        return Math.max(0, Math.min(daysTotal(), ChronoUnit.DAYS.between(firstDay(), day)));
    }

    /** Whole percent of the window's days read; 100 only once the job is done. */
    public int percentDone() {
        if (status == Status.DONE) {
            return 100;
        }
        return (int) Math.min(99, daysDone() * 100 / daysTotal());
    }
}
