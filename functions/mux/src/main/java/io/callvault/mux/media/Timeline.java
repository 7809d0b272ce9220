package io.callvault.mux.media;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The output timeline of one mux, planned from metadata starts and probed lengths; pure, no ffmpeg.
 *
 * <p>T0 = the earliest start of any audio or video segment, T1 = the latest start + length, D = T1 - T0. Audio
 * segments are delayed to their offsets and mixed (overlaps add up); what no audio covers is silence. Video is a
 * sequence of frames at the canvas rate: each frame shows the segment that covers it and started last (so of two
 * overlapping segments the later one wins from its start, and an earlier one that outlasts it shows again after it),
 * a frame no segment covers is black. One H.264 yuv420p segment that covers [T0, T1] within a frame goes through
 * untouched ({@link VideoPath#COPY}); everything else is encoded ({@link VideoPath#ENCODE}).
 *
 * @param videoPieces ENCODE: the frame ranges of the output in order, black or from one input; COPY: one piece
 * @param audio every audio input with its delay from T0, by start
 */
public record Timeline(Instant start, Instant stop, VideoPath videoPath, Canvas canvas, List<VideoPiece> videoPieces,
                       List<AudioPlacement> audio, AudioFormat audioFormat) {
    /** Largest ENCODE canvas: the first segment's size is scaled down into it. */
    static final int MAX_WIDTH = 1920;
    static final int MAX_HEIGHT = 1080;
    static final double MAX_FPS = 60;
    /** A COPY video may end this much (or a frame, if longer) before T1. */
    static final long END_TOLERANCE_MILLIS = 100;

    public Timeline {
        videoPieces = List.copyOf(videoPieces);
        audio = List.copyOf(audio);
    }

    /** A segment with what the probe measured. */
    public record Input(MediaSegment segment, ProbedMedia media) {
        long videoMillis() {
            return media.video() == null ? 0 : media.video().durationMillis();
        }

        long audioMillis() {
            return media.audio() == null ? 0 : media.audio().durationMillis();
        }
    }

    /** Output frame size and rate. */
    public record Canvas(int width, int height, double fps) {
        public double frameMillis() {
            return 1000.0 / fps;
        }

        /** Keyframe interval: one every 10 s (seek granularity of a mostly static screen). */
        public int gop() {
            return (int) Math.max(1, Math.round(fps * 10));
        }
    }

    /**
     * Output frames {@code [firstFrame, firstFrame + frames)}: black when {@code input} is null, else that input's frames
     * from {@code sourceFrame} (counted at the canvas rate from the input's first frame).
     */
    public record VideoPiece(Input input, long firstFrame, long frames, long sourceFrame) {
        public boolean black() {
            return input == null;
        }
    }

    /** An audio input and its delay from T0. */
    public record AudioPlacement(Input input, long offsetMillis) {}

    /** AAC output: sample rate, channels, bitrate. */
    public record AudioFormat(int sampleRate, int channels, int bitrateKbps) {}

    /** A span of the output, in ms from T0. */
    public record Interval(long fromMillis, long toMillis) {}

    public long durationMillis() {
        return Duration.between(start, stop).toMillis();
    }

    /** Output frames: D at the canvas rate, rounded down (a frame more would make the video outlast the audio). */
    public long totalFrames() {
        return totalFrames(durationMillis(), canvas.fps());
    }

    /** Where the output shows black (ENCODE), in ms from T0 at frame resolution. */
    public List<Interval> videoGaps() {
        List<Interval> gaps = new ArrayList<>();
        for (VideoPiece piece : videoPieces) {
            if (piece.black()) {
                gaps.add(new Interval(frameToMillis(piece.firstFrame()), frameToMillis(piece.firstFrame() + piece.frames())));
            }
        }
        return gaps;
    }

    /** Where no audio input plays (the output is silent), in ms from T0. */
    public List<Interval> audioGaps() {
        List<Interval> gaps = new ArrayList<>();
        long covered = 0;
        for (AudioPlacement p : audio) {
            if (p.offsetMillis() > covered) {
                gaps.add(new Interval(covered, p.offsetMillis()));
            }
            covered = Math.max(covered, p.offsetMillis() + p.input().audioMillis());
        }
        if (covered < durationMillis()) {
            gaps.add(new Interval(covered, durationMillis()));
        }
        return gaps;
    }

    private long frameToMillis(long frame) {
        return Math.round(frame * canvas.frameMillis());
    }

    /**
     * Plans the timeline.
     *
     * @throws IllegalArgumentException without a video segment, or when a segment has no stream of its kind
     */
    public static Timeline plan(List<Input> video, List<Input> audio) {
        return plan(video, audio, List.of());
    }

    /**
     * Plans the timeline with privacy blackouts: output frames inside a blackout are black (so a pause never shows the
     * screen), which always takes the ENCODE path when a blackout touches the timeline.
     */
    public static Timeline plan(List<Input> video, List<Input> audio, List<MuxJob.Blackout> blackouts) {
        if (video.isEmpty()) {
            throw new IllegalArgumentException("a screen mux needs at least one video segment");
        }
        Comparator<Input> byStart = Comparator.comparing(i -> i.segment().start());
        List<Input> videoByStart = video.stream().sorted(byStart).toList();
        List<Input> audioByStart = audio.stream().sorted(byStart).toList();
        for (Input v : videoByStart) {
            if (v.media().video() == null) {
                throw new IllegalArgumentException("media " + v.segment().mediaId() + " has no video stream");
            }
        }
        for (Input a : audioByStart) {
            if (a.media().audio() == null) {
                throw new IllegalArgumentException("media " + a.segment().mediaId() + " has no audio stream");
            }
        }
        Instant t0 = videoByStart.get(0).segment().start();
        Instant t1 = t0;
        for (Input v : videoByStart) {
            t1 = max(t1, v.segment().start().plusMillis(v.videoMillis()));
        }
        for (Input a : audioByStart) {
            t0 = a.segment().start().isBefore(t0) ? a.segment().start() : t0;
            t1 = max(t1, a.segment().start().plusMillis(a.audioMillis()));
        }
        long d = Duration.between(t0, t1).toMillis();
        List<AudioPlacement> placements = new ArrayList<>();
        for (Input a : audioByStart) {
            placements.add(new AudioPlacement(a, Duration.between(t0, a.segment().start()).toMillis()));
        }
        AudioFormat audioFormat = audioFormat(audioByStart);

        Input first = videoByStart.get(0);
        ProbedMedia.VideoStream fv = first.media().video();
        List<long[]> dark = new ArrayList<>();
        for (MuxJob.Blackout b : blackouts) {
            long from = Math.max(0, Duration.between(t0, b.from()).toMillis());
            long to = Math.min(d, Duration.between(t0, b.to()).toMillis());
            if (to > from) {
                dark.add(new long[] {from, to});
            }
        }
        if (videoByStart.size() == 1 && copyable(fv) && dark.isEmpty()) {
            long lead = Duration.between(t0, first.segment().start()).toMillis();
            long trail = d - lead - first.videoMillis();
            double frameMillis = 1000.0 / fv.fps();
            if (lead <= frameMillis && trail <= Math.max(frameMillis, END_TOLERANCE_MILLIS)) {
                Canvas canvas = new Canvas(fv.width(), fv.height(), fv.fps());
                return new Timeline(t0, t1, VideoPath.COPY, canvas,
                        List.of(new VideoPiece(first, 0, totalFrames(d, fv.fps()), 0)), placements, audioFormat);
            }
        }
        Canvas canvas = canvas(fv);
        return new Timeline(t0, t1, VideoPath.ENCODE, canvas, pieces(videoByStart, t0, d, canvas.fps(), dark), placements,
                audioFormat);
    }

    private static boolean copyable(ProbedMedia.VideoStream v) {
        return v.codec().equals("h264") && v.pixelFormat().equals("yuv420p") && v.fps() > 0;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static long totalFrames(long durationMillis, double fps) {
        return Math.max(1, (long) Math.floor(durationMillis * fps / 1000.0 + 1e-9));
    }

    /** The first segment's size scaled down into 1920x1080, even; its rate rounded to whole frames per second. */
    static Canvas canvas(ProbedMedia.VideoStream first) {
        double scale = Math.min(1.0, Math.min((double) MAX_WIDTH / first.width(), (double) MAX_HEIGHT / first.height()));
        int width = Math.max(2, (int) Math.floor(first.width() * scale + 1e-9) / 2 * 2);
        int height = Math.max(2, (int) Math.floor(first.height() * scale + 1e-9) / 2 * 2);
        double fps = first.fps() <= 0 ? 1 : first.fps() >= 1 ? Math.round(first.fps()) : first.fps();
        return new Canvas(width, height, Math.min(fps, MAX_FPS));
    }

    /** 16 kHz for telephony inputs (all at most 16 kHz), else 48 kHz; stereo when any input is. */
    static AudioFormat audioFormat(List<Input> audio) {
        boolean wide = audio.stream().anyMatch(a -> a.media().audio().sampleRate() > 16000);
        boolean stereo = audio.stream().anyMatch(a -> a.media().audio().channels() >= 2);
        int channels = stereo ? 2 : 1;
        return wide ? new AudioFormat(48000, channels, stereo ? 96 : 64)
                : new AudioFormat(16000, channels, stereo ? 48 : 24);
    }

    /** Each output frame shows the latest-starting segment that covers it, else black; runs merged into pieces. */
    private static List<VideoPiece> pieces(List<Input> videoByStart, Instant t0, long d, double fps, List<long[]> dark) {
        long total = totalFrames(d, fps);
        List<long[]> darkFrames = new ArrayList<>();
        for (long[] interval : dark) {
            long[] frames = {Math.min(total, Math.round(interval[0] * fps / 1000.0)),
                    Math.min(total, Math.round(interval[1] * fps / 1000.0))};
            darkFrames.add(frames);
        }
        int n = videoByStart.size();
        long[] from = new long[n];
        long[] to = new long[n];
        TreeSet<Long> cuts = new TreeSet<>(List.of(0L, total));
        for (int i = 0; i < n; i++) {
            Input v = videoByStart.get(i);
            long offset = Duration.between(t0, v.segment().start()).toMillis();
            from[i] = Math.min(total, Math.round(offset * fps / 1000.0));
            to[i] = Math.min(total, Math.round((offset + v.videoMillis()) * fps / 1000.0));
            cuts.add(from[i]);
            cuts.add(to[i]);
        }
        for (long[] frames : darkFrames) {
            cuts.add(frames[0]);
            cuts.add(frames[1]);
        }
        List<VideoPiece> pieces = new ArrayList<>();
        Long previous = null;
        for (long cut : cuts) {
            if (previous != null && cut > previous) {
                int winner = -1;
                for (int i = 0; i < n; i++) {
                    if (from[i] <= previous && to[i] >= cut) {
                        winner = i;
                    }
                }
                long start = previous;
                if (darkFrames.stream().anyMatch(f -> f[0] <= start && f[1] >= cut)) {
                    winner = -1; // a privacy blackout: black, whatever the screen shows
                }
                Input input = winner < 0 ? null : videoByStart.get(winner);
                VideoPiece last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last != null && last.input() == input) {
                    pieces.set(pieces.size() - 1, new VideoPiece(input, last.firstFrame(), last.frames() + cut - previous,
                            last.sourceFrame()));
                } else {
                    pieces.add(new VideoPiece(input, previous, cut - previous, winner < 0 ? 0 : previous - from[winner]));
                }
            }
            previous = cut;
        }
        return pieces;
    }
}
