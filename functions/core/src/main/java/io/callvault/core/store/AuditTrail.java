package io.callvault.core.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Who did what to which recording, and how it ended, in the guide's terms ("Delete metadata and
 * media-files of call-recording ... requested / failed / succeeded", L4058-L4080). Kept per contact
 * center in the audit table, newest last.
 */
public final class AuditTrail {
    public record Entry(Instant at, String ccid, String action, String target, String actor, String outcome,
                        String detail) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public AuditTrail(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public void record(String ccid, String action, String target, String actor, String outcome, String detail) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("CC#" + ccid));
        item.put("SK", AttributeValue.fromS(String.format("%013d#%s", now.toEpochMilli(), UUID.randomUUID())));
        item.put("action", AttributeValue.fromS(action));
        item.put("target", AttributeValue.fromS(target));
        item.put("actor", AttributeValue.fromS(actor));
        item.put("outcome", AttributeValue.fromS(outcome));
        if (detail != null) {
            item.put("detail", AttributeValue.fromS(detail));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    public List<Entry> list(String ccid) {
        List<Entry> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CC#" + ccid))).exclusiveStartKey(from));
            for (var i : page.items()) {
                out.add(new Entry(Instant.ofEpochMilli(Long.parseLong(i.get("SK").s().substring(0, 13))), ccid,
                        i.get("action").s(), i.get("target").s(), i.get("actor").s(), i.get("outcome").s(),
                        i.containsKey("detail") ? i.get("detail").s() : null));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
