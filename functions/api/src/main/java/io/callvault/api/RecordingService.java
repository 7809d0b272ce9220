package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ConflictException;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.IngestKeys;
import io.callvault.core.store.IngestResult;
import io.callvault.core.store.MediaObjects;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;

/** Recording metadata use cases behind the HTTP API: ingest, get, delete. Plain Java, no Lambda types. */
public final class RecordingService {
    public enum DeleteMode { METADATA_AND_MEDIA, METADATA_ONLY }

    private final RecordingStore recordings;
    private final ContactCenters contactCenters;
    private final AuditTrail audit;
    private final MediaObjects media;
    private final WaitingMedia waiting;
    private final RecordingAccess access;

    public RecordingService(RecordingStore recordings, ContactCenters contactCenters, AuditTrail audit,
                            MediaObjects media, WaitingMedia waiting) {
        this.recordings = recordings;
        this.contactCenters = contactCenters;
        this.audit = audit;
        this.media = media;
        this.waiting = waiting;
        this.access = new RecordingAccess(recordings);
    }

    /** RWS internal ingest: one call recording with its media file(s), already enriched. */
    public IngestResult ingest(Caller caller, String ccid, JsonNode body) {
        ContactCenter cc = checkIngest(caller, ccid);
        return store(cc, RecordingCodec.read(body, RecordingKind.CALL));
    }

    /**
     * Stores a parsed call or screen recording into a contact center {@link #checkIngest} admitted the caller
     * to, or that the enrichment worker stores into (the same path for both, issue 5 part 4). Media may have arrived before its metadata and be waiting: it is sent through ingest again. Only
     * media files stored by this call can have media waiting for them, so a repeated post costs no S3 call.
     */
    public IngestResult store(ContactCenter cc, Recording posted) {
        if (posted.region() == null) {
            posted = posted.toBuilder().region(cc.region()).build();
        }
        RecordingStore.IngestOutcome outcome = recordings.ingestReportingNewMedia(cc.id(), posted);
        for (String mediaId : outcome.newlyStoredMediaIds()) {
            waiting.redrive(IngestKeys.of(cc.id(), posted.kind(), mediaId));
        }
        return outcome.result();
    }

    /** The caller may post recordings to this contact center, and it exists: checked before the body is read. */
    ContactCenter checkIngest(Caller caller, String ccid) {
        checkTenantAccess(caller, ccid, Permission.RECORDING_INGEST);
        return contactCenters.require(ccid);
    }

    public ObjectNode get(Caller caller, RecordingKind kind, String id, MediaLinks links) {
        String ccid = caller.ownContactCenter();
        if (!caller.has(Permission.RECORDING_READ) && !caller.agent()) {
            throw ApiException.forbidden("this needs the " + Permission.RECORDING_READ + " permission");
        }
        Recording visible = access.visibleTo(caller, access.find(ccid, kind, id));
        return RecordingCodec.write(visible, links);
    }

    public void delete(Caller caller, RecordingKind kind, String id, DeleteMode mode) {
        String ccid = caller.ownContactCenter();
        caller.require(Permission.RECORDING_DELETE);
        StoredRecording stored = access.requireVisible(caller, ccid, kind, id);
        if (stored.recording().nonDelete()) {
            throw new ConflictException(RecordingAccess.noun(kind) + " " + id + " is protected from deletion (nonDelete)");
        }
        String document = RecordingAccess.document(kind);
        String action = mode == DeleteMode.METADATA_ONLY
                ? "Delete metadata of " + document : "Delete metadata and media-files of " + document;
        String actor = caller.actor();
        audit.record(ccid, action, id, actor, "requested", null);
        try {
            recordings.markDeleting(ccid, kind, id);
            if (mode == DeleteMode.METADATA_AND_MEDIA) {
                for (String key : media.keysOf(ccid, stored)) {
                    media.delete(key);
                }
            }
            recordings.deleteItems(ccid, kind, id);
        } catch (RuntimeException e) {
            audit.record(ccid, action, id, actor, "failed", e.getClass().getSimpleName());
            throw e;
        }
        audit.record(ccid, action, id, actor, "succeeded", null);
    }

    private static void checkTenantAccess(Caller caller, String ccid, String permission) {
        Ids.contactCenterId("ccid", ccid);
        caller.require(permission);
        caller.requireContactCenter(ccid);
    }

    static ObjectNode ingestAnswer(RecordingKind kind, IngestResult result) {
        ObjectNode o = Json.object().put("id", result.recordingId());
        var ids = o.putArray("mediaIds");
        result.mediaIds().forEach(ids::add);
        o.putArray("paths").add("/" + kind.collection() + "/" + result.recordingId());
        return o;
    }
}
