package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.json.Json;
import io.callvault.core.time.GuideTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@code GET /api/v2/ops/contact-centers/{ccid}/intake-status}: how much intake work of a tenant is unfinished, counted
 * from the sparse {@code StatusIndex} (spec intake.md §7.1.7, the Voice Processor's {@code /api/status}). One
 * {@code Select.COUNT} query per status, paged, with a filter on the item's sort key: DynamoDB's {@code ScannedCount}
 * is every item of the status, its {@code Count} the analytics ones, so one pass gives both stages. A count stops
 * after {@link #BUDGET} (a backlog of millions during a long outage) and the answer then says
 * {@code "complete": false}: the numbers are at least that.
 */
public final class IntakeStatusReport {
    static final Duration BUDGET = Duration.ofSeconds(20);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public IntakeStatusReport(DynamoDbClient dynamo, String intakeTable, Clock clock) {
        this.dynamo = dynamo;
        this.table = intakeTable;
        this.clock = clock;
    }

    /** Items of one status: all of them, and how many of those are analytics posts. */
    record Count(long total, long analytics, boolean complete) {
        long enrichment() {
            return total - analytics;
        }
    }

    public ObjectNode report(String ccid) {
        Instant now = clock.instant();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        Map<IntakeStatus, Count> counts = new EnumMap<>(IntakeStatus.class);
        for (IntakeStatus status : IntakeStatus.values()) {
            counts.put(status, count(ccid, status, deadline));
        }
        Optional<Instant> oldest = oldest(ccid, IntakeStatus.PENDING);
        Optional<Instant> oldestRetrying = oldest(ccid, IntakeStatus.RETRYING);
        if (oldestRetrying.isPresent() && (oldest.isEmpty() || oldestRetrying.get().isBefore(oldest.get()))) {
            oldest = oldestRetrying;
        }
        ObjectNode out = Json.object().put("ccid", ccid);
        put(out, counts, Count::total);
        if (oldest.isPresent()) {
            out.put("oldestPendingAgeSeconds", Math.max(0, Duration.between(oldest.get(), now).getSeconds()))
                    .put("oldestPendingSince", GuideTime.format(oldest.get()));
        } else {
            out.putNull("oldestPendingAgeSeconds").putNull("oldestPendingSince");
        }
        out.put("asOf", GuideTime.format(now));
        ObjectNode stages = out.putObject("stages");
        put(stages.putObject(IntakeStage.ENRICHMENT.label()), counts, Count::enrichment);
        put(stages.putObject(IntakeStage.ANALYTICS.label()), counts, Count::analytics);
        out.put("complete", counts.values().stream().allMatch(Count::complete));
        return out;
    }

    private static void put(ObjectNode out, Map<IntakeStatus, Count> counts, ToLongFunction<Count> n) {
        out.put("pending", n.applyAsLong(counts.get(IntakeStatus.PENDING)))
                .put("retrying", n.applyAsLong(counts.get(IntakeStatus.RETRYING)))
                .put("deadLettered", n.applyAsLong(counts.get(IntakeStatus.DEAD)))
                .put("awaitingMedia", n.applyAsLong(counts.get(IntakeStatus.AWAITING_MEDIA)));
    }

    private Count count(String ccid, IntakeStatus status, long deadline) {
        long total = 0;
        long analytics = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(IntakeKeys.STATUS_INDEX)
                    .keyConditionExpression("#pk = :pk")
                    .filterExpression("#sk = :notify")
                    .expressionAttributeNames(Map.of("#pk", IntakeKeys.STATUS_PK, "#sk", IntakeKeys.SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(IntakeKeys.statusPartition(ccid, status)),
                            ":notify", AttributeValue.fromS(IntakeKeys.NOTIFY)))
                    .select(Select.COUNT)
                    .exclusiveStartKey(from));
            total += r.scannedCount();
            analytics += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && System.nanoTime() < deadline);
        return new Count(total, analytics, start == null);
    }

    /** Since when the longest-waiting item of the status has been unfinished (the time in its index sort key). */
    private Optional<Instant> oldest(String ccid, IntakeStatus status) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(IntakeKeys.STATUS_INDEX)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", IntakeKeys.STATUS_PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(IntakeKeys.statusPartition(ccid, status))))
                .scanIndexForward(true)
                .limit(1));
        return r.items().stream().findFirst().map(item -> IntakeKeys.timeOf(item.get(IntakeKeys.STATUS_SK).s()));
    }
}
