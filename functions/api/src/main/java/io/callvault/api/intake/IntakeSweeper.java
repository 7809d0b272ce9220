package io.callvault.api.intake;

import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Sends intake work that waits longer than an SQS delay, or whose message was lost, to its queue (design:
 * docs/intake-pipeline.md, "Why queues with delays and a sweeper").
 *
 * <p>Each run reads, per shard of {@link IntakeKeys#DUE_INDEX}:
 * <ol>
 *   <li><b>the window</b> (from the second run on; the first only sets the watermark): items due after the shard's watermark and up to now + 15 minutes. Writers send an item
 *       themselves when it is due within 15 minutes of the write; the items found here are those that were due later
 *       and have now come within reach. They are sent with the remaining delay and the watermark moves to the window's
 *       end, so each due time is swept once (a writer that sends an item due in its last minute of reach and a sweep
 *       that picks it too make a duplicate, which the workers ignore).</li>
 *   <li><b>the overdue</b>: items still due more than {@link #OVERDUE_GRACE} ago. Every worker removes or moves an item's
 *       due entry when it has done its work, so an entry that old means the message was lost (or its handler kept
 *       failing); it is sent again, at most once per grace period per item (a conditional {@code sweptAt} mark).</li>
 * </ol>
 * Cost: two paginated Queries per shard per run, whatever the volume; writes only for what it sends.
 */
public final class IntakeSweeper {
    /** Longer than the queues' visibility timeout (6 minutes): a message being handled is not overdue. */
    public static final Duration OVERDUE_GRACE = Duration.ofMinutes(10);
    static final String WATERMARK_PK = "SWEEP";

    private final DynamoDbClient dynamo;
    private final String table;
    private final IntakeQueue enrich;
    private final IntakeQueue notify;
    private final Clock clock;

    /** What a run did. */
    public record Result(int sentInWindow, int resentOverdue) {}

    public IntakeSweeper(DynamoDbClient dynamo, String table, IntakeQueue enrich, IntakeQueue notify, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.enrich = enrich;
        this.notify = notify;
        this.clock = clock;
    }

    public Result sweep() {
        Instant now = clock.instant();
        int window = 0;
        int overdue = 0;
        for (int shard = 0; shard < IntakeKeys.DUE_SHARDS; shard++) {
            overdue += resendOverdue(shard, now);
            window += sendWindow(shard, now);
        }
        return new Result(window, overdue);
    }

    private int sendWindow(int shard, Instant now) {
        String shardKey = IntakeKeys.dueShard(shard);
        Instant to = now.plus(IntakeQueue.MAX_DELAY);
        Optional<Instant> watermark = watermark(shardKey);
        if (watermark.isEmpty()) {
            // The first run ever (a new stack): the writers sent what is due within reach; what they left for the
            // sweeper and is due before `to` is found by the overdue rule, at most the grace period late.
            setWatermark(shardKey, to);
            return 0;
        }
        // What is due before the grace period is the overdue rule's, whatever the watermark says (after a pause).
        Instant from = watermark.get().isAfter(now.minus(OVERDUE_GRACE)) ? watermark.get() : now.minus(OVERDUE_GRACE);
        if (!to.isAfter(from)) {
            return 0;
        }
        int sent = 0;
        // Strictly after the watermark: "~" sorts after every character of a due sort key's "#<PK>#<SK>" tail.
        String lower = IntakeKeys.sortableTime(from) + "~";
        String upper = IntakeKeys.sortableTime(to) + "~";
        for (Map<String, AttributeValue> item : query(shardKey, lower, upper)) {
            Instant due = IntakeKeys.timeOf(item.get(IntakeKeys.DUE_SK).s());
            if (send(item, Duration.between(now, due))) {
                sent++;
            }
        }
        setWatermark(shardKey, to);
        return sent;
    }

    private int resendOverdue(int shard, Instant now) {
        Instant before = now.minus(OVERDUE_GRACE);
        int sent = 0;
        for (Map<String, AttributeValue> item : query(IntakeKeys.dueShard(shard), "", IntakeKeys.sortableTime(before))) {
            if (markSwept(item, now) && send(item, Duration.ZERO)) {
                sent++;
            }
        }
        return sent;
    }

    private Iterable<Map<String, AttributeValue>> query(String shardKey, String lower, String upper) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", AttributeValue.fromS(shardKey));
        values.put(":u", AttributeValue.fromS(upper));
        String condition = "#p = :p AND #s <= :u";
        if (!lower.isEmpty()) {
            values.put(":l", AttributeValue.fromS(lower));
            condition = "#p = :p AND #s BETWEEN :l AND :u";
        }
        return dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(IntakeKeys.DUE_INDEX)
                .keyConditionExpression(condition)
                .expressionAttributeNames(Map.of("#p", IntakeKeys.DUE_PK, "#s", IntakeKeys.DUE_SK))
                .expressionAttributeValues(values).build()).items();
    }

    /** One overdue re-send per item per grace period, whichever sweeper instance gets there first. */
    private boolean markSwept(Map<String, AttributeValue> item, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(IntakeKeys.PK, item.get(IntakeKeys.PK), IntakeKeys.SK, item.get(IntakeKeys.SK)))
                    .updateExpression("SET sweptAt = :now")
                    .conditionExpression("#d = :due AND (attribute_not_exists(sweptAt) OR sweptAt < :graceAgo)")
                    .expressionAttributeNames(Map.of("#d", IntakeKeys.DUE_SK))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(IntakeKeys.sortableTime(now)),
                            ":due", item.get(IntakeKeys.DUE_SK),
                            ":graceAgo", AttributeValue.fromS(IntakeKeys.sortableTime(now.minus(OVERDUE_GRACE))))));
            return true;
        } catch (ConditionalCheckFailedException movedOrSweptMeanwhile) {
            return false;
        }
    }

    private boolean send(Map<String, AttributeValue> item, Duration delay) {
        IntakeMessage message;
        try {
            message = IntakeKeys.callOf(item.get(IntakeKeys.PK).s());
        } catch (IllegalArgumentException notACall) {
            return false;
        }
        String sk = item.get(IntakeKeys.SK).s();
        IntakeQueue queue = switch (sk) {
            case IntakeKeys.STATE -> enrich;
            case IntakeKeys.NOTIFY -> notify;
            default -> null;
        };
        if (queue == null) {
            return false;
        }
        queue.send(message, delay);
        return true;
    }

    private Optional<Instant> watermark(String shardKey) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(WATERMARK_PK), IntakeKeys.SK, AttributeValue.fromS(shardKey))))
                .item();
        return item == null || !item.containsKey("through") ? Optional.empty()
                : Optional.of(Instant.parse(item.get("through").s()));
    }

    /** Only forward: two overlapping runs never move the watermark back over a window one of them swept. */
    private void setWatermark(String shardKey, Instant to) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(WATERMARK_PK), IntakeKeys.SK, AttributeValue.fromS(shardKey)))
                    .updateExpression("SET through = :t")
                    .conditionExpression("attribute_not_exists(through) OR through < :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(IntakeKeys.sortableTime(to)))));
        } catch (ConditionalCheckFailedException aheadAlready) {
            // another run swept further
        }
    }
}
