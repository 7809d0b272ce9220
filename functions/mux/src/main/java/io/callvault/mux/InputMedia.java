package io.callvault.mux;

import io.callvault.core.model.MediaFile;
import java.time.Instant;

/**
 * A media file as the muxer sees it: its metadata, where its content is in the media bucket ({@code objectKey},
 * null while it has not arrived) and when that content was stored.
 */
public record InputMedia(MediaFile file, String objectKey, Instant storedAt) {
    public String mediaId() {
        return file.mediaId();
    }

    public boolean arrived() {
        return objectKey != null;
    }

    public boolean audio() {
        return file.type() == null || file.type().startsWith("audio/");
    }
}
