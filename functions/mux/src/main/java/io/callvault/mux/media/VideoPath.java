package io.callvault.mux.media;

/** How the screen video reaches the output: packets copied untouched, or decoded and encoded again. */
public enum VideoPath {
    /** One H.264 yuv420p segment that covers the timeline: {@code -c:v copy}. */
    COPY,
    /** Anything else: every segment scaled onto one canvas, black for gaps, libx264. */
    ENCODE
}
