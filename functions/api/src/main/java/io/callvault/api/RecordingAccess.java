package io.callvault.api;

import io.callvault.core.codec.Ids;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for reaching a recording by id, shared by get, delete, labels and deletion protection: the id
 * must be valid (else 400); the recording must exist in the caller's contact center and not be being deleted,
 * and at least one of its media files must be visible to the caller ({@link MediaVisibility}); else 404, so
 * that a recording the caller may not see, or another tenant's, looks exactly like one that does not exist.
 */
final class RecordingAccess {
    private final RecordingStore recordings;
    private final MediaVisibility visibility;

    RecordingAccess(RecordingStore recordings) {
        this.recordings = recordings;
        this.visibility = new MediaVisibility(recordings);
    }

    /** The stored recording: 404 when it does not exist or is being deleted. */
    StoredRecording find(String ccid, RecordingKind kind, String id) {
        return stored(ccid, kind, id).orElseThrow(() -> notFound(kind, id));
    }

    /** The stored recording, when it exists, is not being deleted and the caller may see a media file of it. */
    Optional<StoredRecording> findVisible(Caller caller, String ccid, RecordingKind kind, String id) {
        return stored(ccid, kind, id).filter(stored -> !visibility.visibleFiles(caller, stored).isEmpty());
    }

    /** {@link #findVisible}, or 404. */
    StoredRecording requireVisible(Caller caller, String ccid, RecordingKind kind, String id) {
        return findVisible(caller, ccid, kind, id).orElseThrow(() -> notFound(kind, id));
    }

    /** The recording with only the media files the caller may see; 404 (not 403) when none, so nothing leaks. */
    Recording visibleTo(Caller caller, StoredRecording stored) {
        List<MediaFile> visible = visibility.visibleFiles(caller, stored);
        if (visible.isEmpty()) {
            throw notFound(stored.recording().kind(), stored.recording().id());
        }
        return stored.recording().toBuilder().mediaFiles(visible).build();
    }

    private Optional<StoredRecording> stored(String ccid, RecordingKind kind, String id) {
        Ids.recordingId("id", id);
        return recordings.find(ccid, kind, id).filter(stored -> !stored.deleting());
    }

    static ApiException notFound(RecordingKind kind, String id) {
        return ApiException.notFound(noun(kind) + " " + id + " not found");
    }

    /** The guide's word for the recording in audit actions: "call-recording" or "screen-recording". */
    static String document(RecordingKind kind) {
        return kind == RecordingKind.CALL ? "call-recording" : "screen-recording";
    }

    static String noun(RecordingKind kind) {
        return kind == RecordingKind.CALL ? "recording" : "screen recording";
    }
}
