package io.callvault.mux;

/** A muxed media file stored on a screen recording: its mediaId, object and the inputs' hash it was made from. */
public record MuxedOutput(String mediaId, String objectKey, String inputsHash) {}
