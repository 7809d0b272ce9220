package io.callvault.api;

import io.callvault.core.http.AccessPolicy;
import io.callvault.core.http.Caller;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import java.util.List;

/**
 * Which media files of a stored recording a caller may see: the access rule of {@link AccessPolicy} per
 * file. A screen recording carries no partitions or access groups of its own (guide §1.9), so a screen
 * linked to a call is also visible to whoever may see any media file of that call: the supervisor who may
 * hear a call may watch the agent's screen during it.
 */
public final class MediaVisibility {
    private final RecordingStore recordings;

    public MediaVisibility(RecordingStore recordings) {
        this.recordings = recordings;
    }

    public List<MediaFile> visibleFiles(Caller caller, StoredRecording stored) {
        List<MediaFile> files = stored.recording().mediaFiles();
        List<MediaFile> direct = files.stream().filter(f -> AccessPolicy.maySee(caller, f)).toList();
        if (direct.size() == files.size() || !callVisible(caller, stored)) {
            return direct;
        }
        return files;
    }

    public boolean maySee(Caller caller, StoredRecording stored, MediaFile file) {
        return AccessPolicy.maySee(caller, file) || callVisible(caller, stored);
    }

    private boolean callVisible(Caller caller, StoredRecording stored) {
        String callId = stored.recording().callRecordingId();
        if (stored.recording().kind() != RecordingKind.SCREEN || callId == null) {
            return false;
        }
        return recordings.find(stored.ccid(), RecordingKind.CALL, callId)
                .filter(call -> !call.deleting())
                .map(call -> call.recording().mediaFiles().stream().anyMatch(f -> AccessPolicy.maySee(caller, f)))
                .orElse(false);
    }
}
