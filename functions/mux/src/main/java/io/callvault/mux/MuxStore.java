package io.callvault.mux;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The muxer's reads and writes in the recordings table (docs/mux.md, "Data"). Reads a call's and its screens'
 * partitions; writes only with conditions: the lease a mux takes on a screen recording, the commit that attaches a
 * muxed file in one transaction with the call's label (conditional on both recordings' {@code version}, so inputs that
 * changed since they were read are never committed), and the failure record.
 */
public final class MuxStore {
    static final String LEASE = Keys.MUX_LEASE;
    static final String MUXED_INPUTS_HASH = "muxedInputsHash";
    static final String MUX_STATE = "muxState";
    public static final String STATE_DONE = "DONE";
    public static final String STATE_FAILED = "FAILED";
    public static final String STATE_EXPIRED = "EXPIRED";
    /** Longer than the mux function's 15-minute timeout: a lease outlives the run that took it only when it died. */
    static final Duration LEASE_TIME = Duration.ofMinutes(20);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public MuxStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reads

    public CallSide call(String ccid, String callId) {
        Partition p = read(Keys.recording(ccid, RecordingKind.CALL, callId));
        Map<String, AttributeValue> meta = p.meta;
        return new CallSide(ccid, callId, meta != null, meta != null && meta.containsKey("deleting"),
                meta == null ? 0 : number(meta, "version"), meta == null ? List.of() : labels(meta),
                meta != null && meta.containsKey("screenRecording") && meta.get("screenRecording").bool(),
                p.media.stream().map(MuxStore::inputOf).toList(), List.copyOf(p.screenLinks));
    }

    public ScreenSide screen(String ccid, String screenId) {
        Partition p = read(Keys.recording(ccid, RecordingKind.SCREEN, screenId));
        Map<String, AttributeValue> meta = p.meta;
        List<InputMedia> originals = new ArrayList<>();
        List<MuxedOutput> muxed = new ArrayList<>();
        for (Map<String, AttributeValue> item : p.media) {
            if (Keys.MEDIA_MUXED.equals(text(item, Keys.MEDIA_STATE))) {
                muxed.add(new MuxedOutput(item.get(Keys.SK).s().substring(Keys.MEDIA_PREFIX.length()),
                        text(item, "objectKey"), text(item, "inputsHash")));
            } else {
                originals.add(inputOf(item));
            }
        }
        ScreenSide.Lease lease = p.lease == null ? null : new ScreenSide.Lease(text(p.lease, "owner"),
                text(p.lease, "inputsHash"), Instant.ofEpochMilli(number(p.lease, "until")));
        if (meta == null) {
            return new ScreenSide(ccid, screenId, false, false, 0, null, originals, muxed, null, null, 0, null, lease);
        }
        return new ScreenSide(ccid, screenId, true, meta.containsKey("deleting"), number(meta, "version"),
                text(meta, "callRecordingId"), originals, muxed, text(meta, MUXED_INPUTS_HASH), text(meta, MUX_STATE),
                meta.containsKey("muxAttempts") ? (int) number(meta, "muxAttempts") : 0,
                meta.containsKey("muxCommittedAt") ? Instant.ofEpochMilli(number(meta, "muxCommittedAt")) : null, lease);
    }

    // ------------------------------------------------------------------ lease

    /**
     * Takes the right to mux these inputs of the screen recording: granted when nobody holds it, when its holder's
     * time ran out, when the holder is {@code owner} itself (a retried task), or when it covers other inputs (newer
     * inputs win). False means another run is muxing exactly these inputs now.
     */
    public boolean claim(String ccid, String screenId, String inputsHash, String owner) {
        Instant now = clock.instant();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Keys.PK, str(Keys.recording(ccid, RecordingKind.SCREEN, screenId)), Keys.SK, str(LEASE),
                            "owner", str(owner), "inputsHash", str(inputsHash),
                            "until", num(now.plus(LEASE_TIME).toEpochMilli())))
                    .conditionExpression("attribute_not_exists(PK) OR #until < :now OR #owner = :owner OR inputsHash <> :hash")
                    .expressionAttributeNames(Map.of("#until", "until", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":now", num(now.toEpochMilli()), ":owner", str(owner),
                            ":hash", str(inputsHash))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /** Gives the lease back if {@code owner} still holds it. */
    public void release(String ccid, String screenId, String owner) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(Keys.recording(ccid, RecordingKind.SCREEN, screenId), LEASE))
                    .conditionExpression("#owner = :owner").expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", str(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // taken over, or already gone
        }
    }

    // ------------------------------------------------------------------ commit

    /**
     * Attaches a muxed file to the screen recording, replacing the previous muxed files, marks the call
     * ({@code screenRecording: true}, label {@code screenRecording} when {@code label}) and ends the lease, in one
     * transaction that holds only if neither recording changed since {@code call} and {@code screen} were read.
     *
     * @return false when the transaction was cancelled: a recording changed in between; read again and decide
     */
    public boolean commit(CallSide call, ScreenSide screen, MediaFile muxedFile, String objectKey, String plaintextSha256,
                          String inputsHash, boolean label) {
        String screenPk = Keys.recording(screen.ccid(), RecordingKind.SCREEN, screen.id());
        String callPk = Keys.recording(call.ccid(), RecordingKind.CALL, call.id());
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(screenPk, Keys.META))
                .updateExpression("SET " + MUXED_INPUTS_HASH + " = :hash, " + MUX_STATE + " = :done, muxCommittedAt = :now, "
                        + "version = :next, updatedAt = :now REMOVE muxError")
                .conditionExpression("version = :v AND attribute_not_exists(deleting)")
                .expressionAttributeValues(Map.of(":hash", str(inputsHash), ":done", str(STATE_DONE), ":now", num(now),
                        ":v", num(screen.version()), ":next", num(screen.version() + 1)))).build());
        LinkedHashSet<String> labels = new LinkedHashSet<>(call.labels());
        if (label) {
            labels.add(MuxPlanner.SCREEN_RECORDING_LABEL);
        }
        if (!call.screenRecordingFlag() || labels.size() != call.labels().size()) {
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(callPk, Keys.META))
                    .updateExpression("SET screenRecording = :t, labels = :labels, version = :next, updatedAt = :now")
                    .conditionExpression("version = :v AND attribute_not_exists(deleting)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
                            ":labels", AttributeValue.fromL(labels.stream().map(MuxStore::str).toList()),
                            ":v", num(call.version()), ":next", num(call.version() + 1), ":now", num(now)))).build());
        } else {
            items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(callPk, Keys.META))
                    .conditionExpression("version = :v AND attribute_not_exists(deleting)")
                    .expressionAttributeValues(Map.of(":v", num(call.version())))).build());
        }
        String doc = Json.write(RecordingCodec.writeMediaFile(RecordingKind.SCREEN, screen.id(), muxedFile, null, true));
        Map<String, AttributeValue> media = new HashMap<>();
        media.put(Keys.PK, str(screenPk));
        media.put(Keys.SK, str(Keys.MEDIA_PREFIX + muxedFile.mediaId()));
        media.put("doc", str(doc));
        media.put("contentHash", str("muxed:" + inputsHash));
        media.put("startTime", num(muxedFile.startTime().toEpochMilli()));
        media.put("storedAt", num(now));
        media.put("objectKey", str(objectKey));
        media.put("plaintextSha256", str(plaintextSha256));
        media.put("storedObjectAt", num(now));
        media.put("inputsHash", str(inputsHash));
        media.put(Keys.MEDIA_STATE, str(Keys.MEDIA_MUXED));
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(media)
                .conditionExpression("attribute_not_exists(PK)")).build());
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(Map.of(Keys.PK, str(Keys.mediaGuard(screen.ccid(), muxedFile.mediaId())), Keys.SK, str(Keys.OWNER),
                        "owner", str(screenPk)))
                .conditionExpression("attribute_not_exists(PK) OR #owner = :owner")
                .expressionAttributeNames(Map.of("#owner", "owner"))
                .expressionAttributeValues(Map.of(":owner", str(screenPk)))).build());
        for (MuxedOutput old : screen.muxed()) {
            if (old.mediaId().equals(muxedFile.mediaId())) {
                continue;
            }
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(key(screenPk, Keys.MEDIA_PREFIX + old.mediaId()))).build());
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(key(Keys.mediaGuard(screen.ccid(), old.mediaId()), Keys.OWNER))).build());
        }
        items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(screenPk, LEASE))).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException changed) {
            return false;
        }
    }

    // ------------------------------------------------------------------ failure record

    /**
     * Records on the screen recording that its mux failed ({@value #STATE_FAILED}) or gave up waiting
     * ({@value #STATE_EXPIRED}), with the reason and the attempt count the sweeper's retries read; ends the lease.
     */
    public void recordFailure(String ccid, String screenId, String state, String reason) {
        String pk = Keys.recording(ccid, RecordingKind.SCREEN, screenId);
        String trimmed = reason.length() > MAX_ERROR_LENGTH ? reason.substring(0, MAX_ERROR_LENGTH) + "…" : reason;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(pk, Keys.META))
                    .updateExpression("SET " + MUX_STATE + " = :state, muxError = :error, muxFailedAt = :now, "
                            + "muxAttempts = if_not_exists(muxAttempts, :zero) + :one")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":state", str(state), ":error", str(trimmed),
                            ":now", num(clock.millis()), ":zero", num(0), ":one", num(1))));
        } catch (ConditionalCheckFailedException gone) {
            return; // the screen recording was deleted: nothing to record on
        }
        dynamo.deleteItem(b -> b.tableName(table).key(key(pk, LEASE)));
    }

    // ------------------------------------------------------------------ plumbing

    private static final class Partition {
        Map<String, AttributeValue> meta;
        Map<String, AttributeValue> lease;
        final List<Map<String, AttributeValue>> media = new ArrayList<>();
        final TreeSet<String> screenLinks = new TreeSet<>();
    }

    private Partition read(String pk) {
        Partition p = new Partition();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", str(pk)))
                    .exclusiveStartKey(start).build());
            for (var item : page.items()) {
                String sk = item.get(Keys.SK).s();
                if (sk.equals(Keys.META)) {
                    p.meta = item;
                } else if (sk.equals(LEASE)) {
                    p.lease = item;
                } else if (sk.startsWith(Keys.MEDIA_PREFIX)) {
                    p.media.add(item);
                } else if (sk.startsWith(Keys.SCREEN_LINK_PREFIX)) {
                    p.screenLinks.add(sk.substring(Keys.SCREEN_LINK_PREFIX.length()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return p;
    }

    private static InputMedia inputOf(Map<String, AttributeValue> item) {
        MediaFile file;
        try {
            file = RecordingCodec.readMediaFile(Json.parse(item.get("doc").s()), "stored", true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored media document is not JSON", e);
        }
        return new InputMedia(file, text(item, "objectKey"),
                item.containsKey("storedObjectAt") ? Instant.ofEpochMilli(number(item, "storedObjectAt")) : null);
    }

    private static List<String> labels(Map<String, AttributeValue> meta) {
        return meta.containsKey("labels") ? meta.get("labels").l().stream().map(AttributeValue::s).toList() : List.of();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, str(pk), Keys.SK, str(sk));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }

    private static AttributeValue num(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
