package io.callvault.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.CallType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Recordings in DynamoDB, one partition per recording: a META item with the top-level fields, one item
 * per media file and one per event (so event history has no 400 KB ceiling), plus a guard item per
 * mediaId that keeps it unique in the contact center.
 *
 * <p>Every write to a recording bumps META's {@code version} under a condition, in the same transaction
 * as the media items: concurrent posts for one recording serialise on it and retry, so all of them land,
 * and a repeated post finds its media already stored and writes nothing.
 */
public final class RecordingStore {
    /** One event item may not exceed this; DynamoDB's item limit is 400 KB, keys and attributes included. */
    public static final int MAX_EVENT_BYTES = 350_000;
    private static final int MAX_TRANSACTION_ITEMS = 100;
    private static final int MAX_TRANSACTION_BYTES = 3_500_000;
    private static final int MAX_ATTEMPTS = 40;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public RecordingStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ ingest

    /**
     * Stores the posted recording's media files and events and merges its top-level fields into the stored
     * recording. Idempotent on mediaId: the same media file again changes nothing; the same mediaId with
     * other content, or under another recording, throws {@link ConflictException} having written nothing.
     */
    public IngestResult ingest(String ccid, Recording posted) {
        return ingestReportingNewMedia(ccid, posted).result();
    }

    /** What an ingest answers, and which of the posted media files this call stored for the first time. */
    public record IngestOutcome(IngestResult result, List<String> newlyStoredMediaIds) {}

    /** {@link #ingest}, also telling which media files are new: only those can have media waiting for them. */
    public IngestOutcome ingestReportingNewMedia(String ccid, Recording posted) {
        Map<String, String> postedHashes = new LinkedHashMap<>();
        for (MediaFile file : posted.mediaFiles()) {
            postedHashes.put(file.mediaId(), contentHash(posted, file));
        }
        Map<String, String> postedEvents = new LinkedHashMap<>();
        for (int i = 0; i < posted.eventHistory().size(); i++) {
            CallEvent event = posted.eventHistory().get(i);
            String doc = Json.write(RecordingCodec.writeEvent(event));
            if (doc.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
                throw new InvalidFieldException("eventHistory[" + i + "]",
                        "is larger than " + MAX_EVENT_BYTES / 1000 + " KB; split its attached data");
            }
            postedEvents.putIfAbsent(eventKey(event, doc), doc);
        }
        IngestResult result = new IngestResult(posted.id(), List.copyOf(postedHashes.keySet()));
        String pk = Keys.recording(ccid, posted.kind(), posted.id());

        for (int attempt = 1; ; attempt++) {
            Partition current = readPartition(pk);
            if (current.meta != null && current.meta.containsKey("deleting")) {
                throw new ConflictException("recording " + posted.id() + " is being deleted");
            }
            List<MediaFile> newMedia = new ArrayList<>();
            for (MediaFile file : posted.mediaFiles()) {
                Map<String, AttributeValue> stored = current.media.get(file.mediaId());
                if (stored == null) {
                    newMedia.add(file);
                } else if (!stored.get("contentHash").s().equals(postedHashes.get(file.mediaId()))) {
                    throw new ConflictException("media file " + file.mediaId()
                            + " is already stored with different content");
                }
            }
            for (MediaFile file : newMedia) {
                Optional<String> owner = guardOwner(ccid, file.mediaId());
                if (owner.isPresent() && !owner.get().equals(pk)) {
                    throw new ConflictException("media file " + file.mediaId()
                            + " is already stored under another recording");
                }
            }
            Map<String, String> newEvents = new LinkedHashMap<>(postedEvents);
            newEvents.keySet().removeAll(current.eventKeys);

            // A post that brings nothing new (a retry, a duplicate) must not undo what the API changed since.
            boolean bringsContent = current.meta == null || !newMedia.isEmpty() || !newEvents.isEmpty();
            Map<String, AttributeValue> merged = mergeMeta(ccid, current.meta, posted, bringsContent);
            boolean metaChanged = current.meta == null || !sameContent(current.meta, merged);
            if (newMedia.isEmpty() && newEvents.isEmpty() && !metaChanged) {
                return new IngestOutcome(result, List.of());
            }
            try {
                write(ccid, pk, current.meta, merged, newMedia, postedHashes, newEvents, posted);
                return new IngestOutcome(result, newMedia.stream().map(MediaFile::mediaId).toList());
            } catch (TransactionCanceledException e) {
                // Someone else wrote this recording, or the same mediaId, in between: read again and decide.
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("recording " + posted.id() + " stayed contended after "
                            + attempt + " attempts", e);
                }
                backoff(attempt);
            }
        }
    }

    private void write(String ccid, String pk, Map<String, AttributeValue> oldMeta, Map<String, AttributeValue> meta,
                       List<MediaFile> newMedia, Map<String, String> hashes, Map<String, String> newEvents,
                       Recording posted) {
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>();
        Map<String, AttributeValue> metaItem = new HashMap<>(meta);
        metaItem.put("updatedAt", num(now));
        metaItem.put("createdAt", oldMeta == null ? num(now) : oldMeta.get("createdAt"));
        long version = oldMeta == null ? 0 : Long.parseLong(oldMeta.get("version").n());
        metaItem.put("version", num(version + 1));
        Put.Builder metaPut = Put.builder().tableName(table).item(metaItem);
        if (oldMeta == null) {
            metaPut.conditionExpression("attribute_not_exists(PK)");
        } else {
            metaPut.conditionExpression("version = :v AND attribute_not_exists(deleting)")
                    .expressionAttributeValues(Map.of(":v", num(version)));
        }
        items.add(TransactWriteItem.builder().put(metaPut.build()).build());
        int bytes = 0;
        for (MediaFile file : newMedia) {
            MediaFile withPlay = file.withPlayId(UUID.randomUUID().toString());
            String doc = Json.write(RecordingCodec.writeMediaFile(posted.kind(), posted.id(), withPlay, null, true));
            bytes += doc.length();
            if (bytes > MAX_TRANSACTION_BYTES) {
                throw new InvalidFieldException("mediaFiles", "are more than " + MAX_TRANSACTION_BYTES / 1_000_000
                        + " MB together, too much to store at once; post them in several requests");
            }
            Map<String, AttributeValue> mediaItem = new HashMap<>();
            mediaItem.put(Keys.PK, str(pk));
            mediaItem.put(Keys.SK, str(Keys.MEDIA_PREFIX + file.mediaId()));
            mediaItem.put("doc", str(doc));
            mediaItem.put("contentHash", str(hashes.get(file.mediaId())));
            mediaItem.put("startTime", num(file.startTime().toEpochMilli()));
            mediaItem.put("storedAt", num(now));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(mediaItem)
                    .conditionExpression("attribute_not_exists(PK)").build()).build());
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of(Keys.PK, str(Keys.mediaGuard(ccid, file.mediaId())), Keys.SK, str(Keys.OWNER),
                            "owner", str(pk)))
                    .conditionExpression("attribute_not_exists(PK) OR #owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", str(pk))).build()).build());
        }
        List<Map<String, AttributeValue>> eventItems = new ArrayList<>();
        int eventBytes = 0;
        for (var e : newEvents.entrySet()) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Keys.PK, str(pk));
            item.put(Keys.SK, str(Keys.EVENT_PREFIX + e.getKey()));
            item.put("doc", str(e.getValue()));
            eventItems.add(item);
            eventBytes += e.getValue().length();
        }
        if (posted.kind() == RecordingKind.SCREEN && meta.containsKey("callRecordingId")) {
            // Linked in the call's partition, whether or not the call has arrived: either order of arrival
            // ends with the call showing screenRecording, and the put is idempotent.
            String callId = meta.get("callRecordingId").s();
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                    Keys.PK, str(Keys.recording(ccid, RecordingKind.CALL, callId)),
                    Keys.SK, str(Keys.SCREEN_LINK_PREFIX + posted.id()),
                    "screenRecordingId", str(posted.id()))).build()).build());
        }
        boolean eventsFit = items.size() + eventItems.size() <= MAX_TRANSACTION_ITEMS
                && bytes + eventBytes <= MAX_TRANSACTION_BYTES;
        if (eventsFit) {
            for (Map<String, AttributeValue> item : eventItems) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
            }
        } else {
            // A long history does not fit one transaction. Event items are keyed by content and rewriting them
            // is harmless, so they go first; the transaction that follows makes the post visible as a whole.
            batchPut(eventItems);
        }
        dynamo.transactWriteItems(b -> b.transactItems(items));
    }

    /**
     * The META item after a post. Labels and {@code nonDelete} belong to the API once the recording exists
     * (docs/data-model.md, "Labels and deletion protection"): a post keeps the stored ones and only adds the
     * labels, or the protection, that it names itself, and only when it stores something new
     * ({@code addsManagedFields}), so a retried or repeated post cannot bring back a label or a protection a
     * user removed in the meantime.
     */
    private Map<String, AttributeValue> mergeMeta(String ccid, Map<String, AttributeValue> old, Recording posted,
                                                  boolean addsManagedFields) {
        Map<String, AttributeValue> m = new HashMap<>();
        String pk = Keys.recording(ccid, posted.kind(), posted.id());
        m.put(Keys.PK, str(pk));
        m.put(Keys.SK, str(Keys.META));
        m.put("kind", str(posted.kind().name()));
        m.put("ccid", str(ccid));
        m.put("id", str(posted.id()));
        Instant start = posted.startTime();
        Instant stop = posted.stopTime();
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        boolean screen = posted.screenRecording();
        boolean nonDelete = addsManagedFields && posted.nonDelete();
        if (old != null) {
            start = min(start, Instant.ofEpochMilli(Long.parseLong(old.get("startTime").n())));
            stop = max(stop, Instant.ofEpochMilli(Long.parseLong(old.get("stopTime").n())));
            screen |= old.get("screenRecording").bool();
            ManagedFields stored = managedFields(old);
            nonDelete |= stored.nonDelete();
            labels.addAll(stored.labels());
        }
        if (addsManagedFields) {
            labels.addAll(posted.labels());
        }
        m.put("startTime", num(start.toEpochMilli()));
        m.put("stopTime", num(stop.toEpochMilli()));
        m.put("screenRecording", AttributeValue.fromBool(screen));
        m.put("nonDelete", AttributeValue.fromBool(nonDelete));
        m.put("labels", AttributeValue.fromL(labels.stream().map(RecordingStore::str).toList()));
        // First writer wins for descriptive fields: a later segment does not rewrite who called whom.
        firstSet(m, old, "callerPhoneNumber", posted.callerPhoneNumber());
        firstSet(m, old, "dialedPhoneNumber", posted.dialedPhoneNumber());
        firstSet(m, old, "callRecordingId", posted.callRecordingId());
        firstSet(m, old, "region", posted.region());
        firstSet(m, old, "callType", posted.callType() == null ? null : posted.callType().wireName());
        m.put("GSI1PK", str(Keys.startDay(ccid, start)));
        m.put("GSI1SK", str(Keys.startDaySort(start, posted.kind(), posted.id())));
        return m;
    }

    private static void firstSet(Map<String, AttributeValue> m, Map<String, AttributeValue> old, String name,
                                 String posted) {
        if (old != null && old.containsKey(name)) {
            m.put(name, old.get(name));
        } else if (posted != null) {
            m.put(name, str(posted));
        }
    }

    private static boolean sameContent(Map<String, AttributeValue> old, Map<String, AttributeValue> merged) {
        for (var e : merged.entrySet()) {
            if (!e.getValue().equals(old.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> guardOwner(String ccid, String mediaId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Keys.PK, str(Keys.mediaGuard(ccid, mediaId)), Keys.SK, str(Keys.OWNER)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("owner").s());
    }

    /** Same recording and same media file content: what makes a repeated post a duplicate rather than a conflict. */
    static String contentHash(Recording posted, MediaFile file) {
        ObjectNode doc = RecordingCodec.writeMediaFile(posted.kind(), posted.id(), file, null, false);
        return Json.sha256Hex(posted.kind() + "\n" + posted.id() + "\n" + Json.canonical(doc));
    }

    /** The guide's eventId where there is one; otherwise the event's own content names it. */
    static String eventKey(CallEvent event, String doc) {
        if (event.eventId() != null && !event.eventId().isBlank()) {
            return "id:" + Json.sha256Hex(event.eventId()).substring(0, 32);
        }
        return "h:" + Json.sha256Hex(Json.canonical(parse(doc))).substring(0, 32);
    }

    // ------------------------------------------------------------------ reads

    public Optional<StoredRecording> find(String ccid, RecordingKind kind, String id) {
        Partition p = readPartition(Keys.recording(ccid, kind, id));
        if (p.meta == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> meta = p.meta;
        Recording.Builder b = Recording.builder(kind)
                .id(meta.get("id").s())
                .callerPhoneNumber(s(meta, "callerPhoneNumber"))
                .dialedPhoneNumber(s(meta, "dialedPhoneNumber"))
                .callRecordingId(s(meta, "callRecordingId"))
                .startTime(Instant.ofEpochMilli(Long.parseLong(meta.get("startTime").n())))
                .stopTime(Instant.ofEpochMilli(Long.parseLong(meta.get("stopTime").n())))
                .screenRecording(meta.get("screenRecording").bool() || !p.screenLinks.isEmpty())
                .nonDelete(meta.get("nonDelete").bool())
                .region(s(meta, "region"))
                .callType(s(meta, "callType") == null ? null : CallType.fromWire(s(meta, "callType")).orElse(null))
                .labels(managedFields(meta).labels());
        List<MediaFile> media = new ArrayList<>();
        Map<String, String> objects = new LinkedHashMap<>();
        for (var item : p.media.values()) {
            MediaFile file = RecordingCodec.readMediaFile(parse(item.get("doc").s()), "stored", true);
            media.add(file);
            if (item.containsKey("objectKey")) {
                objects.put(file.mediaId(), item.get("objectKey").s());
            }
        }
        media.sort(Comparator.comparing(MediaFile::startTime).thenComparing(MediaFile::mediaId));
        List<CallEvent> events = new ArrayList<>();
        for (String doc : p.eventDocs) {
            events.add(RecordingCodec.readEvent(parse(doc), "stored"));
        }
        events.sort(Comparator.comparing(CallEvent::occurredAt));
        Recording recording = b.mediaFiles(media).eventHistory(events).build();
        return Optional.of(new StoredRecording(ccid, recording, Long.parseLong(meta.get("version").n()),
                meta.containsKey("deleting"), objects, List.copyOf(p.screenLinks)));
    }

    // ------------------------------------------------------------------ labels and deletion protection

    /** The fields of a recording the API manages once it exists: its labels (in the order added) and {@code nonDelete}. */
    public record ManagedFields(List<String> labels, boolean nonDelete) {
        public ManagedFields {
            labels = List.copyOf(labels);
        }
    }

    /** What {@link #updateManagedFields} did: whether it wrote, and the fields as they now stand. */
    public record ManagedChange(boolean changed, ManagedFields fields) {}

    /**
     * Changes a recording's labels or {@code nonDelete} on its META item with a conditional update that bumps
     * {@code version} and {@code updatedAt}, so that every change reaches the table's stream (and the search
     * index), and that refuses a recording being deleted. {@code change} is applied to the fields as stored,
     * first as {@code stored} read them; when someone wrote the recording in between, META is read again and
     * {@code change} applied again. A change that changes nothing writes nothing. Empty when the recording is
     * gone or being deleted.
     */
    public Optional<ManagedChange> updateManagedFields(StoredRecording stored, UnaryOperator<ManagedFields> change) {
        Recording recording = stored.recording();
        Map<String, AttributeValue> key = Map.of(Keys.PK, str(Keys.recording(stored.ccid(), recording.kind(),
                recording.id())), Keys.SK, str(Keys.META));
        ManagedFields current = new ManagedFields(recording.labels(), recording.nonDelete());
        long version = stored.version();
        for (int attempt = 1; ; attempt++) {
            ManagedFields wanted = change.apply(current);
            if (wanted.equals(current)) {
                return Optional.of(new ManagedChange(false, current));
            }
            long expected = version;
            try {
                dynamo.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("SET labels = :labels, nonDelete = :nonDelete, version = :next, updatedAt = :now")
                        .conditionExpression("version = :v AND attribute_not_exists(deleting)")
                        .expressionAttributeValues(Map.of(
                                ":labels", AttributeValue.fromL(wanted.labels().stream().map(RecordingStore::str).toList()),
                                ":nonDelete", AttributeValue.fromBool(wanted.nonDelete()),
                                ":v", num(expected), ":next", num(expected + 1), ":now", num(clock.millis()))));
                return Optional.of(new ManagedChange(true, wanted));
            } catch (ConditionalCheckFailedException e) {
                // Written in between (a post, another label), being deleted, or gone: read again and decide.
                var meta = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item();
                if (meta == null || meta.isEmpty() || meta.containsKey("deleting")) {
                    return Optional.empty();
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("recording " + recording.id() + " stayed contended after "
                            + attempt + " attempts", e);
                }
                current = managedFields(meta);
                version = Long.parseLong(meta.get("version").n());
            }
        }
    }

    private static ManagedFields managedFields(Map<String, AttributeValue> meta) {
        List<String> labels = meta.containsKey("labels")
                ? meta.get("labels").l().stream().map(AttributeValue::s).toList() : List.of();
        return new ManagedFields(labels, meta.containsKey("nonDelete") && meta.get("nonDelete").bool());
    }

    // ------------------------------------------------------------------ media objects

    /** The metadata of a mediaId, if it has arrived: the guard names the recording, the partition holds it. */
    public Optional<MediaLocation> locateMedia(String ccid, String mediaId) {
        Optional<String> owner = guardOwner(ccid, mediaId);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String pk = owner.get();
        RecordingKind kind = pk.contains("#SCR#") ? RecordingKind.SCREEN : RecordingKind.CALL;
        String recordingId = pk.substring(pk.indexOf(kind == RecordingKind.CALL ? "#REC#" : "#SCR#") + 5);
        var items = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().consistentRead(true)
                        .keys(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.MEDIA_PREFIX + mediaId)),
                                Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.META))).build())))
                .responses().getOrDefault(table, List.of());
        Map<String, AttributeValue> media = null;
        Map<String, AttributeValue> meta = null;
        for (var item : items) {
            if (item.get(Keys.SK).s().equals(Keys.META)) {
                meta = item;
            } else {
                media = item;
            }
        }
        if (media == null || meta == null || meta.containsKey("deleting")) {
            return Optional.empty();
        }
        MediaFile file = RecordingCodec.readMediaFile(parse(media.get("doc").s()), "stored", true);
        return Optional.of(new MediaLocation(ccid, kind, recordingId,
                Instant.ofEpochMilli(Long.parseLong(meta.get("startTime").n())), file,
                media.containsKey("objectKey") ? media.get("objectKey").s() : null));
    }

    /**
     * Records that a media file's content is stored at {@code objectKey}, with the envelope and sizes the
     * ingest produced, and bumps the recording's version so the change reaches the index. Exactly one
     * attach wins per media file: false means another ingest of the same media got there first.
     */
    public boolean attachObject(MediaLocation location, MediaFile updated, String objectKey, String plaintextSha256) {
        String pk = Keys.recording(location.ccid(), location.kind(), location.recordingId());
        String doc = Json.write(RecordingCodec.writeMediaFile(location.kind(), location.recordingId(), updated, null, true));
        long now = clock.millis();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.MEDIA_PREFIX + updated.mediaId())))
                            .updateExpression("SET doc = :doc, objectKey = :key, plaintextSha256 = :sha, storedObjectAt = :now, "
                                    + Keys.MEDIA_STATE + " = :state")
                            .conditionExpression("attribute_exists(PK) AND attribute_not_exists(objectKey)")
                            .expressionAttributeValues(Map.of(":doc", str(doc), ":key", str(objectKey),
                                    ":sha", str(plaintextSha256), ":now", num(now), ":state", str(Keys.MEDIA_STORED)))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.META)))
                            .updateExpression("SET version = version + :one, updatedAt = :now")
                            .conditionExpression("attribute_exists(PK) AND attribute_not_exists(deleting)")
                            .expressionAttributeValues(Map.of(":one", num(1), ":now", num(now)))).build()));
            return true;
        } catch (TransactionCanceledException lost) {
            return false;
        }
    }

    // ------------------------------------------------------------------ delete

    /**
     * First step of a delete: new posts to the recording, and changes to its labels or protection, are refused
     * from here on; a retried delete resumes. Refuses a protected recording ({@code nonDelete}) in the same
     * conditional write, so protection applied at any moment before it is honoured.
     */
    public void markDeleting(String ccid, RecordingKind kind, String id) {
        Map<String, AttributeValue> key = Map.of(Keys.PK, str(Keys.recording(ccid, kind, id)), Keys.SK, str(Keys.META));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET deleting = :t")
                    .conditionExpression("attribute_exists(PK) AND NOT nonDelete = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException refused) {
            var meta = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item();
            if (meta != null && !meta.isEmpty() && managedFields(meta).nonDelete()) {
                throw new ConflictException((kind == RecordingKind.CALL ? "recording " : "screen recording ") + id
                        + " is protected from deletion (nonDelete)");
            }
            // Already removed by a concurrent delete: nothing left to mark.
        }
    }

    /**
     * A lifecycle purge's tombstone: marks the recording {@code deleting} only if it is still the version the purge
     * checked, is not protected, and is not being deleted already, in one conditional write (spec lifecycle.md §5.3 a).
     * Protection applied at any moment before this write is honoured, and none can be applied after it (the label and
     * protection API refuses a recording being deleted).
     *
     * @return false when the recording changed, became protected, or is gone: read it again and decide again
     */
    public boolean markPurging(String ccid, RecordingKind kind, String id, long expectedVersion) {
        Map<String, AttributeValue> key = Map.of(Keys.PK, str(Keys.recording(ccid, kind, id)), Keys.SK, str(Keys.META));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET deleting = :t")
                    .conditionExpression("version = :v AND NOT nonDelete = :t AND attribute_not_exists(deleting)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
                            ":v", AttributeValue.fromN(Long.toString(expectedVersion)))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** Removes every item of the recording and its mediaId guards; META goes last so a crash leaves it findable. */
    public void deleteItems(String ccid, RecordingKind kind, String id) {
        String pk = Keys.recording(ccid, kind, id);
        Partition p = readPartition(pk);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String mediaId : p.media.keySet()) {
            keys.add(Map.of(Keys.PK, str(Keys.mediaGuard(ccid, mediaId)), Keys.SK, str(Keys.OWNER)));
            keys.add(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.MEDIA_PREFIX + mediaId)));
        }
        for (String key : p.eventKeys) {
            keys.add(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.EVENT_PREFIX + key)));
        }
        for (String screenId : p.screenLinks) {
            keys.add(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.SCREEN_LINK_PREFIX + screenId)));
        }
        if (kind == RecordingKind.SCREEN && p.meta != null && p.meta.containsKey("callRecordingId")) {
            keys.add(Map.of(Keys.PK, str(Keys.recording(ccid, RecordingKind.CALL, p.meta.get("callRecordingId").s())),
                    Keys.SK, str(Keys.SCREEN_LINK_PREFIX + id)));
        }
        if (kind == RecordingKind.SCREEN) {
            keys.add(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.MUX_LEASE)));
        }
        batchDelete(keys);
        batchDelete(List.of(Map.of(Keys.PK, str(pk), Keys.SK, str(Keys.META))));
    }

    // ------------------------------------------------------------------ plumbing

    private static final class Partition {
        Map<String, AttributeValue> meta;
        final Map<String, Map<String, AttributeValue>> media = new LinkedHashMap<>();
        final LinkedHashSet<String> eventKeys = new LinkedHashSet<>();
        final List<String> eventDocs = new ArrayList<>();
        final TreeSet<String> screenLinks = new TreeSet<>();
    }

    private Partition readPartition(String pk) {
        Partition p = new Partition();
        Map<String, AttributeValue> start = null;
        do {
            var request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", str(pk)))
                    .exclusiveStartKey(start).build();
            QueryResponse page = dynamo.query(request);
            for (var item : page.items()) {
                String sk = item.get(Keys.SK).s();
                if (sk.equals(Keys.META)) {
                    p.meta = item;
                } else if (sk.startsWith(Keys.MEDIA_PREFIX)) {
                    p.media.put(sk.substring(Keys.MEDIA_PREFIX.length()), item);
                } else if (sk.startsWith(Keys.EVENT_PREFIX)) {
                    p.eventKeys.add(sk.substring(Keys.EVENT_PREFIX.length()));
                    p.eventDocs.add(item.get("doc").s());
                } else if (sk.startsWith(Keys.SCREEN_LINK_PREFIX)) {
                    p.screenLinks.add(sk.substring(Keys.SCREEN_LINK_PREFIX.length()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return p;
    }

    private void batchPut(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> requests = items.stream()
                .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
        batchWrite(requests);
    }

    private void batchDelete(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> requests = keys.stream()
                .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
        batchWrite(requests);
    }

    private void batchWrite(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += 25) {
            List<WriteRequest> pending = requests.subList(from, Math.min(requests.size(), from + 25));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
                if (!pending.isEmpty()) {
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new IllegalStateException("DynamoDB kept " + pending.size() + " writes unprocessed");
                    }
                    backoff(attempt);
                }
            }
        }
    }

    private static void backoff(int attempt) {
        long cap = Math.min(200, 5L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a write", e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String doc) {
        try {
            return Json.parse(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not JSON", e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }

    static AttributeValue num(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
