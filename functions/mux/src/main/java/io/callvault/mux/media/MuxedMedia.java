package io.callvault.mux.media;

import java.nio.file.Path;
import java.time.Instant;

/** The output: file, size, wall-clock start/stop of the timeline (T0/T1), duration ms, which video path, frame size. */
public record MuxedMedia(Path file, long sizeBytes, Instant start, Instant stop, long durationMillis, VideoPath videoPath,
                         int width, int height) {}
