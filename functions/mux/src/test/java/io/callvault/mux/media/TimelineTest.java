package io.callvault.mux.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.callvault.mux.media.Timeline.Interval;
import io.callvault.mux.media.Timeline.VideoPiece;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline rule without ffmpeg: T0/T1/D, offsets, gaps, overlaps, canvas, audio format, COPY vs ENCODE. */
class TimelineTest {
    static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    static Timeline.Input screen(String id, double startSeconds, long millis) {
        return screen(id, startSeconds, millis, 320, 240, 1, "h264", "yuv420p");
    }

    static Timeline.Input screen(String id, double startSeconds, long millis, int width, int height, double fps,
                                 String codec, String pixelFormat) {
        ProbedMedia.VideoStream v = new ProbedMedia.VideoStream(codec, pixelFormat, width, height, fps,
                Math.round(millis * fps / 1000), millis);
        return input(id, startSeconds, new ProbedMedia(id, Path.of(id + ".mp4"), millis,
                List.of(new ProbedMedia.Stream("Video", codec)), v, null));
    }

    static Timeline.Input call(String id, double startSeconds, long millis) {
        return call(id, startSeconds, millis, 8000, 1);
    }

    static Timeline.Input call(String id, double startSeconds, long millis, int rate, int channels) {
        ProbedMedia.AudioStream a = new ProbedMedia.AudioStream("mp3", rate, channels, millis);
        return input(id, startSeconds, new ProbedMedia(id, Path.of(id + ".mp3"), millis,
                List.of(new ProbedMedia.Stream("Audio", "mp3")), null, a));
    }

    private static Timeline.Input input(String id, double startSeconds, ProbedMedia media) {
        Instant start = T.plusMillis(Math.round(startSeconds * 1000));
        return new Timeline.Input(new MediaSegment(id, media.file(), start), media);
    }

    /** Each piece as {@code <mediaId> <first frame>+<frames> from <source frame>} or {@code black <first>+<frames>}. */
    static List<String> pieces(Timeline t) {
        return t.videoPieces().stream().map(p -> p.black() ? "black " + p.firstFrame() + "+" + p.frames()
                : p.input().segment().mediaId() + " " + p.firstFrame() + "+" + p.frames() + " from " + p.sourceFrame())
                .toList();
    }

    @Test
    void t0IsTheEarliestStartT1TheLatestEndAndAudioIsDelayedFromT0() {
        Timeline t = Timeline.plan(List.of(screen("v", 5, 50_000)),
                List.of(call("a1", 32, 32_660), call("a0", 0, 11_300)));

        assertThat(t.start()).isEqualTo(T);
        assertThat(t.stop()).isEqualTo(T.plusMillis(64_660));
        assertThat(t.durationMillis()).isEqualTo(64_660);
        assertThat(t.audio()).extracting(p -> p.input().segment().mediaId(), Timeline.AudioPlacement::offsetMillis)
                .containsExactly(tuple("a0", 0L), tuple("a1", 32_000L));
        assertThat(t.audioGaps()).containsExactly(new Interval(11_300, 32_000));
    }

    @Test
    void aScreenThatStartsLateGetsLeadingBlackAndEndsEarlyTrailingBlack() {
        Timeline t = Timeline.plan(List.of(screen("v", 5, 50_000)), List.of(call("a", 0, 65_000)));

        assertThat(t.videoPath()).isEqualTo(VideoPath.ENCODE);
        assertThat(t.totalFrames()).isEqualTo(65);
        assertThat(pieces(t)).containsExactly("black 0+5", "v 5+50 from 0", "black 55+10");
        assertThat(t.videoGaps()).containsExactly(new Interval(0, 5_000), new Interval(55_000, 65_000));
        assertThat(t.audioGaps()).isEmpty();
    }

    @Test
    void oneH264ScreenCoveringTheCallIsCopied() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 30_000)), List.of(call("a", 0.4, 29_500)));

        assertThat(t.videoPath()).isEqualTo(VideoPath.COPY);
        assertThat(t.canvas()).isEqualTo(new Timeline.Canvas(320, 240, 1));
        assertThat(t.durationMillis()).isEqualTo(30_000);
        assertThat(t.videoGaps()).isEmpty();
        assertThat(t.audioGaps()).containsExactly(new Interval(0, 400), new Interval(29_900, 30_000));
    }

    @Test
    void copyNeedsTheScreenWithinAFrameOfT0AndOfT1() {
        // starts 1 s (one frame at 1 fps) after the call: still copied
        assertThat(Timeline.plan(List.of(screen("v", 1, 30_000)), List.of(call("a", 0, 31_000))).videoPath())
                .isEqualTo(VideoPath.COPY);
        // starts 1.5 s late: encoded with leading black
        assertThat(Timeline.plan(List.of(screen("v", 1.5, 30_000)), List.of(call("a", 0, 31_500))).videoPath())
                .isEqualTo(VideoPath.ENCODE);
        // ends 1 s before the call: copied; 2 s before: encoded
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000)), List.of(call("a", 0, 31_000))).videoPath())
                .isEqualTo(VideoPath.COPY);
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000)), List.of(call("a", 0, 32_000))).videoPath())
                .isEqualTo(VideoPath.ENCODE);
        // at 25 fps a frame is 40 ms, but 100 ms at the end are tolerated
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000, 320, 240, 25, "h264", "yuv420p")),
                List.of(call("a", 0, 30_100))).videoPath()).isEqualTo(VideoPath.COPY);
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000, 320, 240, 25, "h264", "yuv420p")),
                List.of(call("a", 0, 30_200))).videoPath()).isEqualTo(VideoPath.ENCODE);
    }

    @Test
    void onlyH264Yuv420pIsCopiedAndNeverTwoSegments() {
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000, 320, 240, 1, "h264", "yuv444p")),
                List.of(call("a", 0, 30_000))).videoPath()).isEqualTo(VideoPath.ENCODE);
        assertThat(Timeline.plan(List.of(screen("v", 0, 30_000, 320, 240, 1, "hevc", "yuv420p")),
                List.of(call("a", 0, 30_000))).videoPath()).isEqualTo(VideoPath.ENCODE);
        assertThat(Timeline.plan(List.of(screen("v0", 0, 15_000), screen("v1", 15, 15_000)),
                List.of(call("a", 0, 30_000))).videoPath()).isEqualTo(VideoPath.ENCODE);
    }

    @Test
    void aScreenThatOutlastsTheCallMakesTheTimelineAndTheAudioIsPadded() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 40_000)), List.of(call("a", 0, 30_000)));

        assertThat(t.durationMillis()).isEqualTo(40_000);
        assertThat(t.videoPath()).isEqualTo(VideoPath.COPY);
        assertThat(t.audioGaps()).containsExactly(new Interval(30_000, 40_000));
    }

    @Test
    void twoScreensWithAGapGetBlackBetweenThem() {
        Timeline t = Timeline.plan(List.of(screen("v1", 25, 15_000), screen("v0", 0, 20_000)),
                List.of(call("a", 0, 40_000)));

        assertThat(pieces(t)).containsExactly("v0 0+20 from 0", "black 20+5", "v1 25+15 from 0");
        assertThat(t.videoGaps()).containsExactly(new Interval(20_000, 25_000));
    }

    @Test
    void ofOverlappingScreensTheLaterWinsFromItsStart() {
        Timeline t = Timeline.plan(List.of(screen("a", 0, 30_000), screen("b", 20, 25_000)), List.of(call("c", 0, 45_000)));

        assertThat(pieces(t)).containsExactly("a 0+20 from 0", "b 20+25 from 0");
    }

    @Test
    void anEarlierScreenThatOutlastsALaterOneShowsAgainAfterIt() {
        Timeline t = Timeline.plan(List.of(screen("a", 0, 60_000), screen("b", 10, 10_000)), List.of(call("c", 0, 60_000)));

        assertThat(pieces(t)).containsExactly("a 0+10 from 0", "b 10+10 from 0", "a 20+40 from 20");
    }

    @Test
    void framesRoundDownAtTheEndSoTheVideoNeverOutlastsTheAudio() {
        Timeline t = Timeline.plan(List.of(screen("v", 5, 50_000)), List.of(call("a", 0, 64_660)));

        assertThat(t.totalFrames()).isEqualTo(64);
        assertThat(t.videoPieces().stream().mapToLong(VideoPiece::frames).sum()).isEqualTo(64);
        assertThat(t.videoPieces().get(t.videoPieces().size() - 1).frames()).isEqualTo(9);
    }

    @Test
    void theCanvasIsTheFirstScreensSizeCappedAt1080pAndEven() {
        assertThat(Timeline.plan(List.of(screen("late", 10, 10_000, 640, 480, 1, "h264", "yuv420p"),
                        screen("first", 0, 5_000, 321, 241, 1, "h264", "yuv420p")), List.of()).canvas())
                .isEqualTo(new Timeline.Canvas(320, 240, 1));
        assertThat(Timeline.canvas(new ProbedMedia.VideoStream("h264", "yuv420p", 2560, 1440, 1, 1, 1000)))
                .isEqualTo(new Timeline.Canvas(1920, 1080, 1));
        assertThat(Timeline.canvas(new ProbedMedia.VideoStream("h264", "yuv420p", 3840, 1600, 29.97, 1, 1000)))
                .isEqualTo(new Timeline.Canvas(1920, 800, 30));
        assertThat(Timeline.canvas(new ProbedMedia.VideoStream("h264", "yuv420p", 1366, 768, 0.5, 1, 1000)))
                .isEqualTo(new Timeline.Canvas(1366, 768, 0.5));
    }

    @Test
    void audioIsMonoAt16kHzForTelephonyStereoWhenAnyInputIsAnd48kHzForWideband() {
        Timeline.Input v = screen("v", 0, 10_000);
        assertThat(Timeline.plan(List.of(v), List.of(call("a", 0, 10_000))).audioFormat())
                .isEqualTo(new Timeline.AudioFormat(16000, 1, 24));
        assertThat(Timeline.plan(List.of(v), List.of(call("a", 0, 5_000), call("s", 5, 5_000, 16000, 2))).audioFormat())
                .isEqualTo(new Timeline.AudioFormat(16000, 2, 48));
        assertThat(Timeline.plan(List.of(v), List.of(call("a", 0, 10_000, 44100, 1))).audioFormat())
                .isEqualTo(new Timeline.AudioFormat(48000, 1, 64));
        assertThat(Timeline.plan(List.of(v), List.of()).audioFormat()).isEqualTo(new Timeline.AudioFormat(16000, 1, 24));
    }

    @Test
    void withoutAudioTheScreenMakesTheTimelineAndAllOfItIsSilent() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 10_000)), List.of());

        assertThat(t.durationMillis()).isEqualTo(10_000);
        assertThat(t.audioGaps()).containsExactly(new Interval(0, 10_000));
    }

    @Test
    void overlappingAudioIsMixedSoOnlyUncoveredTimeIsAGap() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 40_000)),
                List.of(call("a", 0, 20_000), call("b", 10, 15_000), call("c", 30, 10_000)));

        assertThat(t.audio()).hasSize(3);
        assertThat(t.audioGaps()).containsExactly(new Interval(25_000, 30_000));
    }

    @Test
    void noVideoIsRejected() {
        assertThatThrownBy(() -> Timeline.plan(List.of(), List.of(call("a", 0, 10_000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("video");
    }
}
