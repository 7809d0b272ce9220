package io.callvault.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@link DynamoDbClient} that keeps one table's items in memory, starting empty, so that callvault's own store code
 * ({@code RecordingStore.ingest}, {@code locateMedia}, {@code attachObject}) can compute the items it would write for a
 * new recording without the round trips: the items it leaves here are then written to the real table in one
 * {@code BatchWriteItem}. It serves only what those calls use on a partition nobody else writes: {@code Query} by
 * {@code PK = :pk}, {@code GetItem}, {@code BatchGetItem}, {@code BatchWriteItem} puts, and {@code TransactWriteItems}
 * puts and updates of the form {@code SET a = :x, b = b + :y}; condition expressions are not evaluated (nothing else
 * writes the partition). Anything else throws, so a change in the store's requests fails the benchmark instead of
 * seeding something else.
 */
final class PartitionCapture implements InvocationHandler {
    private final String table;
    private final Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    private final DynamoDbClient client;

    PartitionCapture(String table) {
        this.table = table;
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this);
    }

    DynamoDbClient client() {
        return client;
    }

    /** What the store wrote, in key order. */
    List<Map<String, AttributeValue>> items() {
        return List.copyOf(items.values());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object request = args == null || args.length != 1 ? null : args[0];
        switch (method.getName()) {
            case "query":
                if (request instanceof QueryRequest q) {
                    return query(q);
                }
                break;
            case "getItem":
                if (request instanceof GetItemRequest g) {
                    checkTable(g.tableName());
                    Map<String, AttributeValue> item = items.get(key(g.key()));
                    return GetItemResponse.builder().item(item == null ? null : new HashMap<>(item)).build();
                }
                break;
            case "batchGetItem":
                if (request instanceof BatchGetItemRequest b) {
                    return batchGet(b);
                }
                break;
            case "batchWriteItem":
                if (request instanceof BatchWriteItemRequest b) {
                    for (var e : b.requestItems().entrySet()) {
                        checkTable(e.getKey());
                        for (WriteRequest w : e.getValue()) {
                            if (w.putRequest() == null) {
                                throw unsupported("a BatchWriteItem delete");
                            }
                            put(w.putRequest().item());
                        }
                    }
                    return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
                }
                break;
            case "transactWriteItems":
                if (request instanceof TransactWriteItemsRequest t) {
                    for (TransactWriteItem w : t.transactItems()) {
                        if (w.put() != null) {
                            checkTable(w.put().tableName());
                            put(w.put().item());
                        } else if (w.update() != null) {
                            update(w.update());
                        } else {
                            throw unsupported("a TransactWriteItems " + w);
                        }
                    }
                    return TransactWriteItemsResponse.builder().build();
                }
                break;
            case "serviceName":
                return DynamoDbClient.SERVICE_NAME;
            case "close":
                return null;
            case "toString":
                return "PartitionCapture(" + table + ")";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                break;
        }
        if (method.isDefault()) {
            // The Consumer<Builder> overloads build the request and call the overloads above.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw unsupported(method.getName());
    }

    private QueryResponse query(QueryRequest q) {
        checkTable(q.tableName());
        if (q.indexName() != null || !"PK = :pk".equals(q.keyConditionExpression()) || q.filterExpression() != null) {
            throw unsupported("a Query other than PK = :pk on the table: " + q);
        }
        String pk = q.expressionAttributeValues().get(":pk").s();
        List<Map<String, AttributeValue>> found = items.values().stream().filter(i -> i.get("PK").s().equals(pk))
                .sorted(Comparator.comparing(i -> i.get("SK").s())).map(i -> (Map<String, AttributeValue>) new HashMap<>(i))
                .toList();
        return QueryResponse.builder().items(found).count(found.size()).build();
    }

    private BatchGetItemResponse batchGet(BatchGetItemRequest b) {
        Map<String, List<Map<String, AttributeValue>>> responses = new HashMap<>();
        for (var e : b.requestItems().entrySet()) {
            checkTable(e.getKey());
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            for (Map<String, AttributeValue> k : e.getValue().keys()) {
                Map<String, AttributeValue> item = items.get(key(k));
                if (item != null) {
                    found.add(new HashMap<>(item));
                }
            }
            responses.put(e.getKey(), found);
        }
        return BatchGetItemResponse.builder().responses(responses).unprocessedKeys(Map.of()).build();
    }

    private void put(Map<String, AttributeValue> item) {
        items.put(key(item), new HashMap<>(item));
    }

    /** {@code SET a = :x, #b = :y, c = c + :z}: what the store's updates of a new recording use. */
    private void update(Update u) {
        checkTable(u.tableName());
        String expression = u.updateExpression().trim();
        if (!expression.startsWith("SET ")) {
            throw unsupported("the update " + expression);
        }
        Map<String, AttributeValue> item = items.get(key(u.key()));
        if (item == null) {
            throw new IllegalStateException("an update of an item the capture does not hold: " + u.key());
        }
        Map<String, String> names = u.expressionAttributeNames() == null ? Map.of() : u.expressionAttributeNames();
        Map<String, AttributeValue> values = u.expressionAttributeValues();
        for (String assignment : expression.substring(4).split(",")) {
            String[] sides = assignment.split("=", 2);
            if (sides.length != 2) {
                throw unsupported("the update " + expression);
            }
            String name = names.getOrDefault(sides[0].trim(), sides[0].trim());
            String[] terms = sides[1].trim().split("\\s*\\+\\s*");
            if (terms.length == 1 && terms[0].startsWith(":")) {
                item.put(name, values.get(terms[0]));
            } else if (terms.length == 2 && names.getOrDefault(terms[0], terms[0]).equals(name) && terms[1].startsWith(":")) {
                long sum = Long.parseLong(item.get(name).n()) + Long.parseLong(values.get(terms[1]).n());
                item.put(name, AttributeValue.fromN(Long.toString(sum)));
            } else {
                throw unsupported("the update " + expression);
            }
        }
    }

    private void checkTable(String name) {
        if (!table.equals(name)) {
            throw unsupported("a request to table " + name);
        }
    }

    private static String key(Map<String, AttributeValue> item) {
        return item.get("PK").s() + "\u0000" + item.get("SK").s();
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the benchmark's PartitionCapture does not serve " + what
                + "; RecordingStore's requests changed, update the benchmark");
    }
}
