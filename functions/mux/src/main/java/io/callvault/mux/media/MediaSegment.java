package io.callvault.mux.media;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** One input: a plaintext local file and its wall-clock start from the recording metadata. */
public record MediaSegment(String mediaId, Path file, Instant start) {
    public MediaSegment {
        Objects.requireNonNull(mediaId, "mediaId");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(start, "start");
    }
}
