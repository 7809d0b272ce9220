package io.callvault.core.model;

/** The guide's two document types: call (voice) recordings and screen recordings. */
public enum RecordingKind {
    CALL("recordings", "play"), SCREEN("screen-recordings", "content");

    private final String collection;
    private final String mediaVerb;

    RecordingKind(String collection, String mediaVerb) {
        this.collection = collection;
        this.mediaVerb = mediaVerb;
    }

    /** Path segment of the API collection: {@code /recordings/...} or {@code /screen-recordings/...}. */
    public String collection() {
        return collection;
    }

    /** Path segment before a media file: {@code /play/} for calls, {@code /content/} for screens (guide L33151). */
    public String mediaVerb() {
        return mediaVerb;
    }
}
