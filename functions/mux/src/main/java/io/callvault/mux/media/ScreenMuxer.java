package io.callvault.mux.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Joins a call's audio segments and a screen recording's video segments into one browser-playable MP4 (H.264 + AAC-LC,
 * moov first): probes every input, plans the {@link Timeline}, runs ffmpeg ({@link FfmpegArguments}), then probes the
 * output and checks it holds one h264 and one aac stream lasting D within 100 ms. docs/mux-media.md.
 */
public final class ScreenMuxer {
    /** The output's name in the job's work dir. */
    public static final String OUTPUT_NAME = "muxed.mp4";
    static final long DURATION_TOLERANCE_MILLIS = 100;

    private final Ffmpeg ffmpeg;
    private final MediaProbe probe;

    public ScreenMuxer(Ffmpeg ffmpeg) {
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
        this.probe = new MediaProbe(ffmpeg);
    }

    /**
     * Muxes {@code job} into {@code <workDir>/}{@value #OUTPUT_NAME}.
     *
     * @param timeout for all of it: probes, mux and the check of the output
     * @throws IllegalArgumentException without video segments
     * @throws CorruptMediaException when an input cannot be read or lacks its stream (permanent)
     * @throws FfmpegTimeoutException when the time ran out (not the input's fault)
     * @throws IllegalStateException when the output is not what was planned (a bug here, not in the input)
     */
    public MuxedMedia mux(MuxJob job, Duration timeout) throws CorruptMediaException {
        if (job.video().isEmpty()) {
            throw new IllegalArgumentException("a screen mux needs at least one video segment");
        }
        Instant deadline = Instant.now().plus(timeout);
        Path workDir = job.workDir();
        List<Timeline.Input> video = probeAll(job.video(), "video", ScreenMuxer::usableVideo, workDir, deadline, timeout);
        List<Timeline.Input> audio = probeAll(job.audio(), "audio", ScreenMuxer::usableAudio, workDir, deadline, timeout);
        Timeline timeline = Timeline.plan(video, audio, job.blackouts());
        Path output = workDir.resolve(OUTPUT_NAME);
        Ffmpeg.Result result = ffmpeg.run(FfmpegArguments.mux(timeline, output), workDir, remaining(deadline, timeout));
        if (!result.succeeded()) {
            for (MediaSegment segment : concat(job.video(), job.audio())) {
                if (result.stderr().contains(segment.file().toString())) {
                    throw new CorruptMediaException(segment.mediaId(), "ffmpeg failed on it: " + result.excerpt());
                }
            }
            throw new IllegalStateException("ffmpeg failed on the planned " + timeline.videoPath() + " mux (exit "
                    + result.exitCode() + "): " + result.excerpt());
        }
        verify(timeline, output, workDir, remaining(deadline, timeout));
        return new MuxedMedia(output, size(output), timeline.start(), timeline.stop(), timeline.durationMillis(),
                timeline.videoPath(), timeline.canvas().width(), timeline.canvas().height());
    }

    private List<Timeline.Input> probeAll(List<MediaSegment> segments, String kind, Predicate<ProbedMedia> usable,
                                          Path workDir, Instant deadline, Duration timeout) throws CorruptMediaException {
        List<Timeline.Input> inputs = new ArrayList<>();
        for (MediaSegment segment : segments) {
            ProbedMedia media = probe.probe(segment.mediaId(), segment.file(), workDir, remaining(deadline, timeout));
            if (!usable.test(media)) {
                throw new CorruptMediaException(segment.mediaId(), "no usable " + kind + " stream in "
                        + segment.file().getFileName());
            }
            inputs.add(new Timeline.Input(segment, media));
        }
        return inputs;
    }

    private static boolean usableVideo(ProbedMedia media) {
        return media.video() != null && media.video().frames() > 0 && media.video().width() > 0;
    }

    private static boolean usableAudio(ProbedMedia media) {
        return media.audio() != null && media.audio().durationMillis() > 0 && media.audio().sampleRate() > 0;
    }

    private void verify(Timeline timeline, Path output, Path workDir, Duration timeout) {
        ProbedMedia out;
        try {
            out = probe.probe("output", output, workDir, timeout);
        } catch (CorruptMediaException e) {
            throw new IllegalStateException("the muxed file is unreadable: " + e.getMessage(), e);
        }
        boolean streamsOk = out.streams().size() == 2 && out.count("Video") == 1 && out.count("Audio") == 1
                && out.video().codec().equals("h264") && out.audio().codec().equals("aac");
        if (!streamsOk) {
            throw new IllegalStateException("the muxed file should hold one h264 and one aac stream, not " + out.streams());
        }
        long duration = out.containerDurationMillis();
        if (Math.abs(duration - timeline.durationMillis()) > DURATION_TOLERANCE_MILLIS) {
            throw new IllegalStateException("the muxed file lasts " + duration + " ms, the timeline "
                    + timeline.durationMillis() + " ms");
        }
    }

    private static List<MediaSegment> concat(List<MediaSegment> a, List<MediaSegment> b) {
        List<MediaSegment> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Duration remaining(Instant deadline, Duration timeout) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new FfmpegTimeoutException(timeout, "no time left for the next ffmpeg run");
        }
        return left;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
