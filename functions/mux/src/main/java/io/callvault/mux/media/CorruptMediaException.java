package io.callvault.mux.media;

/**
 * Permanent: an input ffmpeg cannot read or that has no usable stream. The message names the mediaId; retrying the same
 * bytes gives the same answer.
 */
public class CorruptMediaException extends Exception {
    private final String mediaId;

    public CorruptMediaException(String mediaId, String message) {
        super("media " + mediaId + ": " + message);
        this.mediaId = mediaId;
    }

    /** The input at fault. */
    public String mediaId() {
        return mediaId;
    }
}
