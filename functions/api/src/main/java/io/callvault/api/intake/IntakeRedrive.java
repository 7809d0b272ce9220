package io.callvault.api.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import io.callvault.core.time.GuideTime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code POST /api/v2/ops/contact-centers/{ccid}/intake-redrive}: moves intake work of a tenant again.
 *
 * <ul>
 *   <li>{@link #redriveDeadLetters}: dead-lettered items ({@code StatusIndex} {@code DEAD}) back to {@code PENDING}
 *       with a fresh 40-day window, due now, and their message sent: an analytics post to the notify queue, a call
 *       whose store failed for 40 days to the enrich queue. Each move is conditional on the item being dead, so a
 *       repeated request, or two operators at once, moves every item once ({@code alreadyMoving} counts the others).</li>
 *   <li>{@link #repostAnalytics}: the guide's {@code repost_to_sm_from_htcc} (spec intake.md §6.2, §7.1.6): every call
 *       recording of the tenant whose start is in the window is announced to the receiver again, read from the
 *       recordings table's GSI1 day by day; at most {@code limit} per request, with a continuation for the rest.</li>
 * </ul>
 *
 * Per request at most {@link IntakeRedriveRequest#MAX_LIMIT} items, moved {@link #PARALLEL} at a time, so a request
 * ends well within API Gateway's 30 s; {@code more} or {@code continuation} says to send it again.
 */
public final class IntakeRedrive {
    static final int PARALLEL = 8;
    /** How long a re-drive request reads the dead-letter index at most. */
    static final Duration BUDGET = Duration.ofSeconds(10);
    private static final String GSI1 = "GSI1";
    private static final Pattern START_DAY_SORT = Pattern.compile("([0-9]{13})#(CALL|SCREEN)#(.+)");

    private final DynamoDbClient dynamo;
    private final String intakeTable;
    private final String recordingsTable;
    private final AnalyticsNotifications notifications;
    private final IntakeQueue enrichQueue;
    private final IntakeQueue notifyQueue;
    private final Clock clock;

    public IntakeRedrive(DynamoDbClient dynamo, String intakeTable, String recordingsTable,
                         AnalyticsNotifications notifications, IntakeQueue enrichQueue, IntakeQueue notifyQueue, Clock clock) {
        this.dynamo = dynamo;
        this.intakeTable = intakeTable;
        this.recordingsTable = recordingsTable;
        this.notifications = notifications;
        this.enrichQueue = enrichQueue;
        this.notifyQueue = notifyQueue;
        this.clock = clock;
    }

    private record Dead(IntakeMessage call, IntakeStage stage) {}

    /**
     * {@code {"redriven": n, "alreadyMoving": m, "more": bool}}. With one stage asked for, the other's items are
     * filtered out by DynamoDB; reading stops after {@link #BUDGET}, and {@code more} then says to ask again.
     */
    public ObjectNode redriveDeadLetters(String ccid, Set<IntakeStage> stages, int limit) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        IntakeStage only = stages.size() == 1 ? stages.iterator().next() : null;
        List<Dead> found = new ArrayList<>();
        boolean more = false;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            Map<String, String> names = new HashMap<>(Map.of("#pk", IntakeKeys.STATUS_PK));
            Map<String, AttributeValue> values = new HashMap<>(
                    Map.of(":pk", AttributeValue.fromS(IntakeKeys.statusPartition(ccid, IntakeStatus.DEAD))));
            if (only != null) {
                names.put("#sk", IntakeKeys.SK);
                values.put(":sk", AttributeValue.fromS(only.sortKey()));
            }
            QueryResponse r = dynamo.query(b -> {
                b.tableName(intakeTable).indexName(IntakeKeys.STATUS_INDEX).keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(names).expressionAttributeValues(values).exclusiveStartKey(from);
                if (only != null) {
                    b.filterExpression("#sk = :sk");
                } else {
                    b.limit(limit);
                }
            });
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            for (var item : r.items()) {
                var stage = IntakeStage.ofSortKey(item.get(IntakeKeys.SK).s());
                if (stage.isEmpty() || !stages.contains(stage.get())) {
                    continue;
                }
                if (found.size() == limit) {
                    more = true;
                    break;
                }
                found.add(new Dead(IntakeKeys.callOf(item.get(IntakeKeys.PK).s()), stage.get()));
            }
        } while (start != null && !more && System.nanoTime() < deadline);
        more |= start != null;
        List<Callable<Boolean>> moves = new ArrayList<>();
        for (Dead d : found) {
            moves.add(() -> d.stage() == IntakeStage.ANALYTICS ? redriveNotification(d.call()) : redriveState(d.call()));
        }
        int redriven = runAll(moves);
        return Json.object().put("operation", IntakeRedriveRequest.Operation.REDRIVE_DEAD_LETTERS.wireName())
                .put("redriven", redriven).put("alreadyMoving", found.size() - redriven).put("more", more);
    }

    private boolean redriveNotification(IntakeMessage call) {
        if (!notifications.redrive(call.ccid(), call.callUuid())) {
            return false;
        }
        notifyQueue.send(call, Duration.ZERO);
        return true;
    }

    /**
     * A call whose enrichment was dead-lettered: {@code PENDING}, attempts 0, no {@code firstAttemptAt} (a fresh 40-day
     * window), due now, then the enrich message. Only from {@code DEAD}.
     */
    boolean redriveState(IntakeMessage call) {
        String pk = IntakeKeys.call(call.ccid(), call.callUuid());
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(intakeTable).consistentRead(true)
                .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(pk), IntakeKeys.SK, AttributeValue.fromS(IntakeKeys.STATE))))
                .item();
        if (item == null || !item.containsKey("status") || !IntakeStatus.DEAD.name().equals(item.get("status").s())) {
            return false;
        }
        Instant now = clock.instant();
        ItemUpdate u = new ItemUpdate()
                .set("status", IntakeStatus.PENDING.name())
                .set("attempts", 0)
                .set("dueAt", IntakeKeys.sortableTime(now))
                .set("redrivenAt", IntakeKeys.sortableTime(now))
                .setAll(IntakeKeys.due(pk, IntakeKeys.STATE, now))
                .setAll(IntakeKeys.status(call.ccid(), IntakeStatus.PENDING, now, pk, IntakeKeys.STATE))
                .set(IntakeKeys.EXPIRES_AT, now.plus(IntakeKeys.RETENTION).getEpochSecond())
                .remove("firstAttemptAt");
        if (!u.when("#status = " + u.value(IntakeStatus.DEAD.name()), "status").apply(dynamo, intakeTable, pk, IntakeKeys.STATE)) {
            return false;
        }
        enrichQueue.send(call, Duration.ZERO);
        return true;
    }

    /**
     * Announces again the call recordings that started in {@code [start, end)}: each gets a new round on its
     * {@code NOTIFY} item ({@link AnalyticsNotifications#reannounce}) and a message. One already on its way is counted
     * in {@code alreadyPending}. {@code continuation} is what the previous answer returned for the same window.
     *
     * @return {@code {"scheduled", "alreadyPending", "continuation": token|null}}
     */
    public ObjectNode repostAnalytics(String ccid, Instant start, Instant end, String continuation, int limit) {
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC);
        String after = null;
        if (continuation != null) {
            Cursor c = Cursor.decode(continuation, start, end, day, last);
            day = c.day();
            after = c.after();
        }
        String low = String.format("%013d", start.toEpochMilli());
        // BETWEEN is inclusive, and every key of a start at end is longer than this bare prefix: start < end exactly.
        String high = String.format("%013d", end.toEpochMilli());
        List<String> ids = new ArrayList<>();
        String next = null;
        Map<String, AttributeValue> from = null;
        int read = 0;
        while (!day.isAfter(last)) {
            String bucket = Keys.startDay(ccid, day.atStartOfDay(ZoneOffset.UTC).toInstant());
            if (after != null) {
                from = exclusiveStart(ccid, bucket, after);
                after = null;
            }
            Map<String, AttributeValue> exclusive = from;
            int room = limit - read;
            QueryResponse r = dynamo.query(b -> b.tableName(recordingsTable).indexName(GSI1)
                    .keyConditionExpression("GSI1PK = :day AND GSI1SK BETWEEN :low AND :high")
                    .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(bucket), ":low", AttributeValue.fromS(low),
                            ":high", AttributeValue.fromS(high)))
                    .limit(room).exclusiveStartKey(exclusive));
            for (var item : r.items()) {
                Matcher m = START_DAY_SORT.matcher(item.get("GSI1SK").s());
                if (m.matches() && m.group(2).equals(RecordingKind.CALL.name())) {
                    ids.add(m.group(3));
                }
            }
            read += r.items().size();
            boolean dayDone = !r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty();
            from = dayDone ? null : r.lastEvaluatedKey();
            if (dayDone) {
                day = day.plusDays(1);
            }
            if (read >= limit) {
                if (!dayDone) {
                    next = new Cursor(day, from.get("GSI1SK").s()).encode(start, end);
                } else if (!day.isAfter(last)) {
                    next = new Cursor(day, null).encode(start, end);
                }
                break;
            }
        }
        List<Callable<Boolean>> moves = new ArrayList<>();
        for (String id : ids) {
            moves.add(() -> {
                if (!notifications.reannounce(ccid, id)) {
                    return false;
                }
                notifyQueue.send(new IntakeMessage(ccid, id), Duration.ZERO);
                return true;
            });
        }
        int scheduled = runAll(moves);
        ObjectNode out = Json.object().put("operation", IntakeRedriveRequest.Operation.REPOST_ANALYTICS.wireName())
                .put("startTime", GuideTime.format(start)).put("endTime", GuideTime.format(end))
                .put("scheduled", scheduled).put("alreadyPending", ids.size() - scheduled);
        if (next == null) {
            out.putNull("continuation");
        } else {
            out.put("continuation", next);
        }
        return out;
    }

    /** The GSI1 key after which a day's page resumes: the entry's own index and table keys. */
    private static Map<String, AttributeValue> exclusiveStart(String ccid, String bucket, String sortKey) {
        Matcher m = START_DAY_SORT.matcher(sortKey);
        if (!m.matches()) {
            throw new IllegalStateException("not a GSI1 sort key: " + sortKey);
        }
        String pk = Keys.recording(ccid, RecordingKind.valueOf(m.group(2)), m.group(3));
        return Map.of("GSI1PK", AttributeValue.fromS(bucket), "GSI1SK", AttributeValue.fromS(sortKey),
                Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(Keys.META));
    }

    /**
     * Where a repost resumes: the day, and the last GSI1 entry read on it (null: from the day's start). Sent to the
     * client as base64url JSON with the window, and only accepted back for the same window.
     */
    record Cursor(LocalDate day, String after) {
        String encode(Instant start, Instant end) {
            ObjectNode o = Json.object().put("s", start.toEpochMilli()).put("e", end.toEpochMilli()).put("d", day.toString());
            if (after != null) {
                o.put("k", after);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token, Instant start, Instant end, LocalDate first, LocalDate last) {
            InvalidFieldException bad = new InvalidFieldException("continuation",
                    "is not a continuation an answer for this startTime and endTime returned");
            JsonNode o;
            try {
                o = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw bad;
            }
            if (o == null || !o.isObject() || !o.path("s").isIntegralNumber() || !o.path("e").isIntegralNumber()
                    || o.get("s").longValue() != start.toEpochMilli() || o.get("e").longValue() != end.toEpochMilli()
                    || !o.path("d").isTextual() || o.has("k") && !o.get("k").isTextual()) {
                throw bad;
            }
            LocalDate day;
            try {
                day = LocalDate.parse(o.get("d").textValue());
            } catch (DateTimeParseException e) {
                throw bad;
            }
            if (day.isBefore(first) || day.isAfter(last)) {
                throw bad;
            }
            String after = o.has("k") ? o.get("k").textValue() : null;
            if (after != null) {
                Matcher m = START_DAY_SORT.matcher(after);
                if (!m.matches()) {
                    throw bad;
                }
                try {
                    Ids.recordingId("continuation", m.group(3));
                } catch (InvalidFieldException e) {
                    throw bad;
                }
            }
            return new Cursor(day, after);
        }
    }

    /** Runs the moves {@link #PARALLEL} at a time; how many returned true. An unexpected failure fails the request. */
    private static int runAll(List<Callable<Boolean>> moves) {
        if (moves.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, moves.size()));
        try {
            int done = 0;
            for (Future<Boolean> f : pool.invokeAll(moves)) {
                if (f.get()) {
                    done++;
                }
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
