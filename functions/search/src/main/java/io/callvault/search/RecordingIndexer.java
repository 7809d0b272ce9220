package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.search.RecordingDocument;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Brings the index in line with the table for a set of recordings. It never trusts a stream image: each
 * recording is read again (consistently) and its current state indexed, or its document deleted when it is
 * gone or being deleted, so records may come twice, late or out of order and the index still ends right.
 *
 * <p>A document's external version is the time its state was read. Two indexers may work on one recording
 * at once (the stream of a call re-indexes its screens while the screens' own stream does; forceIndex runs
 * beside the stream): the write of the later read wins, and since every change to the table is followed by
 * a record whose read starts after it, the last read sees the final state. A version from the table would
 * not do: a screen's document also depends on its call, whose version can go down (deleted, then posted again).
 */
public final class RecordingIndexer {
    private final RecordingStore store;
    private final SearchCluster cluster;
    private final RecordingIndices indices;
    private final ExecutorService readers;

    public RecordingIndexer(RecordingStore store, SearchCluster cluster, RecordingIndices indices, ExecutorService readers) {
        this.store = store;
        this.cluster = cluster;
        this.indices = indices;
        this.readers = readers;
    }

    /** The indices this indexer writes to (forceIndex drops and makes them through the same instance, so its cache stays true). */
    public RecordingIndices indices() {
        return indices;
    }

    /** What a sync did: documents written and deleted, and the recordings it could not bring in line (retry those). */
    public record Outcome(int indexed, int deleted, int rejected, Set<RecordingRef> failed) {}

    /**
     * Indexes the current state of each recording, and of the screens linked to each call (their documents
     * carry the call's access fields). Throws {@link SearchUnavailableException} when OpenSearch cannot be
     * reached at all; items it refuses for a passing reason (overload) come back in {@link Outcome#failed()};
     * items it refuses for good (a document it cannot map) are counted as rejected, not retried forever.
     */
    public Outcome sync(Collection<RecordingRef> refs) {
        long readAt = System.currentTimeMillis();
        Map<RecordingRef, Optional<StoredRecording>> current = read(new LinkedHashSet<>(refs));
        Map<RecordingRef, Optional<StoredRecording>> screens = new LinkedHashMap<>();
        Set<RecordingRef> linked = new LinkedHashSet<>();
        for (var e : current.entrySet()) {
            e.getValue().filter(s -> e.getKey().kind() == RecordingKind.CALL).ifPresent(call -> call.screenRecordingIds()
                    .forEach(id -> linked.add(new RecordingRef(call.ccid(), RecordingKind.SCREEN, id))));
        }
        linked.removeAll(current.keySet());
        screens.putAll(read(linked));
        current.putAll(screens);

        Map<RecordingRef, Optional<StoredRecording>> calls = new HashMap<>();
        Set<RecordingRef> callsNeeded = new LinkedHashSet<>();
        for (var e : current.entrySet()) {
            e.getValue().map(s -> s.recording().callRecordingId())
                    .filter(id -> e.getKey().kind() == RecordingKind.SCREEN)
                    .map(id -> new RecordingRef(e.getKey().ccid(), RecordingKind.CALL, id))
                    .ifPresent(ref -> {
                        if (current.containsKey(ref)) {
                            calls.put(ref, current.get(ref));
                        } else {
                            callsNeeded.add(ref);
                        }
                    });
        }
        calls.putAll(read(callsNeeded));

        StringBuilder bulk = new StringBuilder();
        List<RecordingRef> actions = new ArrayList<>();
        for (var e : current.entrySet()) {
            RecordingRef ref = e.getKey();
            Optional<StoredRecording> stored = e.getValue().filter(s -> !s.deleting());
            if (stored.isPresent()) {
                StoredRecording s = stored.get();
                Optional<StoredRecording> call = Optional.empty();
                if (ref.kind() == RecordingKind.SCREEN && s.recording().callRecordingId() != null) {
                    call = calls.getOrDefault(new RecordingRef(ref.ccid(), RecordingKind.CALL, s.recording().callRecordingId()),
                            Optional.empty()).filter(c -> !c.deleting());
                }
                indices.ensureIndex(ref.kind(), s.recording().region(), ref.ccid());
                ObjectNode meta = Json.object();
                meta.putObject("index").put("_index", RecordingIndices.index(ref.kind(), s.recording().region(), ref.ccid()))
                        .put("_id", ref.id()).put("version", readAt).put("version_type", "external_gte");
                bulk.append(Json.write(meta)).append('\n').append(Json.write(RecordingDocument.of(s, call))).append('\n');
                actions.add(ref);
            } else {
                for (String index : indices.indicesOf(ref.kind(), ref.ccid())) {
                    ObjectNode meta = Json.object();
                    meta.putObject("delete").put("_index", index).put("_id", ref.id());
                    bulk.append(Json.write(meta)).append('\n');
                    actions.add(ref);
                }
            }
        }
        if (actions.isEmpty()) {
            return new Outcome(0, 0, 0, Set.of());
        }
        JsonNode answer = cluster.bulk(bulk.toString(), Map.of());
        Set<RecordingRef> failed = new LinkedHashSet<>();
        int rejected = 0;
        int indexed = 0;
        int deleted = 0;
        int i = 0;
        for (JsonNode item : answer.path("items")) {
            JsonNode result = item.elements().next();
            int status = result.path("status").asInt();
            RecordingRef ref = actions.get(i++);
            boolean fine = status / 100 == 2 || status == 409 /* newer state already indexed */
                    || (status == 404 && item.has("delete"));
            if (fine) {
                if (item.has("delete")) {
                    deleted++;
                } else {
                    indexed++;
                }
                continue;
            }
            if (retryable(status, result.path("error").path("type").asText(""))) {
                failed.add(ref);
            } else {
                rejected++;
                System.err.println("{\"level\":\"ERROR\",\"message\":\"OpenSearch rejected a recording document\",\"recording\":\""
                        + ref.id() + "\",\"status\":" + status + ",\"error\":" + Json.write(result.path("error")) + "}");
            }
        }
        if (i != actions.size()) {
            throw new SearchUnavailableException("OpenSearch answered " + i + " bulk items for " + actions.size(), null);
        }
        return new Outcome(indexed, deleted, rejected, failed);
    }

    /**
     * Overload, failure and blocked or missing indices pass (an operator lifts a write block, a disk frees
     * up); a document the mapping refuses will be refused again, so retrying it would only stall the stream.
     */
    static boolean retryable(int status, String errorType) {
        return status == 429 || status >= 500 || errorType.equals("cluster_block_exception")
                || errorType.equals("index_not_found_exception");
    }

    private Map<RecordingRef, Optional<StoredRecording>> read(Set<RecordingRef> refs) {
        Map<RecordingRef, Future<Optional<StoredRecording>>> pending = new LinkedHashMap<>();
        for (RecordingRef ref : refs) {
            pending.put(ref, readers.submit(() -> store.find(ref.ccid(), ref.kind(), ref.id())));
        }
        Map<RecordingRef, Optional<StoredRecording>> out = new LinkedHashMap<>();
        for (var e : pending.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading recordings", ie);
            } catch (ExecutionException ee) {
                if (ee.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(ee.getCause());
            }
        }
        return out;
    }
}
