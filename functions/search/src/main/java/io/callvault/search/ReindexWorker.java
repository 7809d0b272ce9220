package io.callvault.search;

import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.Keys;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Runs one page of a forceIndex job: reads the next entries of GSI1 in the job's window (day bucket by day bucket,
 * from the cursor), brings the index in line with the table for the recordings of the job's kind among them
 * ({@link RecordingIndexer#sync}), then records the page ({@link ReindexJobs#advance}), which starts the next. A page
 * is idempotent: run twice, it indexes the same current state twice, and only one of the two runs moves the cursor.
 */
public final class ReindexWorker {
    /** GSI1 entries a page reads at most (both kinds; the job's kind is kept). */
    public static final int DEFAULT_PAGE_SIZE = 500;
    /** Day buckets a page reads at most, so a window of empty years still moves in pages of bounded time. */
    public static final int MAX_DAYS_PER_PAGE = 366;
    private static final String GSI1 = "GSI1";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ReindexJobs jobs;
    private final RecordingIndexer indexer;
    private final RecordingIndices indices;
    private final ContactCenterStore contactCenters;
    private final int pageSize;

    public ReindexWorker(DynamoDbClient dynamo, String table, ReindexJobs jobs, RecordingIndexer indexer,
                         RecordingIndices indices, ContactCenterStore contactCenters, int pageSize) {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("page size must be 1-10000, got " + pageSize);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.jobs = jobs;
        this.indexer = indexer;
        this.indices = indices;
        this.contactCenters = contactCenters;
        this.pageSize = pageSize;
    }

    /** What became of a page. */
    public enum Result {
        /** The page is done and recorded (the next one is on its way, or the job is finished). */
        ADVANCED,
        /** The record was stale or a duplicate (the job is at another page, or not running): nothing done. */
        STALE,
        /** OpenSearch could not take the page now: retry the same record. */
        RETRY,
        /** OpenSearch refused a request for good: the job is FAILED. */
        FAILED
    }

    /**
     * Runs the page {@code expectedPage} of a job, if the job (read consistently) is running and at that page.
     */
    public Result runPage(String ccid, String jobId, long expectedPage) {
        Optional<ReindexJob> found = jobs.find(ccid, jobId);
        if (found.isEmpty() || found.get().status() != ReindexJob.Status.RUNNING || found.get().page() != expectedPage) {
            return Result.STALE;
        }
        ReindexJob job = found.get();
        try {
            // Indices may have been dropped or made by others since this container last looked (purgeOld, a lost
            // index): check them again, so the index is made with its alias rather than auto-created without it.
            indices.forget();
            if (job.purgeOld() && job.page() == 0) {
                purge(job);
                return jobs.advance(job, job.day(), job.cursorKey(), ReindexJob.Counts.ZERO, false, true)
                        ? Result.ADVANCED : Result.STALE;
            }
            Page page = read(job);
            RecordingIndexer.Outcome outcome = page.refs().isEmpty() ? new RecordingIndexer.Outcome(0, 0, 0, java.util.Set.of())
                    : indexer.sync(page.refs());
            if (!outcome.failed().isEmpty()) {
                jobs.noteRetry(job, "OpenSearch could not take " + outcome.failed().size() + " of " + page.refs().size()
                        + " recordings now (overloaded); the page is retried");
                return Result.RETRY;
            }
            ReindexJob.Counts delta = new ReindexJob.Counts(page.scanned(), page.refs().size(), outcome.indexed(),
                    outcome.deleted(), outcome.rejected());
            return jobs.advance(job, page.day(), page.cursorKey(), delta, page.end(), false) ? Result.ADVANCED : Result.STALE;
        } catch (SearchUnavailableException down) {
            jobs.noteRetry(job, down.getMessage());
            return Result.RETRY;
        } catch (SearchRequestException refused) {
            System.err.println("{\"level\":\"ERROR\",\"message\":\"forceIndex failed: OpenSearch refused a request\",\"job\":\""
                    + jobId + "\",\"error\":\"" + refused.getMessage().replace('"', '\'') + "\"}");
            jobs.fail(job, refused.getMessage());
            return Result.FAILED;
        } catch (RuntimeException other) {
            // DynamoDB throttling, a timeout...: the page is retried; the job shows why.
            System.err.println("{\"level\":\"WARN\",\"message\":\"forceIndex page failed; it will be retried\",\"job\":\""
                    + jobId + "\",\"page\":" + expectedPage + ",\"error\":\"" + String.valueOf(other).replace('"', '\'') + "\"}");
            try {
                jobs.noteRetry(job, String.valueOf(other));
            } catch (RuntimeException alsoFailed) {
                other.addSuppressed(alsoFailed);
            }
            return Result.RETRY;
        }
    }

    /** purgeOld (guide L35217): every index behind the contact center's alias of this kind goes, then an empty one is made. */
    private void purge(ReindexJob job) {
        indices.dropAll(job.kind(), job.ccid());
        // Made again at once (with its alias) for the contact center's region, so that a stream indexer that still
        // believes the index exists writes into an index the alias covers, not into one OpenSearch would auto-create.
        String region = contactCenters.find(job.ccid()).map(ContactCenter::region).orElse(null);
        indices.ensureIndex(job.kind(), region, job.ccid());
    }

    /** The next page of the window: GSI1 entries from the cursor, across day buckets, until a page's worth. */
    record Page(List<RecordingRef> refs, int scanned, LocalDate day, Map<String, AttributeValue> cursorKey, boolean end) {}

    Page read(ReindexJob job) {
        List<RecordingRef> refs = new ArrayList<>();
        String low = String.format("%013d", job.from());
        // BETWEEN is inclusive, and every key of a start at to is longer than this bare prefix: start < to exactly.
        String high = String.format("%013d", job.to());
        LocalDate day = job.day();
        Map<String, AttributeValue> start = job.cursorKey();
        int scanned = 0;
        int days = 0;
        LocalDate last = job.lastDay();
        while (true) {
            if (day.isAfter(last)) {
                return new Page(refs, scanned, day, null, true);
            }
            String bucket = Keys.startDay(job.ccid(), day.atStartOfDay(ZoneOffset.UTC).toInstant());
            Map<String, AttributeValue> from = start;
            int limit = pageSize - scanned;
            QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(GSI1)
                    .keyConditionExpression("GSI1PK = :day AND GSI1SK BETWEEN :low AND :high")
                    .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(bucket), ":low", AttributeValue.fromS(low),
                            ":high", AttributeValue.fromS(high)))
                    .limit(limit).exclusiveStartKey(from));
            for (var item : r.items()) {
                scanned++;
                ofSortKey(job.ccid(), item.get("GSI1SK").s()).filter(ref -> ref.kind() == job.kind()).ifPresent(refs::add);
            }
            if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
                // The page is full within this day: the next page resumes after the last entry read.
                return new Page(refs, scanned, day, Map.copyOf(r.lastEvaluatedKey()), false);
            }
            day = day.plusDays(1);
            start = null;
            days++;
            if (scanned >= pageSize || days >= MAX_DAYS_PER_PAGE) {
                return new Page(refs, scanned, day, null, day.isAfter(last));
            }
        }
    }

    /** {@code %013d(startMillis)#KIND#id} (Keys.startDaySort) as a recording. */
    static Optional<RecordingRef> ofSortKey(String ccid, String sortKey) {
        String[] parts = sortKey.split("#", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordingRef(ccid, RecordingKind.valueOf(parts[1]), parts[2]));
        } catch (IllegalArgumentException notAKind) {
            return Optional.empty();
        }
    }
}
