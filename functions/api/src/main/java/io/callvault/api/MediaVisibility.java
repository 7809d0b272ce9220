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
 * hear a call may watch the agent's screen during it. A muxed file carries the call's audio too, so it is visible only
 * to whoever may see every call media file it was made from ({@code parameters.muxed_mediaIds}).
 */
public final class MediaVisibility {
    private final RecordingStore recordings;

    public MediaVisibility(RecordingStore recordings) {
        this.recordings = recordings;
    }

    public List<MediaFile> visibleFiles(Caller caller, StoredRecording stored) {
        List<MediaFile> files = stored.recording().mediaFiles();
        List<MediaFile> direct = files.stream().filter(f -> AccessPolicy.maySee(caller, f) && !muxed(f)).toList();
        if (direct.size() == files.size()) {
            return direct;
        }
        List<MediaFile> callMedia = callMedia(stored);
        return files.stream().filter(f -> maySee(caller, f, callMedia)).toList();
    }

    public boolean maySee(Caller caller, StoredRecording stored, MediaFile file) {
        if (AccessPolicy.maySee(caller, file) && !muxed(file)) {
            return true;
        }
        return maySee(caller, file, callMedia(stored));
    }

    private static boolean maySee(Caller caller, MediaFile file, List<MediaFile> callMedia) {
        if (!muxed(file)) {
            return AccessPolicy.maySee(caller, file) || callMedia.stream().anyMatch(f -> AccessPolicy.maySee(caller, f));
        }
        java.util.Set<String> sources = new java.util.HashSet<>();
        file.parameters().get("muxed_mediaIds").forEach(id -> sources.add(id.asText()));
        List<MediaFile> heard = callMedia.stream().filter(f -> sources.contains(f.mediaId())).toList();
        if (heard.isEmpty()) {
            // The field came with a posted screen file (the guide's own example carries it) and names no call media.
            return AccessPolicy.maySee(caller, file) || callMedia.stream().anyMatch(f -> AccessPolicy.maySee(caller, f));
        }
        return heard.stream().allMatch(f -> AccessPolicy.maySee(caller, f));
    }

    private static boolean muxed(MediaFile file) {
        return file.parameters() != null && file.parameters().path("muxed_mediaIds").isArray();
    }

    /** The media files of the call a screen recording belongs to; empty for a call or an unlinked screen. */
    private List<MediaFile> callMedia(StoredRecording stored) {
        String callId = stored.recording().callRecordingId();
        if (stored.recording().kind() != RecordingKind.SCREEN || callId == null) {
            return List.of();
        }
        return recordings.find(stored.ccid(), RecordingKind.CALL, callId)
                .filter(call -> !call.deleting())
                .map(call -> call.recording().mediaFiles())
                .orElse(List.of());
    }
}
