package io.callvault.core.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Contact centers in the control table: one item per tenant under a shared partition (tenants number in
 * the thousands, so one partition lists them all), and a name guard that keeps names unique.
 */
public final class ContactCenterStore {
    private static final String TENANTS = "TENANT";
    private static final String NAMES = "TENANT_NAME";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ContactCenterStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Creates a contact center. Creating one with the same name and region again returns the existing one
     * (a retried request, unless the caller asked for a different id); a taken name or id is a conflict.
     */
    public ContactCenter create(String id, boolean idChosenByCaller, String name, String region) {
        ContactCenter wanted = new ContactCenter(id, name, region, Instant.ofEpochMilli(clock.millis()));
        String nameKey = name.toLowerCase(Locale.ROOT);
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(wanted))
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(Map.of("PK", s(NAMES), "SK", s(nameKey), "id", s(id)))
                            .conditionExpression("attribute_not_exists(PK)").build()).build()));
            return wanted;
        } catch (TransactionCanceledException e) {
            Optional<ContactCenter> existing = byName(nameKey);
            if (existing.isPresent()) {
                ContactCenter cc = existing.get();
                if (cc.region().equals(region) && (!idChosenByCaller || cc.id().equals(id))) {
                    return cc;
                }
                throw new ConflictException("a contact center named \"" + name + "\" already exists with id "
                        + cc.id() + " in region " + cc.region());
            }
            throw new ConflictException("contact center " + id + " already exists");
        }
    }

    private Optional<ContactCenter> byName(String nameKey) {
        var guard = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(NAMES), "SK", s(nameKey)))).item();
        return guard == null || guard.isEmpty() ? Optional.empty() : find(guard.get("id").s());
    }

    public Optional<ContactCenter> find(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(TENANTS), "SK", s("CC#" + id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public List<ContactCenter> list() {
        List<ContactCenter> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TENANTS))).exclusiveStartKey(from));
            page.items().forEach(i -> out.add(fromItem(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private static Map<String, AttributeValue> toItem(ContactCenter cc) {
        return Map.of("PK", s(TENANTS), "SK", s("CC#" + cc.id()), "id", s(cc.id()), "name", s(cc.name()),
                "region", s(cc.region()), "createdAt", AttributeValue.fromN(Long.toString(cc.createdAt().toEpochMilli())));
    }

    private static ContactCenter fromItem(Map<String, AttributeValue> item) {
        return new ContactCenter(item.get("id").s(), item.get("name").s(), item.get("region").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
