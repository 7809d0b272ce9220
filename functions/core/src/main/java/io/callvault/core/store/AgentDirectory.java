package io.callvault.core.store;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.AgentNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The tenant's agent directory in the control table: {@code PK = CC#{ccid}#AGENT}, {@code SK} = the user
 * name's key ({@link AgentNames#key}: lower case, so lookups ignore case), attributes {@code username} (as
 * given), {@code firstName}, {@code lastName}, {@code hierarchy} (list of paths), {@code updatedAt},
 * {@code updatedBy}. One partition per tenant: the list pages through it in user-name order, and
 * {@link #lookup} fetches a call's agents with one {@code BatchGetItem}.
 */
public final class AgentDirectory {
    /** Agents one bulk request provisions: one DynamoDB transaction (at most 100 items). */
    public static final int MAX_BULK = 100;
    public static final int MAX_PAGE = 1000;
    private static final int BATCH_GET = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public AgentDirectory(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** From a function's environment ({@code CONTROL_TABLE}), for the enrichment. */
    public static AgentDirectory from(FunctionEnvironment env) {
        return new AgentDirectory(AwsClients.dynamoDb(env), env.require("CONTROL_TABLE"), Clock.systemUTC());
    }

    static String pk(String ccid) {
        return "CC#" + ccid + "#AGENT";
    }

    /**
     * The directory's agents for the given user names, whatever their case: each name asked for that is
     * known maps to its agent (two casings of one name map to the same agent); unknown or malformed names
     * are left out. One strongly consistent {@code BatchGetItem} per 100 distinct names; keys DynamoDB leaves
     * unprocessed are asked for again with backoff.
     */
    public Map<String, Agent> lookup(String ccid, Collection<String> usernames) {
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (String u : usernames) {
            if (AgentNames.isUsername(u)) {
                keyOf.put(u, AgentNames.key(u));
            }
        }
        Set<String> keys = new LinkedHashSet<>(keyOf.values());
        Map<String, Agent> byKey = new HashMap<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += BATCH_GET) {
            List<Map<String, AttributeValue>> chunk = new ArrayList<>();
            for (String key : all.subList(from, Math.min(all.size(), from + BATCH_GET))) {
                chunk.add(Map.of("PK", s(pk(ccid)), "SK", s(key)));
            }
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new IllegalStateException("DynamoDB left agent keys unprocessed " + MAX_ATTEMPTS + " times");
                }
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse got = dynamo.batchGetItem(b -> b.requestItems(ask));
                got.responses().getOrDefault(table, List.of()).forEach(i -> byKey.put(i.get("SK").s(), fromItem(i)));
                request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backOff(attempt);
                }
            }
        }
        Map<String, Agent> out = new LinkedHashMap<>();
        keyOf.forEach((username, key) -> {
            Agent agent = byKey.get(key);
            if (agent != null) {
                out.put(username, agent);
            }
        });
        return out;
    }

    public Optional<Agent> find(String ccid, String username) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(ccid)), "SK", s(AgentNames.key(username))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Stores (creates or replaces) one agent; true when it was not in the directory before. */
    public boolean put(String ccid, Agent agent, String actor) {
        var old = dynamo.putItem(b -> b.tableName(table).item(toItem(ccid, agent, actor))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old == null || old.isEmpty();
    }

    /** Stores up to {@value #MAX_BULK} agents (distinct keys) in one transaction: all or none. */
    public void putAll(String ccid, List<Agent> agents, String actor) {
        if (agents.isEmpty() || agents.size() > MAX_BULK) {
            throw new IllegalArgumentException("1 to " + MAX_BULK + " agents per transaction, not " + agents.size());
        }
        List<TransactWriteItem> items = agents.stream().map(a -> TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(toItem(ccid, a, actor)).build()).build()).toList();
        dynamo.transactWriteItems(b -> b.transactItems(items));
    }

    /** Removes an agent; false when it was not in the directory. */
    public boolean delete(String ccid, String username) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("PK", s(pk(ccid)), "SK", s(AgentNames.key(username))))
                    .conditionExpression("attribute_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    /**
     * A page of agents in key order.
     *
     * @param after the key of the last agent of the previous page ({@link Page#lastKey}), or null for the first page
     */
    public Page page(String ccid, int limit, String after) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit " + limit);
        }
        List<Agent> agents = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Map<String, AttributeValue> from = after == null ? null : Map.of("PK", s(pk(ccid)), "SK", s(after));
        // One more than the page is read, so the last page says so; a query may also stop short (1 MB) and go on.
        while (true) {
            Map<String, AttributeValue> exclusive = from;
            int want = limit + 1 - agents.size();
            QueryResponse got = dynamo.query(b -> b.tableName(table).consistentRead(true).limit(want)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", s(pk(ccid))))
                    .exclusiveStartKey(exclusive));
            got.items().forEach(i -> {
                agents.add(fromItem(i));
                keys.add(i.get("SK").s());
            });
            if (agents.size() > limit) {
                return new Page(List.copyOf(agents.subList(0, limit)), keys.get(limit - 1));
            }
            if (!got.hasLastEvaluatedKey() || got.lastEvaluatedKey().isEmpty()) {
                return new Page(agents, null);
            }
            from = got.lastEvaluatedKey();
        }
    }

    /** @param lastKey the key to continue after, or null when this is the last page */
    public record Page(List<Agent> agents, String lastKey) {}

    private Map<String, AttributeValue> toItem(String ccid, Agent agent, String actor) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", s(pk(ccid)));
        item.put("SK", s(AgentNames.key(agent.username())));
        item.put("username", s(agent.username()));
        if (agent.firstName() != null) {
            item.put("firstName", s(agent.firstName()));
        }
        if (agent.lastName() != null) {
            item.put("lastName", s(agent.lastName()));
        }
        item.put("hierarchy", AttributeValue.fromL(agent.hierarchy().stream().map(AgentDirectory::s).toList()));
        item.put("updatedAt", AttributeValue.fromN(Long.toString(clock.millis())));
        item.put("updatedBy", s(actor));
        return item;
    }

    private static Agent fromItem(Map<String, AttributeValue> item) {
        return new Agent(item.get("username").s(),
                item.containsKey("firstName") ? item.get("firstName").s() : null,
                item.containsKey("lastName") ? item.get("lastName").s() : null,
                item.containsKey("hierarchy") ? item.get("hierarchy").l().stream().map(AttributeValue::s).toList() : List.of(),
                Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())), item.get("updatedBy").s());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 25L << attempt) + (long) (Math.random() * 25));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry unprocessed keys", e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
