package io.callvault.mux.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** What to mux: screen video segments and call audio segments (either list in any order), and a scratch dir. */
public record MuxJob(List<MediaSegment> video, List<MediaSegment> audio, Path workDir) {
    public MuxJob {
        video = List.copyOf(video);
        audio = List.copyOf(audio);
        Objects.requireNonNull(workDir, "workDir");
    }
}
