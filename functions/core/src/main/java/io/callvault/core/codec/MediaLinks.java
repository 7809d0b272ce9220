package io.callvault.core.codec;

import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import java.util.Locale;

/**
 * Play URLs of media files. The guide treats {@code mediaUri}/{@code mediaPath} as views computed by the
 * server (they change with proxy settings), so they are derived on read, never stored or accepted.
 *
 * @param apiBase absolute base of the API up to and including {@code /api/v2}, or null for paths only
 */
public record MediaLinks(String apiBase) {
    public static final MediaLinks PATHS_ONLY = new MediaLinks(null);

    /** {@code /recordings/{id}/play/{playId}.mp3} or {@code /screen-recordings/{id}/content/{playId}.mp4}. */
    public String mediaPath(RecordingKind kind, String recordingId, MediaFile file) {
        return "/" + kind.collection() + "/" + recordingId + "/" + kind.mediaVerb() + "/" + file.playId()
                + "." + extension(file);
    }

    public String mediaUri(RecordingKind kind, String recordingId, MediaFile file) {
        return apiBase == null ? null : apiBase + mediaPath(kind, recordingId, file);
    }

    static String extension(MediaFile file) {
        String type = file.type() == null ? "" : file.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "audio/mp3", "audio/mpeg" -> { return "mp3"; }
            case "video/mp4", "audio/mp4" -> { return "mp4"; }
            case "audio/wav", "audio/x-wav", "audio/wave" -> { return "wav"; }
            default -> { }
        }
        String id = file.mediaId();
        int dot = id.lastIndexOf('.');
        if (dot > 0 && id.substring(dot + 1).matches("[A-Za-z0-9]{2,4}")) {
            return id.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        return "bin";
    }
}
