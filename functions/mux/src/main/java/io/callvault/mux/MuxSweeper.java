package io.callvault.mux;

import io.callvault.core.mux.MuxStarter;

import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The sweeper (spec muxer.md §5.1, T3; the old muxer's polling window): every screen recording that started within
 * the window and is not muxed from its current state gets an execution, for whatever a trigger missed. It reads the
 * day buckets of GSI1, then the screens' and calls' META items, and starts a run when a screen was never muxed, failed
 * fewer than {@value #MAX_ATTEMPTS} times, or was muxed before its call or itself last changed. Executions are named
 * after that state, so a sweep that finds the same state again starts nothing new; the plan decides the rest.
 */
public final class MuxSweeper {
    static final int MAX_ATTEMPTS = 5;
    private static final String GSI1 = "GSI1";

    public record Report(int screensSeen, int started) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final ContactCenterStore tenants;
    private final MuxStarter starter;
    private final Clock clock;
    private final Duration window;

    public MuxSweeper(DynamoDbClient dynamo, String table, ContactCenterStore tenants, MuxStarter starter, Clock clock,
                      Duration window) {
        this.dynamo = dynamo;
        this.table = table;
        this.tenants = tenants;
        this.starter = starter;
        this.clock = clock;
        this.window = window;
    }

    public Report sweep() {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        int seen = 0;
        int started = 0;
        for (ContactCenter cc : tenants.list()) {
            for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC));
                 day = day.plusDays(1)) {
                List<String> screenIds = screensOfDay(cc.id(), day, from, to);
                seen += screenIds.size();
                for (int i = 0; i < screenIds.size(); i += 50) {
                    started += startStale(cc.id(), screenIds.subList(i, Math.min(screenIds.size(), i + 50)));
                }
            }
        }
        return new Report(seen, started);
    }

    private List<String> screensOfDay(String ccid, LocalDate day, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        String pk = Keys.startDay(ccid, day.atStartOfDay(ZoneOffset.UTC).toInstant());
        String marker = "#" + RecordingKind.SCREEN.name() + "#";
        dynamo.queryPaginator(b -> b.tableName(table).indexName(GSI1)
                        .keyConditionExpression("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                                ":from", AttributeValue.fromS(String.format("%013d", from.toEpochMilli())),
                                ":to", AttributeValue.fromS(String.format("%013d~", to.toEpochMilli())))))
                .items().forEach(item -> {
                    String sk = item.get("GSI1SK").s();
                    int at = sk.indexOf(marker);
                    if (at > 0) {
                        ids.add(sk.substring(at + marker.length()));
                    }
                });
        return ids;
    }

    private int startStale(String ccid, List<String> screenIds) {
        Map<String, Map<String, AttributeValue>> screens = metas(ccid, RecordingKind.SCREEN, screenIds);
        List<String> callIds = screens.values().stream().filter(m -> m.containsKey("callRecordingId"))
                .map(m -> m.get("callRecordingId").s()).distinct().toList();
        Map<String, Map<String, AttributeValue>> calls = metas(ccid, RecordingKind.CALL, callIds);
        int started = 0;
        for (Map<String, AttributeValue> screen : screens.values()) {
            if (!screen.containsKey("callRecordingId") || screen.containsKey("deleting")) {
                continue;
            }
            String callId = screen.get("callRecordingId").s();
            Map<String, AttributeValue> call = calls.get(callId);
            String cause = cause(screen, call);
            if (cause != null && starter.start(ccid, callId, "SWEEP", cause)) {
                started++;
            }
        }
        return started;
    }

    /** Why the screen needs a run, in words that change exactly when its state does; null when it needs none. */
    static String cause(Map<String, AttributeValue> screen, Map<String, AttributeValue> call) {
        String id = screen.get("id").s();
        long screenUpdated = number(screen, "updatedAt");
        long callUpdated = call == null ? 0 : number(call, "updatedAt");
        String state = screen.containsKey("muxState") ? screen.get("muxState").s() : null;
        int attempts = (int) number(screen, "muxAttempts");
        if (state == null) {
            return "sweep:new:" + id + ":" + screenUpdated + ":" + callUpdated;
        }
        if (state.equals(MuxStore.STATE_FAILED) || state.equals(MuxStore.STATE_EXPIRED)) {
            long failedAt = number(screen, "muxFailedAt");
            if (state.equals(MuxStore.STATE_FAILED) && attempts < MAX_ATTEMPTS) {
                return "sweep:retry:" + id + ":" + attempts;
            }
            return Math.max(screenUpdated, callUpdated) > failedAt ? "sweep:changed:" + id + ":" + screenUpdated + ":" + callUpdated : null;
        }
        long committed = number(screen, "muxCommittedAt");
        return Math.max(screenUpdated, callUpdated) > committed ? "sweep:changed:" + id + ":" + screenUpdated + ":" + callUpdated : null;
    }

    private Map<String, Map<String, AttributeValue>> metas(String ccid, RecordingKind kind, List<String> ids) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Map<String, AttributeValue>> keys = ids.stream().map(id -> Map.of(Keys.PK,
                AttributeValue.fromS(Keys.recording(ccid, kind, id)), Keys.SK, AttributeValue.fromS(Keys.META))).toList();
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            response.responses().getOrDefault(table, List.of()).forEach(m -> out.put(m.get("id").s(), m));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return out;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
