package io.callvault.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mapping for DynamoDB streams, on DynamoDB Local: every {@code Type: DynamoDB} event in
 * template.yaml becomes a mapping that reads the table's stream (all shards, parents before children, following
 * shard iterators) and invokes the function through {@link FunctionHost} with a {@link DynamodbEvent}, passed
 * through the Lambda runtime's serializers.
 *
 * <p>As Lambda does it: records of a shard arrive in order, in batches of up to {@code BatchSize} (a partial batch
 * waits up to {@code MaximumBatchingWindowInSeconds}); a batch that throws is retried whole (halved first with
 * {@code BisectBatchOnFunctionError}); with {@code ReportBatchItemFailures}, a {@code batchItemFailures} response
 * counts the records before the lowest failed sequence number as done and retries from it, and a null, empty or
 * unknown {@code itemIdentifier} fails the whole batch. Retries back off exponentially (200 ms doubling to 10 s), so
 * a function whose dependency is down does not spin. After {@code MaximumRetryAttempts} (default: retry until it
 * succeeds) the failing records are discarded, never silently: Lambda's on-failure record is logged, kept in
 * {@link #discarded()} and appended to {@code STATE_DIR/failures/FUNCTION.EVENT.jsonl}; the {@code OnFailure}
 * destination is named in it but not sent to (there is no SQS or SNS stand-in).
 *
 * <p>Where Lambda keeps its position in the service, this keeps a checkpoint per shard (the last sequence number
 * done) in {@code STATE_DIR/FUNCTION.EVENT.json}, written after every batch, so a restarted local runtime resumes
 * where it stopped: done records are not replayed, undone ones are not lost (delivery is at least once: a batch
 * in flight when the runtime stops is delivered again). {@code LATEST} is turned into a checkpoint when the mapping
 * is first created, so records written while the runtime is down are delivered after the restart. A checkpoint
 * for another stream (the table was recreated) is ignored. Without a state dir the checkpoints live in memory.
 *
 * <p>{@code FilterCriteria} are applied as Lambda applies them, before batching: records that match none of the
 * patterns never reach the function and count as processed (the checkpoint moves past them). {@link StreamFilter}
 * supports Lambda's exact-value matching (e.g. {@code {"dynamodb":{"Keys":{"SK":{"S":["JOB"]}}}}}) and refuses
 * content filters ({@code prefix}, {@code numeric}, ...) when the mapping is created.
 *
 * <p>Every action is one JSON line on standard error.
 */
public final class DynamoDbStreamPoller implements AutoCloseable {
    static final long INITIAL_BACKOFF_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final int MAX_GET_RECORDS = 1000;

    private final StandInStack stack;
    private final FunctionHost functions;
    private final DynamoDbStreamsClient streams;
    private final Path stateDir;
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<JsonNode> discarded = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynamodb-streams");
        t.setDaemon(true);
        return t;
    });

    /**
     * Creates the template's mappings now (a {@code LATEST} mapping starts at this moment) and polls every
     * {@code intervalMillis} in the background.
     *
     * @param stateDir where checkpoints and discarded-batch records are kept; null keeps them in memory
     */
    public DynamoDbStreamPoller(StandInStack stack, FunctionHost functions, Path stateDir, long intervalMillis) {
        this.stack = stack;
        this.functions = functions;
        this.streams = stack.dynamoStreams();
        this.stateDir = stateDir;
        for (SamTemplate.Function f : stack.template().functions()) {
            for (SamTemplate.StreamTrigger trigger : f.streamTriggers()) {
                if (!trigger.enabled()) {
                    log("disabled", f.logicalId(), trigger, null);
                    continue;
                }
                if (!trigger.unsupportedProperties().isEmpty()) {
                    ObjectNode line = line("unsupported-properties-ignored", f.logicalId(), trigger, null);
                    trigger.unsupportedProperties().forEach(line.putArray("properties")::add);
                    emit(line);
                }
                mappings.add(new Mapping(f.logicalId(), trigger));
            }
        }
        if (!mappings.isEmpty()) {
            timer.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Delivers what the streams hold now, ignoring back-off and batching windows, until nothing more moves (the
     * streams are drained or a batch fails): the synchronous path for tests.
     *
     * @return records delivered (or discarded after their last retry)
     */
    public synchronized int deliverNow() {
        int total = 0;
        int moved;
        do {
            moved = pass(true);
            total += moved;
        } while (moved > 0);
        return total;
    }

    /** Lambda's on-failure records of the batches discarded after their last retry, oldest first. */
    public List<JsonNode> discarded() {
        return List.copyOf(discarded);
    }

    private synchronized void tick() {
        try {
            pass(false);
        } catch (Throwable e) {
            if (closed) {
                return;
            }
            ObjectNode line = base("poll-failed");
            line.put("error", String.valueOf(e));
            emit(line);
        }
    }

    private int pass(boolean now) {
        int moved = 0;
        for (Mapping m : mappings) {
            try {
                moved += m.pass(now);
            } catch (RuntimeException e) {
                if (closed) {
                    return moved;
                }
                ObjectNode line = line("poll-failed", m.functionId, m.trigger, null);
                line.put("error", String.valueOf(e));
                emit(line);
            }
        }
        return moved;
    }

    /** One function's mapping on one table's stream. */
    private final class Mapping {
        final String functionId;
        final SamTemplate.StreamTrigger trigger;
        final String streamArn;
        final Path stateFile;
        /** {@code FilterCriteria}; null delivers every record. */
        final StreamFilter filter;
        final Map<String, ShardState> shards = new LinkedHashMap<>();

        Mapping(String functionId, SamTemplate.StreamTrigger trigger) {
            this.functionId = functionId;
            this.trigger = trigger;
            this.filter = trigger.filterPatterns().isEmpty() ? null
                    : StreamFilter.compile(functionId + "." + trigger.eventId(), trigger.filterPatterns());
            String table = stack.resourceName(trigger.tableLogicalId());
            this.streamArn = stack.dynamo().describeTable(b -> b.tableName(table)).table().latestStreamArn();
            if (streamArn == null) {
                throw new IllegalStateException(functionId + "." + trigger.eventId() + ": table " + table
                        + " has no stream; give it a StreamSpecification in template.yaml");
            }
            this.stateFile = stateDir == null ? null : stateDir.resolve(functionId + "." + trigger.eventId() + ".json");
            if (!load()) {
                start();
            }
        }

        /** The mapping is new: where it starts is fixed now, and kept. */
        private void start() {
            if ("LATEST".equals(trigger.startingPosition())) {
                for (Shard shard : describe()) {
                    ShardState s = shards.computeIfAbsent(shard.shardId(), ShardState::new);
                    s.parentId = shard.parentShardId();
                    if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                        s.finished = true;
                    } else {
                        s.checkpoint = lastSequenceNumber(s);
                    }
                }
            }
            save();
            ObjectNode line = line("mapping-created", functionId, trigger, null);
            line.put("stream", streamArn).put("startingPosition", trigger.startingPosition());
            trigger.filterPatterns().forEach(line.putArray("filterPatterns")::add);
            emit(line);
        }

        private String lastSequenceNumber(ShardState s) {
            String last = null;
            String iterator = iterator(s.shardId, null);
            while (iterator != null) {
                String it = iterator;
                GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(it).limit(MAX_GET_RECORDS));
                if (r.records().isEmpty()) {
                    break;
                }
                last = r.records().get(r.records().size() - 1).dynamodb().sequenceNumber();
                iterator = r.nextShardIterator();
            }
            return last;
        }

        int pass(boolean now) {
            refreshShards();
            int moved = 0;
            for (ShardState s : List.copyOf(shards.values())) {
                ShardState parent = s.parentId == null ? null : shards.get(s.parentId);
                if (!s.finished && (parent == null || parent.finished)) {
                    moved += drain(s, now);
                }
            }
            return moved;
        }

        private List<Shard> describe() {
            List<Shard> all = new ArrayList<>();
            String start = null;
            do {
                String from = start;
                StreamDescription d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from))
                        .streamDescription();
                all.addAll(d.shards());
                start = d.lastEvaluatedShardId();
            } while (start != null);
            return all;
        }

        private void refreshShards() {
            Set<String> seen = new HashSet<>();
            for (Shard shard : describe()) {
                seen.add(shard.shardId());
                shards.computeIfAbsent(shard.shardId(), ShardState::new).parentId = shard.parentShardId();
            }
            boolean changed = false;
            for (ShardState s : List.copyOf(shards.values())) {
                if (!seen.contains(s.shardId)) {
                    if (!s.finished) {
                        // Gone from the stream (24-hour retention) before its records were all delivered.
                        ObjectNode line = line("shard-trimmed-before-delivery", functionId, trigger, s);
                        line.put("checkpoint", s.checkpoint);
                        emit(line);
                    }
                    shards.remove(s.shardId);
                    changed = true;
                }
            }
            if (changed) {
                save();
            }
        }

        /** Delivers batches from one shard until it is caught up, waits for its batching window, or fails. */
        private int drain(ShardState s, boolean now) {
            int moved = 0;
            while (!closed) {
                if (!now && System.nanoTime() < s.notBefore) {
                    return moved;
                }
                fill(s);
                if (s.pending.isEmpty()) {
                    if (s.endOfShard) {
                        s.finished = true;
                        save();
                        log("shard-finished", functionId, trigger, s);
                    }
                    return moved;
                }
                if (!now && s.pending.size() < trigger.batchSize() && !s.endOfShard && trigger.maximumBatchingWindowSeconds() > 0
                        && System.nanoTime() - s.pendingSince < TimeUnit.SECONDS.toNanos(trigger.maximumBatchingWindowSeconds())) {
                    return moved;
                }
                int limit = s.bisectedLimit > 0 ? s.bisectedLimit : trigger.batchSize();
                List<Record> batch = List.copyOf(s.pending.subList(0, Math.min(limit, s.pending.size())));
                Outcome outcome = invoke(s, batch);
                if (outcome.done > 0) {
                    commit(s, outcome.done);
                    moved += outcome.done;
                }
                if (!outcome.failed) {
                    s.succeeded();
                    continue;
                }
                if (outcome.done > 0) {
                    // A new first record: its own retry count and back-off.
                    s.succeeded();
                }
                s.attempts++;
                if (trigger.maximumRetryAttempts() >= 0 && s.attempts > trigger.maximumRetryAttempts()) {
                    discard(s, batch.subList(outcome.done, batch.size()), outcome);
                    moved += batch.size() - outcome.done;
                    s.succeeded();
                    continue;
                }
                if (outcome.threw && trigger.bisectBatchOnFunctionError() && batch.size() > 1) {
                    s.bisectedLimit = (batch.size() + 1) / 2;
                }
                s.notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.backoffMillis);
                ObjectNode line = line("retry-scheduled", functionId, trigger, s);
                line.put("attempts", s.attempts).put("inMillis", s.backoffMillis);
                emit(line);
                s.backoffMillis = Math.min(s.backoffMillis * 2, MAX_BACKOFF_MILLIS);
                return moved;
            }
            return moved;
        }

        /**
         * Reads records into the shard's pending list until there are a batch's worth or the shard is caught up. Records
         * the mapping's filter refuses never enter it; while nothing is pending, the checkpoint moves past them.
         */
        private void fill(ShardState s) {
            try {
                fillUntilBatchOrEnd(s);
            } finally {
                if (s.skippedWhileIdle) {
                    s.skippedWhileIdle = false;
                    save();
                }
            }
        }

        private void fillUntilBatchOrEnd(ShardState s) {
            while (s.pending.size() < trigger.batchSize() && !s.endOfShard) {
                boolean fresh = s.iterator == null;
                if (fresh) {
                    s.iterator = iterator(s.shardId, s.lastRead != null ? s.lastRead : s.checkpoint);
                }
                String it = s.iterator;
                GetRecordsResponse r;
                try {
                    // With a filter most records may be dropped, so read as many as a call gives.
                    int want = filter == null ? Math.min(MAX_GET_RECORDS, trigger.batchSize() - s.pending.size()) : MAX_GET_RECORDS;
                    r = streams.getRecords(b -> b.shardIterator(it).limit(want));
                } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
                    if (fresh) {
                        throw e;
                    }
                    // A kept iterator went stale: take a new one from the last record read.
                    s.iterator = null;
                    continue;
                }
                for (Record record : r.records()) {
                    if (filter != null && !filter.matches(record)) {
                        if (s.pending.isEmpty()) {
                            // Nothing before it waits for delivery: it counts as done, as Lambda drops filtered records.
                            s.checkpoint = record.dynamodb().sequenceNumber();
                            s.skippedWhileIdle = true;
                        }
                        continue;
                    }
                    if (s.pending.isEmpty()) {
                        s.pendingSince = System.nanoTime();
                    }
                    s.pending.add(record);
                }
                if (!r.records().isEmpty()) {
                    s.lastRead = r.records().get(r.records().size() - 1).dynamodb().sequenceNumber();
                }
                s.iterator = r.nextShardIterator();
                if (s.iterator == null) {
                    s.endOfShard = true;
                }
                if (r.records().isEmpty()) {
                    if (s.lastRead == null && s.checkpoint == null) {
                        // DynamoDB Local: an iterator taken on an empty shard is refused once the shard has records.
                        s.iterator = null;
                    }
                    return;
                }
            }
        }

        private String iterator(String shardId, String after) {
            GetShardIteratorRequest.Builder b = GetShardIteratorRequest.builder().streamArn(streamArn).shardId(shardId);
            if (after == null) {
                return streams.getShardIterator(b.shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
            }
            try {
                return streams.getShardIterator(b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(after).build()).shardIterator();
            } catch (TrimmedDataAccessException e) {
                ObjectNode line = line("checkpoint-trimmed-before-delivery", functionId, trigger, shards.get(shardId));
                line.put("checkpoint", after);
                emit(line);
                return streams.getShardIterator(b.shardIteratorType(ShardIteratorType.TRIM_HORIZON)
                        .sequenceNumber(null).build()).shardIterator();
            }
        }

        private Outcome invoke(ShardState s, List<Record> batch) {
            String response;
            try {
                response = functions.invokeForJson(functionId, event(streamArn, batch), DynamodbEvent.class);
            } catch (RuntimeException e) {
                ObjectNode line = line("batch-failed", functionId, trigger, s);
                range(line, batch);
                line.put("error", String.valueOf(e));
                emit(line);
                return new Outcome(0, true, true);
            }
            Outcome outcome = trigger.reportBatchItemFailures() ? readResponse(batch, response)
                    : new Outcome(batch.size(), false, false);
            ObjectNode line = line(outcome.failed ? "batch-item-failures-reported" : "batch-delivered", functionId, trigger, s);
            range(line, batch);
            if (outcome.failed) {
                line.put("done", outcome.done).put("response", response);
            }
            emit(line);
            return outcome;
        }

        private void commit(ShardState s, int count) {
            s.checkpoint = s.pending.get(count - 1).dynamodb().sequenceNumber();
            s.pending.subList(0, count).clear();
            save();
        }

        private void discard(ShardState s, List<Record> dropped, Outcome outcome) {
            ObjectNode record = Json.object();
            record.putObject("requestContext")
                    .put("requestId", UUID.randomUUID().toString())
                    .put("functionArn", "arn:aws:lambda:" + StandInStack.REGION + ":000000000000:function:" + functionId)
                    .put("condition", "RetryAttemptsExhausted")
                    .put("approximateInvokeCount", s.attempts);
            record.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST")
                    .put("functionError", outcome.threw ? "Unhandled" : "PartialBatchFailure");
            record.put("version", "1.0").put("timestamp", Instant.now().toString());
            Record first = dropped.get(0);
            Record last = dropped.get(dropped.size() - 1);
            record.putObject("DDBStreamBatchInfo")
                    .put("shardId", s.shardId)
                    .put("startSequenceNumber", first.dynamodb().sequenceNumber())
                    .put("endSequenceNumber", last.dynamodb().sequenceNumber())
                    .put("approximateArrivalOfFirstRecord", first.dynamodb().approximateCreationDateTime().toString())
                    .put("approximateArrivalOfLastRecord", last.dynamodb().approximateCreationDateTime().toString())
                    .put("batchSize", dropped.size())
                    .put("streamArn", streamArn);
            if (trigger.onFailureDestination() != null) {
                record.set("destinationNotSentLocally", Json.MAPPER.valueToTree(trigger.onFailureDestination()));
            }
            discarded.add(record);
            if (stateDir != null) {
                try {
                    Path file = stateDir.resolve("failures").resolve(functionId + "." + trigger.eventId() + ".jsonl");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, Json.write(record) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record the discarded batch " + Json.write(record), e);
                }
            }
            ObjectNode line = line("batch-discarded-after-retries", functionId, trigger, s);
            line.set("onFailure", record);
            emit(line);
            commit(s, dropped.size());
        }

        /** Lambda's reading of a {@code ReportBatchItemFailures} response. */
        private Outcome readResponse(List<Record> batch, String response) {
            if (response == null) {
                return new Outcome(batch.size(), false, false);
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(response);
            } catch (IOException e) {
                return new Outcome(0, true, false);
            }
            if (node == null || node.isNull()) {
                return new Outcome(batch.size(), false, false);
            }
            if (!node.isObject()) {
                return new Outcome(0, true, false);
            }
            JsonNode failures = node.get("batchItemFailures");
            if (failures == null || failures.isNull() || failures.isArray() && failures.isEmpty()) {
                return new Outcome(batch.size(), false, false);
            }
            if (!failures.isArray()) {
                return new Outcome(0, true, false);
            }
            int lowest = batch.size();
            for (JsonNode failure : failures) {
                JsonNode id = failure.get("itemIdentifier");
                int index = id == null || !id.isTextual() ? -1 : indexOf(batch, id.asText());
                if (index < 0) {
                    return new Outcome(0, true, false);
                }
                lowest = Math.min(lowest, index);
            }
            return new Outcome(lowest, true, false);
        }

        private boolean load() {
            if (stateFile == null || !Files.exists(stateFile)) {
                return false;
            }
            try {
                JsonNode state = Json.MAPPER.readTree(stateFile.toFile());
                if (!streamArn.equals(state.path("streamArn").asText())) {
                    ObjectNode line = line("checkpoint-of-another-stream-ignored", functionId, trigger, null);
                    line.put("stream", streamArn).put("checkpointStream", state.path("streamArn").asText());
                    emit(line);
                    return false;
                }
                state.path("shards").fields().forEachRemaining(e -> {
                    ShardState s = shards.computeIfAbsent(e.getKey(), ShardState::new);
                    s.checkpoint = e.getValue().path("checkpoint").isTextual() ? e.getValue().get("checkpoint").asText() : null;
                    s.finished = e.getValue().path("finished").asBoolean(false);
                });
                ObjectNode line = line("resumed-from-checkpoint", functionId, trigger, null);
                line.put("stream", streamArn).put("file", stateFile.toString());
                emit(line);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the stream checkpoint " + stateFile, e);
            }
        }

        private void save() {
            if (stateFile == null) {
                return;
            }
            ObjectNode state = Json.object().put("streamArn", streamArn);
            ObjectNode byShard = state.putObject("shards");
            shards.values().forEach(s -> byShard.putObject(s.shardId).put("checkpoint", s.checkpoint).put("finished", s.finished));
            try {
                Files.createDirectories(stateFile.getParent());
                Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
                Files.writeString(temp, Json.write(state), StandardCharsets.UTF_8);
                Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the stream checkpoint " + stateFile, e);
            }
        }
    }

    /** How far a batch got: the first {@code done} records count as delivered. */
    private record Outcome(int done, boolean failed, boolean threw) {}

    private static final class ShardState {
        final String shardId;
        String parentId;
        String checkpoint;
        boolean finished;
        final List<Record> pending = new ArrayList<>();
        String iterator;
        String lastRead;
        boolean endOfShard;
        /** The checkpoint moved past filtered records and is not saved yet. */
        boolean skippedWhileIdle;
        long pendingSince;
        int attempts;
        int bisectedLimit;
        long notBefore;
        long backoffMillis = INITIAL_BACKOFF_MILLIS;

        ShardState(String shardId) {
            this.shardId = shardId;
        }

        void succeeded() {
            attempts = 0;
            bisectedLimit = 0;
            notBefore = 0;
            backoffMillis = INITIAL_BACKOFF_MILLIS;
        }
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    /** The event Lambda would build for these stream records. */
    static DynamodbEvent event(String streamArn, List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> converted = new ArrayList<>();
        for (Record r : records) {
            DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
            out.setEventSourceARN(streamArn);
            out.setEventID(r.eventID());
            out.setEventName(r.eventNameAsString());
            out.setEventVersion(r.eventVersion() != null ? r.eventVersion() : "1.1");
            out.setEventSource("aws:dynamodb");
            out.setAwsRegion(StandInStack.REGION);
            var in = r.dynamodb();
            StreamRecord stream = new StreamRecord()
                    .withSequenceNumber(in.sequenceNumber())
                    .withSizeBytes(in.sizeBytes())
                    .withApproximateCreationDateTime(in.approximateCreationDateTime() == null ? null
                            : Date.from(in.approximateCreationDateTime()));
            stream.setStreamViewType(in.streamViewTypeAsString() == null ? null
                    : com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                            in.streamViewTypeAsString()));
            if (in.hasKeys()) {
                stream.setKeys(item(in.keys()));
            }
            if (in.hasNewImage()) {
                stream.setNewImage(item(in.newImage()));
            }
            if (in.hasOldImage()) {
                stream.setOldImage(item(in.oldImage()));
            }
            out.setDynamodb(stream);
            if (r.userIdentity() != null) {
                out.setUserIdentity(new Identity().withPrincipalId(r.userIdentity().principalId())
                        .withType(r.userIdentity().type()));
            }
            converted.add(out);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    private static Map<String, AttributeValue> item(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> in) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        return switch (v.type()) {
            case S -> new AttributeValue().withS(v.s());
            case N -> new AttributeValue().withN(v.n());
            case B -> new AttributeValue().withB(v.b().asByteBuffer());
            case SS -> new AttributeValue().withSS(v.ss());
            case NS -> new AttributeValue().withNS(v.ns());
            case BS -> new AttributeValue().withBS(v.bs().stream().map(b -> b.asByteBuffer()).toList());
            case M -> new AttributeValue().withM(item(v.m()));
            case L -> new AttributeValue().withL(v.l().stream().map(DynamoDbStreamPoller::value).toList());
            case BOOL -> new AttributeValue().withBOOL(v.bool());
            case NUL -> new AttributeValue().withNULL(true);
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalStateException("attribute value of an unknown type: " + v);
        };
    }

    private static void range(ObjectNode line, List<Record> batch) {
        line.put("records", batch.size())
                .put("firstSequenceNumber", batch.get(0).dynamodb().sequenceNumber())
                .put("lastSequenceNumber", batch.get(batch.size() - 1).dynamodb().sequenceNumber());
    }

    private static ObjectNode base(String action) {
        return Json.object().put("time", Instant.now().toString()).put("component", "dynamodb-stream-poller")
                .put("action", action);
    }

    private static void log(String action, String functionId, SamTemplate.StreamTrigger trigger, ShardState s) {
        emit(line(action, functionId, trigger, s));
    }

    private static ObjectNode line(String action, String functionId, SamTemplate.StreamTrigger trigger, ShardState s) {
        ObjectNode line = base(action).put("function", functionId).put("event", trigger.eventId())
                .put("table", trigger.tableLogicalId());
        if (s != null) {
            line.put("shard", s.shardId);
        }
        return line;
    }

    private static void emit(ObjectNode line) {
        System.err.println(Json.write(line));
    }

    /** Stops polling; a batch in flight finishes (and is checkpointed) unless it takes more than 30 s. */
    @Override
    public void close() {
        closed = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
