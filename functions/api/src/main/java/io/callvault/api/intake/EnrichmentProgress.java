package io.callvault.api.intake;

import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.intake.RetrySchedule;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What the enrichment worker writes on a call's {@code STATE} item (docs/intake-pipeline.md, "State"): when to
 * look again, that a change sequence is stored, and failed attempts with their back-off and dead-letter.
 */
final class EnrichmentProgress {
    private final DynamoDbClient dynamo;
    private final String table;
    private final RetrySchedule retry;

    /** After a failed attempt: when the next one is, or empty when the item was dead-lettered. */
    record Failure(int attempts, Optional<Instant> nextAttemptAt) {}

    EnrichmentProgress(DynamoDbClient dynamo, String table, RetrySchedule retry) {
        this.dynamo = dynamo;
        this.table = table;
        this.retry = retry;
    }

    /** The call is not ready: it is looked at again at {@code dueAt} (a pending or retrying call only). */
    void waitUntil(String ccid, String callUuid, Instant dueAt) {
        String pk = IntakeKeys.call(ccid, callUuid);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":dueAt", AttributeValue.fromS(IntakeKeys.sortableTime(dueAt)));
        values.put(":pending", AttributeValue.fromS(IntakeStatus.PENDING.name()));
        values.put(":retrying", AttributeValue.fromS(IntakeStatus.RETRYING.name()));
        StringBuilder set = new StringBuilder("SET dueAt = :dueAt");
        IntakeKeys.due(pk, IntakeKeys.STATE, dueAt).forEach((k, v) -> {
            set.append(", ").append(k).append(" = :").append(k);
            values.put(":" + k, v);
        });
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(pk)).updateExpression(set.toString())
                    .conditionExpression("#st IN (:pending, :retrying)")
                    .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException storedOrDeadMeanwhile) {
            // nothing to wait for any more
        }
    }

    /**
     * Change sequence {@code seenSeq} is stored: the call leaves both indexes. False when something arrived since
     * (its change sequence moved on) or the call was dead-lettered: then it is not done.
     */
    boolean markStored(String ccid, String callUuid, long seenSeq, Instant now) {
        String pk = IntakeKeys.call(ccid, callUuid);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(pk))
                    .updateExpression("SET #st = :stored, storedSeq = :seq, storedAt = :now, attempts = :zero, "
                            + "expiresAt = :expires REMOVE duePK, dueSK, statusPK, statusSK, firstAttemptAt, lastError, dueAt")
                    .conditionExpression("changeSeq = :seq AND #st <> :dead")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":stored", AttributeValue.fromS("STORED"),
                            ":seq", AttributeValue.fromN(Long.toString(seenSeq)), ":now", AttributeValue.fromS(IntakeKeys.sortableTime(now)),
                            ":zero", AttributeValue.fromN("0"), ":dead", AttributeValue.fromS(IntakeStatus.DEAD.name()),
                            ":expires", AttributeValue.fromN(Long.toString(now.plus(IntakeKeys.RETENTION).getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * An attempt failed: a retryable failure is tried again on the back-off schedule until the deadline counted
     * from the first failure; a permanent one, or one past the deadline, dead-letters the call (it stays, without
     * expiry, until an operator re-drives it).
     */
    Failure recordFailure(String ccid, String callUuid, int attemptsBefore, Instant firstAttemptAt, String error,
                          boolean permanent, Instant now) {
        String pk = IntakeKeys.call(ccid, callUuid);
        int attempts = attemptsBefore + 1;
        Instant first = firstAttemptAt != null ? firstAttemptAt : now;
        Optional<Instant> next = permanent ? Optional.empty() : retry.nextAttempt(first, attempts, now);
        IntakeStatus status = next.isPresent() ? IntakeStatus.RETRYING : IntakeStatus.DEAD;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(status.name()));
        values.put(":attempts", AttributeValue.fromN(Integer.toString(attempts)));
        values.put(":first", AttributeValue.fromS(IntakeKeys.sortableTime(first)));
        values.put(":error", AttributeValue.fromS(error.length() > 1000 ? error.substring(0, 1000) : error));
        StringBuilder set = new StringBuilder("SET #st = :status, attempts = :attempts, firstAttemptAt = :first, lastError = :error");
        IntakeKeys.status(ccid, status, first, pk, IntakeKeys.STATE).forEach((k, v) -> {
            set.append(", ").append(k).append(" = :").append(k);
            values.put(":" + k, v);
        });
        String remove;
        if (next.isPresent()) {
            values.put(":dueAt", AttributeValue.fromS(IntakeKeys.sortableTime(next.get())));
            set.append(", dueAt = :dueAt");
            IntakeKeys.due(pk, IntakeKeys.STATE, next.get()).forEach((k, v) -> {
                set.append(", ").append(k).append(" = :").append(k);
                values.put(":" + k, v);
            });
            values.put(":expires", AttributeValue.fromN(Long.toString(now.plus(IntakeKeys.RETENTION).getEpochSecond())));
            set.append(", expiresAt = :expires");
            remove = "";
        } else {
            remove = " REMOVE duePK, dueSK, dueAt, expiresAt";
        }
        String expression = set + remove;
        dynamo.updateItem(b -> b.tableName(table).key(key(pk)).updateExpression(expression)
                .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values));
        if (next.isEmpty()) {
            keepUntilRedriven(pk);
        }
        return new Failure(attempts, next);
    }

    /**
     * A dead-lettered call keeps its segments and events until an operator re-drives it, however long that takes:
     * their expiry (45 days after arrival) is removed. Dead letters are rare, so one Query and a write per item is
     * no cost that matters.
     */
    private void keepUntilRedriven(String pk) {
        var pages = dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk").filterExpression("attribute_exists(#exp)")
                .projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#pk", IntakeKeys.PK, "#sk", IntakeKeys.SK, "#exp", IntakeKeys.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))));
        for (Map<String, AttributeValue> item : pages.items()) {
            dynamo.updateItem(b -> b.tableName(table).key(item).updateExpression("REMOVE #exp")
                    .expressionAttributeNames(Map.of("#exp", IntakeKeys.EXPIRES_AT)));
        }
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(IntakeKeys.PK, AttributeValue.fromS(pk), IntakeKeys.SK, AttributeValue.fromS(IntakeKeys.STATE));
    }
}
