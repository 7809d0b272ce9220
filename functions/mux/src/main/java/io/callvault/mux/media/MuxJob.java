package io.callvault.mux.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to mux: screen video segments and call audio segments (either list in any order), a scratch dir, and the
 * privacy blackouts: wall-clock intervals (the call's pauses, from its media files' {@code masks}) during which the
 * output shows black instead of the screen, whatever the screen recorded then.
 */
public record MuxJob(List<MediaSegment> video, List<MediaSegment> audio, Path workDir, List<Blackout> blackouts) {
    public MuxJob {
        video = List.copyOf(video);
        audio = List.copyOf(audio);
        Objects.requireNonNull(workDir, "workDir");
        blackouts = List.copyOf(blackouts);
    }

    public MuxJob(List<MediaSegment> video, List<MediaSegment> audio, Path workDir) {
        this(video, audio, workDir, List.of());
    }

    /** An interval of the wall clock, {@code from} inclusive, {@code to} exclusive. */
    public record Blackout(java.time.Instant from, java.time.Instant to) {
        public Blackout {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
