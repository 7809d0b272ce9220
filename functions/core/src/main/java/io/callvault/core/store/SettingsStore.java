package io.callvault.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callvault.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Settings groups in the control table (spec api-search.md §5.3): {@code PK = CC#{ccid}#GROUP#{group}},
 * {@code SK = NAME#{name}#LOC#{location}}, one item per setting and location. A group's settings are one
 * partition, read with one query; the value is canonical JSON text without its secret fields, which live in
 * Secrets Manager under the item's {@code secretName}.
 */
public final class SettingsStore {
    /** Settings one request may write together: one DynamoDB transaction. */
    public static final int MAX_PER_WRITE = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public SettingsStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String pk(String ccid, String group) {
        return "CC#" + ccid + "#GROUP#" + group;
    }

    static String sk(String name, String location) {
        return "NAME#" + name + "#LOC#" + location;
    }

    /** Every setting of the group at every location (strongly consistent). */
    public List<StoredSetting> list(String ccid, String group) {
        List<StoredSetting> out = new ArrayList<>();
        ControlQueries.partition(dynamo, table, pk(ccid, group)).forEach(i -> out.add(fromItem(i)));
        return out;
    }

    public Optional<StoredSetting> find(String ccid, String group, String name, String location) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(ccid, group, name, location))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * One setting to write: {@code expectedVersion} 0 creates it (it must not exist), any other value updates
     * the stored setting of that version.
     */
    public record Write(String name, String location, com.fasterxml.jackson.databind.JsonNode value, String secretName,
                        long expectedVersion) {}

    /**
     * What a group adds to each item it stores: string attributes that put the item in an index (the
     * {@code gir-scheduler} group's {@code ScheduleIndex} keys), computed from the value as stored. {@link #NONE}
     * for the other groups. An attribute it leaves out is absent from the item: a write replaces the whole item.
     */
    @FunctionalInterface
    public interface IndexAttributes {
        IndexAttributes NONE = (ccid, name, location, storedValue) -> Map.of();

        Map<String, String> of(String ccid, String name, String location,
                               com.fasterxml.jackson.databind.JsonNode storedValue);
    }

    /**
     * Writes the settings in one transaction: all or none. A setting created or changed by someone else
     * since it was read (or created twice) is a {@link ConflictException}, and nothing is written.
     *
     * @param index the group's index attributes for each item ({@link IndexAttributes#NONE} for none)
     */
    public void write(String ccid, String group, IndexAttributes index, List<Write> writes, String actor) {
        if (writes.isEmpty() || writes.size() > MAX_PER_WRITE) {
            throw new IllegalArgumentException("1 to " + MAX_PER_WRITE + " settings per write, not " + writes.size());
        }
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>();
        for (Write w : writes) {
            Map<String, AttributeValue> item = new HashMap<>(key(ccid, group, w.name(), w.location()));
            item.put("name", s(w.name()));
            item.put("location", s(w.location()));
            item.put("value", s(Json.canonical(w.value())));
            if (w.secretName() != null) {
                item.put("secretName", s(w.secretName()));
            }
            item.put("version", n(w.expectedVersion() + 1));
            item.put("updatedAt", n(now));
            item.put("updatedBy", s(actor));
            index.of(ccid, w.name(), w.location(), w.value()).forEach((attribute, value) -> {
                if (item.put(attribute, s(value)) != null) {
                    throw new IllegalStateException("a group's index attribute " + attribute + " would replace an "
                            + "attribute of the setting item");
                }
            });
            Put.Builder put = Put.builder().tableName(table).item(item);
            if (w.expectedVersion() == 0) {
                put.conditionExpression("attribute_not_exists(PK)");
            } else {
                put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(w.expectedVersion())));
            }
            items.add(TransactWriteItem.builder().put(put.build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw new ConflictException("a setting was created or changed by another request meanwhile; read it and try again");
        }
    }

    /** Deletes one setting and returns what it held, or empty when there was none. */
    public Optional<StoredSetting> delete(String ccid, String group, String name, String location) {
        try {
            var old = dynamo.deleteItem(b -> b.tableName(table).key(key(ccid, group, name, location))
                    .conditionExpression("attribute_exists(PK)").returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.of(fromItem(old));
        } catch (ConditionalCheckFailedException absent) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> key(String ccid, String group, String name, String location) {
        return Map.of("PK", s(pk(ccid, group)), "SK", s(sk(name, location)));
    }

    static StoredSetting fromItem(Map<String, AttributeValue> item) {
        try {
            return new StoredSetting(item.get("name").s(), item.get("location").s(), Json.parse(item.get("value").s()),
                    item.containsKey("secretName") ? item.get("secretName").s() : null,
                    Long.parseLong(item.get("version").n()),
                    java.time.Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())), item.get("updatedBy").s());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored setting's value is not JSON: " + item.get("SK").s(), e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
