package io.callvault.lifecycle.purge;

import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.AgeWindow;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.InteractionReceiver;
import io.callvault.core.settings.ReceiverClient;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.MediaObjects;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.lifecycle.run.RecordingOutcome.Status;
import io.callvault.lifecycle.run.RecordingOutcome;
import io.callvault.search.RecordingIndexer;
import io.callvault.search.RecordingIndices;
import io.callvault.search.RecordingRef;
import io.callvault.search.SearchCluster;
import io.callvault.search.SearchRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Purges one recording from every store, in the order of spec lifecycle.md §5.3 (d), in three phases so that a page's
 * index removals go in one bulk request:
 * <ol>
 *   <li>{@link #begin}: re-reads the recording from the table and decides (protected, region, age window at the run's
 *       scheduled time, labels and call type, backup in this run); tombstones it ({@code deleting}) with a write
 *       conditional on the version it checked and on its protection; tells the analytics receiver; deletes its media
 *       objects. A call's screen recordings go the same way when the rule includes them;</li>
 *   <li>{@link #removeFromIndex}: the indexer drops the documents of tombstoned recordings;</li>
 *   <li>{@link #complete}: deletes the items (META last) and writes the audit record.</li>
 * </ol>
 * Every phase is idempotent, and a recording found tombstoned is finished rather than decided again, so a half-done
 * purge is completed by the next attempt.
 */
public final class RecordingPurger {
    static final String ACTION_CALL = "Delete metadata and media-files of call-recording";
    static final String ACTION_SCREEN = "Delete metadata and media-files of screen-recording";
    private static final int RECEIVER_ATTEMPTS = 3;

    private final RecordingStore store;
    private final MediaObjects media;
    private final RecordingIndexer indexer;
    private final SearchCluster cluster;
    private final AuditTrail audit;
    private final TenantSettings settings;
    private final ReceiverClient receiver;

    public RecordingPurger(RecordingStore store, MediaObjects media, RecordingIndexer indexer, SearchCluster cluster,
                           AuditTrail audit, TenantSettings settings, ReceiverClient receiver) {
        this.store = store;
        this.media = media;
        this.indexer = indexer;
        this.cluster = cluster;
        this.audit = audit;
        this.settings = settings;
        this.receiver = receiver;
    }

    /**
     * What to purge and by which rule.
     *
     * @param backupRequired the rule backs up before it purges: only a recording whose backup completed in this run goes
     * @param backedUp       whether this recording's backup completed in this run
     * @param archivedScreens the call's screen recordings the backup archived; only these may go with the call when a
     *                       backup is required (a screen linked after the backup stays)
     */
    public record Request(String ccid, RecordingKind kind, String id, String region, RecordingFilter filter,
                          AgeWindow window, boolean includeScreens, boolean backupRequired, boolean backedUp,
                          List<String> archivedScreens, String runId, String ruleName) {
        String actor() {
            return "lifecycle rule " + ruleName + " (run " + runId + ")";
        }
    }

    /** After {@link #begin}: the outcome so far and the recordings tombstoned (the call's screens first). */
    public record Begun(RecordingOutcome outcome, List<RecordingRef> tombstoned, String note) {}

    public Begun begin(Request r) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<StoredRecording> found = store.find(r.ccid(), r.kind(), r.id());
            if (found.isEmpty()) {
                return new Begun(RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "no longer stored"), List.of(), null);
            }
            StoredRecording stored = found.get();
            if (!stored.deleting()) {
                RecordingOutcome refused = decide(r, stored);
                if (refused != null) {
                    return new Begun(refused, List.of(), null);
                }
                if (!store.markPurging(r.ccid(), r.kind(), r.id(), stored.version())) {
                    continue; // changed, protected or deleted in between: read again and decide again
                }
                audit.record(r.ccid(), action(r.kind()), r.id(), r.actor(), "requested", null);
                stored = store.find(r.ccid(), r.kind(), r.id()).orElse(stored);
            }
            return tombstoned(r, stored);
        }
        return new Begun(RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "kept changing while the purge checked it"),
                List.of(), null);
    }

    /** Why the recording must not be purged, or null when it may. */
    private static RecordingOutcome decide(Request r, StoredRecording stored) {
        if (stored.recording().nonDelete()) {
            return RecordingOutcome.of(Status.SKIPPED_PROTECTED);
        }
        if (r.backupRequired() && !r.backedUp()) {
            return RecordingOutcome.skipped(Status.SKIPPED_BACKUP_INCOMPLETE, "its backup did not complete in this run");
        }
        if (!r.region().equals(stored.recording().region())) {
            return RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "region is now " + stored.recording().region());
        }
        if (!r.window().contains(stored.recording().startTime())) {
            return RecordingOutcome.of(Status.SKIPPED_OUT_OF_WINDOW);
        }
        if (!r.filter().matches(stored.recording().labels(), stored.recording().callType())) {
            return RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "labels or call type no longer match the rule");
        }
        return null;
    }

    /** The recording is tombstoned: its screens (when included), the receiver, its media. */
    private Begun tombstoned(Request r, StoredRecording stored) {
        List<RecordingRef> refs = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (r.kind() == RecordingKind.CALL && r.includeScreens()) {
            for (String screenId : stored.screenRecordingIds()) {
                if (r.backupRequired() && !r.archivedScreens().contains(screenId)) {
                    kept.add(screenId + " (linked after the backup)");
                    continue;
                }
                Optional<StoredRecording> screen = screen(r, screenId);
                if (screen.isEmpty()) {
                    kept.add(screenId + " (protected)");
                    continue;
                }
                notifyReceiver(r.ccid(), RecordingKind.SCREEN, screenId, r);
                deleteMedia(r.ccid(), screen.get());
                refs.add(new RecordingRef(r.ccid(), RecordingKind.SCREEN, screenId));
            }
        }
        notifyReceiver(r.ccid(), r.kind(), r.id(), r);
        deleteMedia(r.ccid(), stored);
        refs.add(new RecordingRef(r.ccid(), r.kind(), r.id()));
        String note = kept.isEmpty() ? null : "screen recordings kept: " + String.join(", ", kept);
        return new Begun(RecordingOutcome.of(Status.PURGING), refs, note);
    }

    /** The screen tombstoned (or already), or empty when it is protected or gone. */
    private Optional<StoredRecording> screen(Request r, String screenId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<StoredRecording> found = store.find(r.ccid(), RecordingKind.SCREEN, screenId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            StoredRecording s = found.get();
            if (s.deleting()) {
                return found;
            }
            if (s.recording().nonDelete()) {
                return Optional.empty();
            }
            if (store.markPurging(r.ccid(), RecordingKind.SCREEN, screenId, s.version())) {
                audit.record(r.ccid(), ACTION_SCREEN, screenId, r.actor(), "requested", "with call-recording " + r.id());
                return found;
            }
        }
        return Optional.empty();
    }

    private void deleteMedia(String ccid, StoredRecording stored) {
        for (String key : media.keysOf(ccid, stored)) {
            media.delete(key);
        }
    }

    /**
     * Tells the tenant's analytics receiver which recording is purged (the guide's purge request to SpeechMiner,
     * L13501), before anything is deleted. A receiver that cannot be told fails the recording (it stays tombstoned,
     * and the next attempt finishes it): analytics must not keep what the recording store no longer has.
     */
    private void notifyReceiver(String ccid, RecordingKind kind, String id, Request r) {
        Optional<InteractionReceiver> target = settings.interactionReceiver(ccid);
        if (target.isEmpty()) {
            return;
        }
        String body = Json.write(Json.object().put("operationName", "purge").put("contactCenterId", ccid)
                .put("type", kind == RecordingKind.CALL ? "call-recording" : "screen-recording").put("id", id)
                .put("purgeId", r.runId() + "/" + kind.name() + "/" + id).put("rule", r.ruleName()).put("runId", r.runId()));
        ReceiverClient.Outcome outcome = null;
        for (int attempt = 1; attempt <= RECEIVER_ATTEMPTS; attempt++) {
            outcome = receiver.post(target.get(), body);
            if (outcome.kind() != ReceiverClient.Kind.RETRYABLE) {
                break;
            }
            sleep(attempt * 500L);
        }
        if (outcome.kind() != ReceiverClient.Kind.DELIVERED) {
            throw new ReceiverNotToldException("the analytics receiver was not told of the purge: " + outcome.detail());
        }
    }

    /**
     * Drops the index documents of tombstoned recordings (the indexer deletes the document of a recording being
     * deleted), then refreshes the aliases, so that a search after the step, or the next page's selection, no longer
     * finds them (the guide's warning about rules run too close together, L13585, is about this latency).
     */
    public void removeFromIndex(Collection<RecordingRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        RecordingIndexer.Outcome outcome = indexer.sync(refs);
        if (!outcome.failed().isEmpty()) {
            throw new io.callvault.core.sfn.TransientStorageException("OpenSearch did not remove "
                    + outcome.failed().size() + " documents; the step is retried", null);
        }
        for (RecordingRef kindAndTenant : refs.stream().collect(java.util.stream.Collectors.toMap(
                r -> r.kind() + "/" + r.ccid(), r -> r, (a, b) -> a)).values()) {
            try {
                cluster.post("/" + RecordingIndices.alias(kindAndTenant.kind(), kindAndTenant.ccid()) + "/_refresh",
                        java.util.Map.of(), null);
            } catch (SearchRequestException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the tombstoned recordings' items (screens first, the call last) and audits each. */
    public RecordingOutcome complete(Request r, List<RecordingRef> tombstoned, String note) {
        for (RecordingRef ref : tombstoned) {
            store.deleteItems(ref.ccid(), ref.kind(), ref.id());
            audit.record(ref.ccid(), action(ref.kind()), ref.id(), r.actor(), "succeeded", null);
        }
        return new RecordingOutcome(Status.PURGED, note);
    }

    /** The refs a recording found tombstoned (a resumed purge) has left: its tombstoned screens and itself. */
    public List<RecordingRef> remaining(Request r) {
        List<RecordingRef> refs = new ArrayList<>();
        Optional<StoredRecording> call = store.find(r.ccid(), r.kind(), r.id());
        call.ifPresent(c -> {
            for (String screenId : c.screenRecordingIds()) {
                store.find(r.ccid(), RecordingKind.SCREEN, screenId).filter(StoredRecording::deleting)
                        .ifPresent(s -> refs.add(new RecordingRef(r.ccid(), RecordingKind.SCREEN, screenId)));
            }
            refs.add(new RecordingRef(r.ccid(), r.kind(), r.id()));
        });
        return refs;
    }

    static String action(RecordingKind kind) {
        return kind == RecordingKind.CALL ? ACTION_CALL : ACTION_SCREEN;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The receiver refused or could not be reached: the recording stays tombstoned and fails for this attempt. */
    public static final class ReceiverNotToldException extends RuntimeException {
        public ReceiverNotToldException(String message) {
            super(message);
        }
    }
}
