package io.callvault.core.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Label definitions per contact center in the control table: {@code PK = CC#{ccid}#LABELDEF},
 * {@code SK = name}. The built-in {@value #SCREEN_RECORDING} (the label the muxer puts on a call once its
 * screen is joined to it) is defined for every tenant without an item, and cannot be created or deleted.
 */
public final class LabelDefinitionStore {
    public static final String SCREEN_RECORDING = "screenRecording";
    /** Definitions one tenant may hold, so that the list stays one small answer. */
    public static final int MAX_DEFINITIONS = 1000;
    private static final LabelDefinition SCREEN_RECORDING_DEFINITION = new LabelDefinition(SCREEN_RECORDING,
            "Applied by the muxer to a call recording whose screen recording is joined to it", true, null, null);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public LabelDefinitionStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    private static String pk(String ccid) {
        return "CC#" + ccid + "#LABELDEF";
    }

    /** Defines a label; a name already defined (built-in or not) is a conflict, as is a tenant at its limit. */
    public LabelDefinition create(String ccid, String name, String description, String createdBy) {
        if (SCREEN_RECORDING.equals(name)) {
            throw new ConflictException("label " + name + " is already defined (built in)");
        }
        if (list(ccid).size() > MAX_DEFINITIONS) {
            throw new ConflictException("the contact center already has " + MAX_DEFINITIONS
                    + " label definitions; delete one first");
        }
        LabelDefinition def = new LabelDefinition(name, description, false, Instant.ofEpochMilli(clock.millis()), createdBy);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", s(pk(ccid)));
        item.put("SK", s(name));
        item.put("description", s(description));
        item.put("createdAt", AttributeValue.fromN(Long.toString(def.createdAt().toEpochMilli())));
        item.put("createdBy", s(createdBy));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return def;
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("label " + name + " is already defined");
        }
    }

    public Optional<LabelDefinition> find(String ccid, String name) {
        if (SCREEN_RECORDING.equals(name)) {
            return Optional.of(SCREEN_RECORDING_DEFINITION);
        }
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(ccid)), "SK", s(name)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The built-in definition first, then the tenant's own in name order. */
    public List<LabelDefinition> list(String ccid) {
        List<LabelDefinition> out = new ArrayList<>();
        out.add(SCREEN_RECORDING_DEFINITION);
        ControlQueries.partition(dynamo, table, pk(ccid)).forEach(i -> out.add(fromItem(i)));
        return out;
    }

    /** Removes a definition: false when it was not defined; a built-in one is a conflict. */
    public boolean delete(String ccid, String name) {
        if (SCREEN_RECORDING.equals(name)) {
            throw new ConflictException("label " + name + " is built in and cannot be deleted");
        }
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("PK", s(pk(ccid)), "SK", s(name)))
                    .conditionExpression("attribute_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    private static LabelDefinition fromItem(Map<String, AttributeValue> item) {
        return new LabelDefinition(item.get("SK").s(), item.get("description").s(), false,
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())), item.get("createdBy").s());
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
