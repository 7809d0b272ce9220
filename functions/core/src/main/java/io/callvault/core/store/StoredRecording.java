package io.callvault.core.store;

import io.callvault.core.model.Recording;
import java.util.List;
import java.util.Map;

/**
 * A recording as read from the table, with where its media lives ({@code mediaObjects}: mediaId to S3
 * key in the media bucket), whether a delete is under way, and for a call the screen recordings linked to
 * it ({@code screenRecordingIds}, in id order; always empty for a screen).
 */
public record StoredRecording(String ccid, Recording recording, long version, boolean deleting,
                              Map<String, String> mediaObjects, List<String> screenRecordingIds) {
    public StoredRecording {
        mediaObjects = Map.copyOf(mediaObjects);
        screenRecordingIds = List.copyOf(screenRecordingIds);
    }
}
