package io.callvault.core.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.lifecycle.ScheduleIndex;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Lifecycle rules as the scheduler reads them: the tenants' {@code gir-scheduler} settings (written through the
 * settings API, {@link SettingsStore}), found by location and minute through the control table's sparse
 * {@link ScheduleIndex}, and one rule by its key.
 *
 * <p>The index is eventually consistent and holds enabled rules only. A run should read its rule again with
 * {@link #find} (strongly consistent) before acting: the rule may have been disabled, changed or deleted since the
 * index was read. Thread-safe.
 */
public final class LifecycleRuleStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final SettingsStore settings;

    /**
     * A stored rule.
     *
     * @param ccid     the contact center
     * @param name     the rule's name (its setting's name)
     * @param location the node path of the stacks that run it (its setting's location, exact match)
     * @param rule     the parsed value
     * @param version  the setting's version, bumped by every write (a run can record which version it ran)
     */
    public record StoredRule(String ccid, String name, String location, LifecycleRule rule, long version,
                             Instant updatedAt, String updatedBy) {}

    public LifecycleRuleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.settings = new SettingsStore(dynamo, table, Clock.systemUTC());
    }

    /** From a function's environment: {@code CONTROL_TABLE}. */
    public static LifecycleRuleStore from(FunctionEnvironment env) {
        return new LifecycleRuleStore(AwsClients.dynamoDb(env), env.require("CONTROL_TABLE"));
    }

    /**
     * The enabled rules of every contact center at exactly {@code location} whose {@code repeatDailyAt} falls in the
     * minute of {@code minute} (its seconds are ignored; each rule keeps its own seconds), in
     * {@code ccid#name} order. One query of the index, page by page.
     *
     * <p>A stored value that no longer parses (a stricter codec than the one that stored it) is left out and logged
     * as one JSON line on standard error naming the rule, so that one tenant's broken rule does not stop the
     * others' from running.
     */
    public List<StoredRule> dueAt(String location, LocalTime minute) {
        String partition = ScheduleIndex.partition(location, minute);
        List<StoredRule> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(ScheduleIndex.NAME)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", ScheduleIndex.PARTITION))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String ccid = ScheduleIndex.ccidOf(item.get(ScheduleIndex.SORT).s());
                StoredSetting stored = SettingsStore.fromItem(item);
                try {
                    StoredRule rule = toRule(ccid, stored);
                    if (rule.rule().enabled() && rule.location().equals(location)) {
                        out.add(rule);
                    }
                } catch (InvalidFieldException unreadable) {
                    System.err.println("{\"level\":\"ERROR\",\"message\":\"a stored lifecycle rule no longer validates; "
                            + "it is not run\",\"ccid\":" + text(ccid) + ",\"rule\":" + text(stored.name())
                            + ",\"location\":" + text(stored.location()) + ",\"error\":" + text(unreadable.getMessage())
                            + "}");
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * One rule, read strongly consistently, enabled or not; empty when there is none. A stored value that no
     * longer parses is an {@link IllegalStateException} naming the rule.
     */
    public Optional<StoredRule> find(String ccid, String name, String location) {
        return settings.find(ccid, LifecycleRuleCodec.GROUP, name, location).map(stored -> {
            try {
                return toRule(ccid, stored);
            } catch (InvalidFieldException e) {
                throw new IllegalStateException("the stored lifecycle rule " + name + " at " + location + " of contact "
                        + "center " + ccid + " no longer validates: " + e.getMessage(), e);
            }
        });
    }

    private static StoredRule toRule(String ccid, StoredSetting stored) {
        return new StoredRule(ccid, stored.name(), stored.location(), LifecycleRuleCodec.parse("value", stored.value()),
                stored.version(), stored.updatedAt(), stored.updatedBy());
    }

    private static String text(String s) {
        return JsonNodeFactory.instance.textNode(s).toString();
    }
}
