package io.callvault.search;

import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * forceIndex jobs as items of the recordings table (docs/search.md, "Re-index"). A job is
 * {@code PK = CC#{ccid}#JOB#{jobId}, SK = JOB}; every write to it is a record on the table's stream, and the
 * ReindexFunction follows those records (its FilterCriteria admits only {@code SK = JOB} with status RUNNING), so
 * the job drives itself: each page's conditional write ({@code page = :expected}) is the record that runs the next
 * page. Beside it, {@code SK = RETRY} counts failed attempts (a write the filter keeps from the function), and a guard
 * {@code PK = CC#{ccid}#JOBKEY#...}, {@code SK = ACTIVE} names the running job of one kind and window, so an identical
 * request joins it instead of starting a second one. None of these partitions is a recording's
 * ({@link RecordingRef#ofPartition} ignores them), so the stream indexer passes them by.
 */
public final class ReindexJobs {
    public static final String JOB_SK = "JOB";
    static final String RETRY_SK = "RETRY";
    static final String GUARD_SK = "ACTIVE";
    public static final String OPERATION = "forceIndex";
    /** A running job whose item has not changed for this long is re-driven by an identical request. */
    static final Duration STALLED = Duration.ofMinutes(10);
    private static final Pattern JOB_PARTITION = Pattern.compile("CC#([A-Za-z0-9-]{1,64})#JOB#([0-9a-f-]{36})");
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_ERROR = 1000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ReindexJobs(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** A job's address, read back from its partition key. */
    public record JobKey(String ccid, String id) {
        public static Optional<JobKey> ofPartition(String pk) {
            Matcher m = pk == null ? null : JOB_PARTITION.matcher(pk);
            return m != null && m.matches() ? Optional.of(new JobKey(m.group(1), m.group(2))) : Optional.empty();
        }
    }

    public static String partition(String ccid, String jobId) {
        return "CC#" + ccid + "#JOB#" + jobId;
    }

    public static boolean isJobId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    static String guardPartition(String ccid, RecordingKind kind, ForceIndexRequest window) {
        return "CC#" + ccid + "#JOBKEY#" + OPERATION + "#" + kind.name() + "#" + window.from() + "#" + window.to() + "#"
                + window.purgeOld();
    }

    /**
     * @param existing the request joined a job of the same kind and window that was already running
     * @param nudged   that job had not moved for {@link #STALLED} and was re-driven
     */
    public record Started(ReindexJob job, boolean existing, boolean nudged) {}

    /**
     * Starts a job, or returns the running job of the same kind and window. The job item and the guard are written
     * in one transaction, so two identical requests racing start one job between them.
     */
    public Started start(String ccid, RecordingKind kind, ForceIndexRequest window, String requestedBy) {
        Map<String, AttributeValue> guardKey = Map.of("PK", s(guardPartition(ccid, kind, window)), "SK", s(GUARD_SK));
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, AttributeValue> guard = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(guardKey)).item();
            String staleJob = null;
            if (guard != null && !guard.isEmpty()) {
                String jobId = guard.get("jobId").s();
                Optional<ReindexJob> current = find(ccid, jobId);
                if (current.isPresent() && current.get().status() == ReindexJob.Status.RUNNING) {
                    return join(current.get());
                }
                staleJob = jobId;
            }
            Instant now = now();
            ReindexJob job = new ReindexJob(ccid, UUID.randomUUID().toString(), kind, window.from(), window.to(),
                    window.purgeOld(), ReindexJob.Status.RUNNING, 0, ReindexJob.dayOf(window.from()), null,
                    ReindexJob.Counts.ZERO, requestedBy, now, now, null, null, null, null);
            Map<String, AttributeValue> guardItem = new HashMap<>(guardKey);
            guardItem.put("jobId", s(job.id()));
            Put putGuard = staleJob == null
                    ? Put.builder().tableName(table).item(guardItem).conditionExpression("attribute_not_exists(PK)").build()
                    : Put.builder().tableName(table).item(guardItem).conditionExpression("jobId = :stale")
                    .expressionAttributeValues(Map.of(":stale", s(staleJob))).build();
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(job))
                                .conditionExpression("attribute_not_exists(PK)").build()).build(),
                        TransactWriteItem.builder().put(putGuard).build()));
                return new Started(job, false, false);
            } catch (TransactionCanceledException raced) {
                // Another request started (or finished) a job of this window in between: look again.
            }
        }
        throw new ConflictException("forceIndex requests for this window keep racing; retry the request");
    }

    private Started join(ReindexJob running) {
        if (running.updatedAt().plus(STALLED).isAfter(now())) {
            return new Started(running, true, false);
        }
        // Its stream record is gone or stuck (e.g. older than the stream's 24 hours): write the item again at the same
        // page, which is a new record for the same page. Should the old record still be retried, whichever runs
        // first advances the page and the other finds itself stale.
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(running.ccid(), running.id()))
                    .updateExpression("SET nudgedAt = :now")
                    .conditionExpression("#page = :page AND #status = :running")
                    .expressionAttributeNames(Map.of("#page", "page", "#status", "status"))
                    .expressionAttributeValues(Map.of(":now", n(now().toEpochMilli()), ":page", n(running.page()),
                            ":running", s(ReindexJob.Status.RUNNING.name()))));
            return new Started(running, true, true);
        } catch (ConditionalCheckFailedException moved) {
            return new Started(find(running.ccid(), running.id()).orElse(running), true, false);
        }
    }

    /** The job and its retry count, read consistently; empty if there is no such job in that contact center. */
    public Optional<ReindexJob> find(String ccid, String jobId) {
        if (!isJobId(jobId)) {
            return Optional.empty();
        }
        var items = dynamo.query(b -> b.tableName(table).consistentRead(true).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition(ccid, jobId))))).items();
        Map<String, AttributeValue> job = null;
        Map<String, AttributeValue> retry = null;
        for (var item : items) {
            switch (item.get("SK").s()) {
                case JOB_SK -> job = item;
                case RETRY_SK -> retry = item;
                default -> { }
            }
        }
        return job == null ? Optional.empty() : Optional.of(fromItem(job, retry));
    }

    /**
     * Records a page: moves the cursor, adds the page's counts and bumps {@code page}, if the job is still at the page
     * it was read at. The write is the stream record of the next page; when {@code done}, the job ends instead (and its
     * guard goes, so the window may be re-indexed again).
     *
     * @return false if the job had moved on or ended (a duplicate or stale record did this page's work again)
     */
    public boolean advance(ReindexJob job, LocalDate day, Map<String, AttributeValue> cursorKey, ReindexJob.Counts delta,
                           boolean done, boolean purged) {
        Map<String, String> names = new HashMap<>(Map.of("#page", "page", "#status", "status", "#day", "cursorDay",
                "#updated", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":expected", n(job.page()), ":next", n(job.page() + 1),
                ":running", s(ReindexJob.Status.RUNNING.name()), ":day", s(day.toString()), ":now", n(now().toEpochMilli())));
        StringBuilder set = new StringBuilder("SET #page = :next, #day = :day, #updated = :now");
        String[] counters = {"scanned", "matched", "indexed", "deleted", "rejected"};
        long[] amounts = {delta.scanned(), delta.matched(), delta.indexed(), delta.deleted(), delta.rejected()};
        for (int i = 0; i < counters.length; i++) {
            names.put("#c" + i, counters[i]);
            values.put(":c" + i, n(amounts[i]));
            set.append(", #c").append(i).append(" = #c").append(i).append(" + :c").append(i);
        }
        if (cursorKey != null) {
            names.put("#key", "cursorKey");
            values.put(":key", AttributeValue.fromM(cursorKey));
            set.append(", #key = :key");
        }
        if (purged) {
            names.put("#purged", "purgedAt");
            set.append(", #purged = :now");
        }
        if (done) {
            names.put("#finished", "finishedAt");
            values.put(":done", s(ReindexJob.Status.DONE.name()));
            set.append(", #status = :done, #finished = :now");
        }
        String update = set + (cursorKey == null ? " REMOVE cursorKey" : "");
        Update write = Update.builder().tableName(table).key(key(job.ccid(), job.id())).updateExpression(update)
                .conditionExpression("#page = :expected AND #status = :running")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
        return done ? end(job, write) : update(write);
    }

    /** Ends the job as FAILED (a request OpenSearch refuses for good), if it is still at its page. */
    public boolean fail(ReindexJob job, String error) {
        Update write = Update.builder().tableName(table).key(key(job.ccid(), job.id()))
                .updateExpression("SET #status = :failed, #finished = :now, #updated = :now, #error = :error")
                .conditionExpression("#page = :expected AND #status = :running")
                .expressionAttributeNames(Map.of("#status", "status", "#finished", "finishedAt", "#updated", "updatedAt",
                        "#error", "error", "#page", "page"))
                .expressionAttributeValues(Map.of(":failed", s(ReindexJob.Status.FAILED.name()), ":now", n(now().toEpochMilli()),
                        ":error", s(truncate(error)), ":expected", n(job.page()), ":running", s(ReindexJob.Status.RUNNING.name())))
                .build();
        return end(job, write);
    }

    /** Counts a failed attempt at the job's page, on the RETRY item (a write that runs nothing). */
    public void noteRetry(ReindexJob job, String error) {
        Map<String, AttributeValue> key = new HashMap<>(key(job.ccid(), job.id()));
        key.put("SK", s(RETRY_SK));
        dynamo.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("ADD failedAttempts :one SET lastError = :error, lastErrorAt = :now, #page = :page")
                .expressionAttributeNames(Map.of("#page", "page"))
                .expressionAttributeValues(Map.of(":one", n(1), ":error", s(truncate(error)), ":now", n(now().toEpochMilli()),
                        ":page", n(job.page()))));
    }

    private boolean update(Update write) {
        try {
            dynamo.updateItem(b -> b.tableName(write.tableName()).key(write.key()).updateExpression(write.updateExpression())
                    .conditionExpression(write.conditionExpression()).expressionAttributeNames(write.expressionAttributeNames())
                    .expressionAttributeValues(write.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException stale) {
            return false;
        }
    }

    /** The job's last write and the release of its guard, together. */
    private boolean end(ReindexJob job, Update write) {
        ForceIndexRequest window = new ForceIndexRequest(job.from(), job.to(), job.purgeOld());
        Delete guard = Delete.builder().tableName(table)
                .key(Map.of("PK", s(guardPartition(job.ccid(), job.kind(), window)), "SK", s(GUARD_SK)))
                .conditionExpression("attribute_not_exists(PK) OR jobId = :job")
                .expressionAttributeValues(Map.of(":job", s(job.id()))).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(write).build(),
                    TransactWriteItem.builder().delete(guard).build()));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            boolean jobMoved = !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code());
            if (jobMoved) {
                return false;
            }
            boolean guardTaken = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code());
            if (guardTaken) {
                // The guard names another job (not ours to release): end the job alone.
                return update(write);
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> key(String ccid, String jobId) {
        return Map.of("PK", s(partition(ccid, jobId)), "SK", s(JOB_SK));
    }

    private static Map<String, AttributeValue> toItem(ReindexJob job) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(job.ccid(), job.id()));
        item.put("operation", s(OPERATION));
        item.put("jobId", s(job.id()));
        item.put("ccid", s(job.ccid()));
        item.put("kind", s(job.kind().name()));
        item.put("from", n(job.from()));
        item.put("to", n(job.to()));
        item.put("purgeOld", AttributeValue.fromBool(job.purgeOld()));
        item.put("status", s(job.status().name()));
        item.put("page", n(job.page()));
        item.put("cursorDay", s(job.day().toString()));
        item.put("scanned", n(0));
        item.put("matched", n(0));
        item.put("indexed", n(0));
        item.put("deleted", n(0));
        item.put("rejected", n(0));
        if (job.requestedBy() != null) {
            item.put("requestedBy", s(job.requestedBy()));
        }
        item.put("startedAt", n(job.startedAt().toEpochMilli()));
        item.put("updatedAt", n(job.updatedAt().toEpochMilli()));
        return item;
    }

    static ReindexJob fromItem(Map<String, AttributeValue> item, Map<String, AttributeValue> retry) {
        JobKey key = JobKey.ofPartition(item.get("PK").s()).orElseThrow();
        ReindexJob.Retry retried = retry == null ? null : new ReindexJob.Retry(num(retry, "failedAttempts"), num(retry, "page"),
                str(retry, "lastError"), time(retry, "lastErrorAt"));
        return new ReindexJob(key.ccid(), key.id(), RecordingKind.valueOf(item.get("kind").s()), num(item, "from"),
                num(item, "to"), item.get("purgeOld").bool(), ReindexJob.Status.valueOf(item.get("status").s()),
                num(item, "page"), LocalDate.parse(item.get("cursorDay").s()),
                item.containsKey("cursorKey") ? Map.copyOf(item.get("cursorKey").m()) : null,
                new ReindexJob.Counts(num(item, "scanned"), num(item, "matched"), num(item, "indexed"), num(item, "deleted"),
                        num(item, "rejected")),
                str(item, "requestedBy"), time(item, "startedAt"), time(item, "updatedAt"), time(item, "finishedAt"),
                time(item, "purgedAt"), str(item, "error"), retried);
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown" : error;
        return e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR) + "..." : e;
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
