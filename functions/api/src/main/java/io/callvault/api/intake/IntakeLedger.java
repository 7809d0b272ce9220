package io.callvault.api.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.intake.CallIntake.Status;
import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.json.Json;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.model.SegmentFlag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The intake table's items of the raw intake and the interaction events (docs/intake-pipeline.md, "State"):
 * the {@code MEDIA#<mediaId>} guards, a call's {@code SEG#} and {@code EVT#} items and the registration of each
 * in its {@code STATE}; and {@link #load}, which reads a call back for enrichment.
 *
 * <p>Every write is idempotent, so a post that failed half-way can simply be posted again: guards and segments
 * are conditional puts that leave an existing item alone, a segment is registered in the STATE once (its mediaId
 * joins the {@code mediaIds} set under the condition that it is not in it yet), and events are registered by
 * count (see {@link #registerEvents}). Data items are always written before the STATE that counts them, so a
 * reader that sees a {@code changeSeq} finds every item it counts.
 *
 * <p>STATE attributes written here: {@code ccid}, {@code callUuid}, {@code status}, {@code changeSeq} (N),
 * {@code segments} (N), {@code mediaIds} (SS), {@code firstSeenAt}, {@code changedAt} (the last time intake bumped
 * {@code changeSeq}), {@code dueAt} and the due-index keys, the status-index keys and {@code expiresAt} (epoch
 * seconds). Read but left to the enrichment: {@code storedSeq}, {@code attempts}, {@code firstAttemptAt},
 * {@code lastError}. Times are {@link IntakeKeys#sortableTime} strings.
 */
public final class IntakeLedger {
    /** Largest media-file JSON one segment item holds: DynamoDB items end at 400 KB. */
    public static final int MAX_SEGMENT_JSON_BYTES = 350_000;

    public static final String STATUS = "status";
    public static final String CHANGE_SEQ = "changeSeq";
    public static final String STORED_SEQ = "storedSeq";
    public static final String SEGMENTS = "segments";
    public static final String MEDIA_IDS = "mediaIds";
    public static final String FIRST_SEEN_AT = "firstSeenAt";
    public static final String CHANGED_AT = "changedAt";
    public static final String DUE_AT = "dueAt";
    public static final String ATTEMPTS = "attempts";
    public static final String FIRST_ATTEMPT_AT = "firstAttemptAt";
    public static final String LAST_ERROR = "lastError";

    private static final int BATCH_GET = 100;
    private static final int BATCH_WRITE = 25;
    private static final int MAX_ATTEMPTS = 30;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public IntakeLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The guard of a mediaId: who posted it first, with what content, and how many posts conflicted with it since. */
    public record MediaGuard(String mediaId, String ccid, String callUuid, String fingerprint, Instant receivedAt,
                             long conflicts) {}

    /** An event as stored: its canonical JSON (what a repeat is compared with) and when it was written. */
    public record StoredEvent(String eventId, String canonical, Instant receivedAt) {}

    /**
     * What a registration in the STATE did.
     *
     * @param registered    this call counted something new in {@code changeSeq}
     * @param turnedPending the STATE became {@code PENDING} from none, {@code AWAITING_MEDIA} or {@code STORED}: a
     *                      check is to be queued
     * @param status        the status after it (null when there is no STATE)
     * @param dueAt         the STATE's {@code dueAt} after it (null when it waits for nothing)
     */
    public record Registration(boolean registered, boolean turnedPending, Status status, Instant dueAt) {
        /**
         * Nothing new was counted, and the call is PENDING and due already: the attempt that made it so may have
         * failed to queue its check (answering 503), so a repeated post queues it. A check too many only re-reads.
         */
        public boolean checkMayBeLost(Instant now) {
            return !registered && status == Status.PENDING && dueAt != null && !dueAt.isAfter(now);
        }
    }

    // ------------------------------------------------------------------ media guards and segments

    public Optional<MediaGuard> guard(String mediaId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(IntakeKeys.mediaGuard(mediaId), IntakeKeys.MEDIA_GUARD))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MediaGuard(mediaId, s(item, "ccid"), s(item, "callUuid"), s(item, "fingerprint"),
                time(item, "receivedAt"), n(item, "conflicts")));
    }

    /**
     * Claims the segment's mediaId for it: a put under the condition that there is no guard yet.
     *
     * @return empty when this call claimed it; otherwise the guard that was there first
     */
    public Optional<MediaGuard> claim(RawSegment segment) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = key(IntakeKeys.mediaGuard(segment.mediaId()), IntakeKeys.MEDIA_GUARD);
        item.put("ccid", str(segment.ccid()));
        item.put("callUuid", str(segment.recordingId()));
        item.put("fingerprint", str(segment.fingerprint()));
        item.put("receivedAt", str(IntakeKeys.sortableTime(now)));
        item.put(IntakeKeys.EXPIRES_AT, expiry(now));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return Optional.empty();
        } catch (ConditionalCheckFailedException claimedBefore) {
            return Optional.of(guard(segment.mediaId()).orElseThrow(() ->
                    new IllegalStateException("the guard of " + segment.mediaId() + " vanished while it was claimed")));
        }
    }

    /** Counts a post that brought other content under a claimed mediaId ({@code ADD conflicts 1}). */
    public void countConflict(String mediaId) {
        dynamo.updateItem(b -> b.tableName(table).key(key(IntakeKeys.mediaGuard(mediaId), IntakeKeys.MEDIA_GUARD))
                .updateExpression("ADD conflicts :one").conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    /**
     * The media file of a segment as its item keeps it: the guide's JSON without the receiver credential (the codec
     * removed it), with the times as parsed (the guide's format would round them to milliseconds).
     *
     * @throws IllegalArgumentException over {@link #MAX_SEGMENT_JSON_BYTES}
     */
    public static String segmentJson(RawSegment segment) {
        MediaFile m = segment.mediaFile();
        ObjectNode o = RecordingCodec.writeMediaFile(RecordingKind.CALL, segment.recordingId(), m, null, false);
        o.put("startTime", m.startTime().toString());
        o.put("stopTime", m.stopTime().toString());
        for (int i = 0; i < m.masks().size(); i++) {
            ((ObjectNode) o.get("masks").get(i)).put("time", m.masks().get(i).time().toString());
        }
        String json = Json.write(o);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SEGMENT_JSON_BYTES) {
            throw new IllegalArgumentException("is " + bytes + " bytes of JSON; at most " + MAX_SEGMENT_JSON_BYTES
                    + " are kept per media file");
        }
        return json;
    }

    /** Writes the segment's item unless it is there. @return whether it was written now */
    public boolean putSegment(RawSegment segment) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = key(IntakeKeys.call(segment.ccid(), segment.recordingId()),
                IntakeKeys.segment(segment.mediaId()));
        item.put("ccid", str(segment.ccid()));
        item.put("callUuid", str(segment.recordingId()));
        item.put("mediaId", str(segment.mediaId()));
        if (segment.sessionId() != null) {
            item.put("sessionId", str(segment.sessionId()));
        }
        item.put("fingerprint", str(segment.fingerprint()));
        item.put("mediaFile", str(segmentJson(segment)));
        item.put("flags", AttributeValue.fromL(segment.flags().stream().map(Enum::name).sorted().map(IntakeLedger::str).toList()));
        item.put("receivedAt", str(IntakeKeys.sortableTime(now)));
        item.put(IntakeKeys.EXPIRES_AT, expiry(now));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException there) {
            return false;
        }
    }

    /**
     * Registers a segment in its call's STATE, once: {@code changeSeq += 1}, {@code segments += 1}, the mediaId into
     * {@code mediaIds}, {@code firstSeenAt} if absent, {@code expiresAt} renewed (not on a DEAD call, which stays
     * until re-driven). No STATE, {@code AWAITING_MEDIA} or {@code STORED} becomes {@code PENDING}, due now, in the
     * status index since now; {@code PENDING}, {@code RETRYING} and {@code DEAD} keep their status and times.
     * Concurrent registrations only collide when one changes the status; the loser reads again and retries.
     */
    public Registration registerSegment(String ccid, String callUuid, String mediaId) {
        String pk = IntakeKeys.call(ccid, callUuid);
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> state = state(pk);
            Status status = Status.of(s(state, STATUS));
            if (state.containsKey(MEDIA_IDS) && state.get(MEDIA_IDS).ss().contains(mediaId)) {
                return new Registration(false, false, status, time(state, DUE_AT));
            }
            Instant now = clock.instant();
            StateUpdate u = new StateUpdate(ccid, callUuid, status, now)
                    .add(CHANGE_SEQ, AttributeValue.fromN("1"))
                    .add(SEGMENTS, AttributeValue.fromN("1"))
                    .add(MEDIA_IDS, AttributeValue.fromSs(List.of(mediaId)));
            u.condition("NOT contains(#" + MEDIA_IDS + ", :mediaId)", ":mediaId", str(mediaId));
            boolean turnsPending = status == null || status == Status.AWAITING_MEDIA || status == Status.STORED;
            if (turnsPending) {
                u.becomePending(pk);
            }
            if (update(pk, u)) {
                return new Registration(true, turnsPending, turnsPending ? Status.PENDING : status,
                        turnsPending ? now : time(state, DUE_AT));
            }
            backOff(attempt, "registering " + mediaId);
        }
    }

    // ------------------------------------------------------------------ events

    /**
     * The stored events among {@code eventIds}, by eventId: strongly consistent BatchGetItem, 100 keys a request,
     * keys DynamoDB leaves unprocessed (throttling, the 16 MB answer limit) asked for again with back-off.
     */
    public Map<String, StoredEvent> events(String ccid, String callUuid, Collection<String> eventIds) {
        String pk = IntakeKeys.call(ccid, callUuid);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : new LinkedHashSet<>(eventIds)) {
            keys.add(key(pk, IntakeKeys.event(id)));
        }
        Map<String, StoredEvent> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET))).consistentRead(true)
                    .projectionExpression("eventId, #event, receivedAt")
                    .expressionAttributeNames(Map.of("#event", "event")).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse got = dynamo.batchGetItem(b -> b.requestItems(ask));
                for (Map<String, AttributeValue> item : got.responses().getOrDefault(table, List.of())) {
                    StoredEvent e = new StoredEvent(s(item, "eventId"), s(item, "event"), time(item, "receivedAt"));
                    found.put(e.eventId(), e);
                }
                request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backOff(attempt, "reading events");
                }
            }
        }
        return found;
    }

    /**
     * Writes events, each as {@code EVT#<eventId>} holding its canonical JSON: BatchWriteItem, 25 a request, items
     * DynamoDB leaves unprocessed written again with back-off. The puts are unconditional (BatchWriteItem has no
     * conditions): callers write only events {@link #events} did not find, and of two posts racing with the same
     * new eventId the later write stays.
     */
    public void putEvents(String ccid, String callUuid, List<InteractionEvent> events) {
        Instant now = clock.instant();
        String pk = IntakeKeys.call(ccid, callUuid);
        List<WriteRequest> writes = new ArrayList<>();
        for (InteractionEvent e : events) {
            Map<String, AttributeValue> item = key(pk, IntakeKeys.event(e.eventId()));
            item.put("eventId", str(e.eventId()));
            item.put("event", str(InteractionEventCodec.canonical(e)));
            // The canonical JSON has the guide's milliseconds; the instant as parsed is kept beside it.
            item.put("occurredAt", str(e.occurredAt().toString()));
            item.put("receivedAt", str(IntakeKeys.sortableTime(now)));
            item.put(IntakeKeys.EXPIRES_AT, expiry(now));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH_WRITE) {
            List<WriteRequest> pending = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
                if (!pending.isEmpty()) {
                    backOff(attempt, "writing events");
                }
            }
        }
    }

    /**
     * Counts a post's events in the call's STATE: {@code changeSeq += newEvents} plus the repeated events that an
     * earlier attempt wrote but did not count because it died in between: those written after the STATE's last
     * count ({@code changedAt}), or with no STATE at all. (A count always follows its writes, so an attempt that
     * got as far as counting left {@code changedAt} at or after its {@code receivedAt}. The one case this misses
     * is an attempt that died before counting just after another writer counted, on a clock ahead of this one's;
     * that writer's check then most likely reads the event anyway.) Without a STATE one is created
     * {@code AWAITING_MEDIA} (in the status index, not due, expiring); {@code STORED} becomes {@code PENDING}, due
     * now; other statuses stay. Nothing to count writes nothing.
     *
     * @param repeatsWrittenAt when the repeated events of the post were written ({@code receivedAt})
     */
    public Registration registerEvents(String ccid, String callUuid, int newEvents, Collection<Instant> repeatsWrittenAt) {
        String pk = IntakeKeys.call(ccid, callUuid);
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> state = state(pk);
            Status status = Status.of(s(state, STATUS));
            Instant changedAt = time(state, CHANGED_AT);
            long uncounted = repeatsWrittenAt.stream()
                    .filter(t -> status == null || changedAt == null || t == null || t.isAfter(changedAt))
                    .count();
            long count = newEvents + uncounted;
            if (count == 0) {
                return new Registration(false, false, status, time(state, DUE_AT));
            }
            Instant now = clock.instant();
            StateUpdate u = new StateUpdate(ccid, callUuid, status, now)
                    .add(CHANGE_SEQ, AttributeValue.fromN(Long.toString(count)));
            boolean turnsPending = status == Status.STORED;
            if (status == null) {
                u.set(STATUS, str(Status.AWAITING_MEDIA.name()))
                        .setAll(IntakeKeys.status(ccid, IntakeStatus.AWAITING_MEDIA, now, pk, IntakeKeys.STATE));
            } else if (turnsPending) {
                u.becomePending(pk);
            }
            if (update(pk, u)) {
                Status after = status == null ? Status.AWAITING_MEDIA : turnsPending ? Status.PENDING : status;
                return new Registration(true, turnsPending, after, turnsPending ? now : time(state, DUE_AT));
            }
            backOff(attempt, "registering events");
        }
    }

    // ------------------------------------------------------------------ reading a call

    /**
     * Everything of one call, by one strongly consistent Query of its partition (all pages): segments rebuilt
     * exactly as the codec parsed them (media file, session id, flags and fingerprint), events as posted, and the
     * STATE's fields. A call nobody posted anything for has no segments, no events and a null status.
     */
    public CallIntake load(String ccid, String callUuid) {
        String pk = IntakeKeys.call(ccid, callUuid);
        List<RawSegment> segments = new ArrayList<>();
        List<InteractionEvent> events = new ArrayList<>();
        Map<String, AttributeValue> state = Map.of();
        var pages = dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", str(pk))));
        for (var page : pages) {
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = item.get(IntakeKeys.SK).s();
                if (sk.startsWith(IntakeKeys.SEGMENT_PREFIX)) {
                    segments.add(segmentOf(ccid, callUuid, item));
                } else if (sk.startsWith(IntakeKeys.EVENT_PREFIX)) {
                    events.add(eventOf(callUuid, item));
                } else if (sk.equals(IntakeKeys.STATE)) {
                    state = item;
                }
            }
        }
        return new CallIntake(ccid, callUuid, segments, events, s(state, STATUS), n(state, CHANGE_SEQ),
                n(state, STORED_SEQ), n(state, SEGMENTS), time(state, FIRST_SEEN_AT), time(state, DUE_AT),
                (int) n(state, ATTEMPTS), time(state, FIRST_ATTEMPT_AT), s(state, LAST_ERROR));
    }

    private static RawSegment segmentOf(String ccid, String callUuid, Map<String, AttributeValue> item) {
        MediaFile media = RecordingCodec.readMediaFile(parse(s(item, "mediaFile")), "mediaFile", false);
        EnumSet<SegmentFlag> flags = EnumSet.noneOf(SegmentFlag.class);
        if (item.containsKey("flags")) {
            item.get("flags").l().forEach(f -> flags.add(SegmentFlag.valueOf(f.s())));
        }
        return new RawSegment(ccid, callUuid, s(item, "sessionId"), media, flags, s(item, "fingerprint"));
    }

    private static InteractionEvent eventOf(String callUuid, Map<String, AttributeValue> item) {
        InteractionEvent e = InteractionEventCodec.readEvent(parse(s(item, "event")), "event", callUuid);
        String occurredAt = s(item, "occurredAt");
        return occurredAt == null ? e : new InteractionEvent(e.eventId(), e.type(), Instant.parse(occurredAt),
                e.callUuid(), e.contact(), e.agentId(), e.data(), e.callType());
    }

    // ------------------------------------------------------------------ the STATE item

    private Map<String, AttributeValue> state(String pk) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(pk, IntakeKeys.STATE))).item();
        return item == null ? Map.of() : item;
    }

    /** Applies the update; false when its condition (the status read before, or more) no longer holds. */
    private boolean update(String pk, StateUpdate u) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(pk, IntakeKeys.STATE))
                    .updateExpression(u.expression()).conditionExpression(u.condition)
                    .expressionAttributeNames(u.names).expressionAttributeValues(u.values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * One UpdateItem of a STATE, conditional on the status it was computed from. Sets what every registration sets:
     * {@code ccid}, {@code callUuid}, {@code changedAt}, {@code firstSeenAt} if absent, and {@code expiresAt} unless
     * the call is DEAD.
     */
    private final class StateUpdate {
        final List<String> sets = new ArrayList<>();
        final List<String> adds = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        final String ccid;
        final Instant now;
        String condition;

        StateUpdate(String ccid, String callUuid, Status expected, Instant now) {
            this.ccid = ccid;
            this.now = now;
            set("ccid", str(ccid)).set("callUuid", str(callUuid)).set(CHANGED_AT, str(IntakeKeys.sortableTime(now)));
            sets.add(name(FIRST_SEEN_AT) + " = if_not_exists(" + name(FIRST_SEEN_AT) + ", " + value(FIRST_SEEN_AT,
                    str(IntakeKeys.sortableTime(now))) + ")");
            if (expected != Status.DEAD) {
                set(IntakeKeys.EXPIRES_AT, expiry(now));
            }
            if (expected == null) {
                condition = "attribute_not_exists(" + name(STATUS) + ")";
            } else {
                condition = name(STATUS) + " = :expectedStatus";
                values.put(":expectedStatus", str(expected.name()));
            }
        }

        StateUpdate set(String attribute, AttributeValue v) {
            sets.add(name(attribute) + " = " + value(attribute, v));
            return this;
        }

        StateUpdate setAll(Map<String, AttributeValue> attributes) {
            attributes.forEach(this::set);
            return this;
        }

        StateUpdate add(String attribute, AttributeValue v) {
            adds.add(name(attribute) + " " + value(attribute, v));
            return this;
        }

        void condition(String more, String placeholder, AttributeValue v) {
            condition = condition + " AND " + more;
            values.put(placeholder, v);
        }

        /** PENDING, due now (due index), unfinished since now (status index). */
        void becomePending(String pk) {
            set(STATUS, str(Status.PENDING.name())).set(DUE_AT, str(IntakeKeys.sortableTime(now)))
                    .setAll(IntakeKeys.due(pk, IntakeKeys.STATE, now))
                    .setAll(IntakeKeys.status(ccid, IntakeStatus.PENDING, now, pk, IntakeKeys.STATE));
        }

        String expression() {
            return "SET " + String.join(", ", sets) + (adds.isEmpty() ? "" : " ADD " + String.join(", ", adds));
        }

        private String name(String attribute) {
            names.put("#" + attribute, attribute);
            return "#" + attribute;
        }

        private String value(String attribute, AttributeValue v) {
            values.put(":" + attribute, v);
            return ":" + attribute;
        }
    }

    // ------------------------------------------------------------------ helpers

    private AttributeValue expiry(Instant now) {
        return AttributeValue.fromN(Long.toString(now.plus(IntakeKeys.RETENTION).getEpochSecond()));
    }

    private static void backOff(int attempt, String what) {
        if (attempt >= MAX_ATTEMPTS) {
            throw new IllegalStateException("gave up " + what + " after " + attempt + " attempts");
        }
        long cap = Math.min(250, 5L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(IntakeKeys.PK, str(pk));
        key.put(IntakeKeys.SK, str(sk));
        return key;
    }

    private static AttributeValue str(String v) {
        return AttributeValue.fromS(v);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        String v = s(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an intake item's JSON does not parse", e);
        }
    }
}
