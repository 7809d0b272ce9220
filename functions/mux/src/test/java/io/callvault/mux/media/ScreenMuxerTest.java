package io.callvault.mux.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callvault.mux.media.MediaChecks.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The muxer end to end on generated media, asserting what a user would check on the result: it plays in a browser
 * (one h264 + one aac stream, moov first, video from 0), lasts the call timeline, shows black exactly where no screen
 * was recorded and is silent exactly where no call audio was.
 */
class ScreenMuxerTest {
    static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** One frame at 1 fps. */
    static final double FRAME = 1.0;
    static final double AUDIO_TOLERANCE = 0.1;

    @TempDir
    Path dir;

    private final ScreenMuxer muxer = new ScreenMuxer(MediaFixtures.ffmpeg());

    private MediaSegment screen(String id, double at, int seconds) {
        return new MediaSegment(id, MediaFixtures.screen(dir.resolve(id + ".mp4"), seconds, 320, 240), at(at));
    }

    private MediaSegment call(String id, double at, double seconds) {
        return new MediaSegment(id, MediaFixtures.call(dir.resolve(id + ".mp3"), seconds), at(at));
    }

    private static Instant at(double seconds) {
        return T.plusMillis(Math.round(seconds * 1000));
    }

    private MuxedMedia mux(List<MediaSegment> video, List<MediaSegment> audio) throws CorruptMediaException {
        return muxer.mux(new MuxJob(video, audio, dir.resolve("work")), TIMEOUT);
    }

    /** Browser-playable, D long (audio within 0.1 s, video within a frame), the video starting at 0 without edit list. */
    private static void assertPlayable(MuxedMedia muxed, double seconds) {
        Path file = muxed.file();
        assertThat(MediaChecks.streams(file)).containsExactly("Video:h264", "Audio:aac");
        assertThat(MediaChecks.moovBeforeMdat(file)).as("faststart: moov before mdat").isTrue();
        assertThat(MediaChecks.durationSeconds(file)).isCloseTo(seconds, within(AUDIO_TOLERANCE));
        MediaChecks.StreamSpan video = MediaChecks.video(file);
        assertThat(video.startSeconds()).as("video start_time").isEqualTo(0.0);
        assertThat(video.durationSeconds()).isCloseTo(seconds, within(FRAME));
        assertThat(MediaChecks.audio(file).durationSeconds()).isCloseTo(seconds, within(AUDIO_TOLERANCE));
        assertThat(muxed.durationMillis()).isEqualTo(Math.round(seconds * 1000));
        assertThat(muxed.stop()).isEqualTo(muxed.start().plusMillis(muxed.durationMillis()));
    }

    private static void assertIntervals(List<Interval> actual, double tolerance, double... fromTo) {
        assertThat(actual).as("intervals %s", actual).hasSize(fromTo.length / 2);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).from()).as("start of %s", actual.get(i)).isCloseTo(fromTo[2 * i], within(tolerance));
            assertThat(actual.get(i).to()).as("end of %s", actual.get(i)).isCloseTo(fromTo[2 * i + 1], within(tolerance));
        }
    }

    @Test
    void aScreenCoveringTheCallIsStreamCopiedByteForByte() throws Exception {
        MediaSegment screen = screen("screen", 0, 30);

        MuxedMedia muxed = mux(List.of(screen), List.of(call("call", 0, 30)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.COPY);
        assertThat(muxed.file()).isEqualTo(dir.resolve("work").resolve(ScreenMuxer.OUTPUT_NAME));
        assertThat(muxed.sizeBytes()).isEqualTo(Files.size(muxed.file()));
        assertThat(muxed.start()).isEqualTo(T);
        assertThat(List.of(muxed.width(), muxed.height())).containsExactly(320, 240);
        assertPlayable(muxed, 30);
        assertThat(MediaChecks.videoPacketsMd5(muxed.file())).isEqualTo(MediaChecks.videoPacketsMd5(screen.file()));
        assertThat(MediaChecks.blackIntervals(muxed.file())).isEmpty();
        assertThat(MediaChecks.silenceIntervals(muxed.file())).isEmpty();
        assertThat(MediaChecks.topLevelBoxes(muxed.file())).startsWith("ftyp", "moov");
    }

    @Test
    void aScreenThatStartsFiveSecondsLateGetsFiveSecondsOfLeadingBlack() throws Exception {
        MuxedMedia muxed = mux(List.of(screen("screen", 5, 35)), List.of(call("call", 0, 40)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.ENCODE);
        assertPlayable(muxed, 40);
        assertThat(MediaChecks.video(muxed.file()).packets()).isEqualTo(40);
        assertIntervals(MediaChecks.blackIntervals(muxed.file()), FRAME, 0, 5);
        assertThat(MediaChecks.silenceIntervals(muxed.file())).isEmpty();
    }

    @Test
    void aPauseOfTheCallIsBlackInTheVideoEvenWhereTheScreenWasRecorded() throws Exception {
        MuxedMedia muxed = muxer.mux(new MuxJob(List.of(screen("screen", 0, 30)), List.of(call("call", 0, 30)),
                dir.resolve("work"), List.of(new MuxJob.Blackout(at(10), at(15)))), TIMEOUT);

        assertThat(muxed.videoPath()).as("a blackout cannot be stream-copied").isEqualTo(VideoPath.ENCODE);
        assertPlayable(muxed, 30);
        assertIntervals(MediaChecks.blackIntervals(muxed.file()), FRAME, 10, 15);
    }

    @Test
    void aScreenThatOutlastsTheCallIsCopiedAndTheAudioPaddedWithSilence() throws Exception {
        MediaSegment screen = screen("screen", 0, 40);

        MuxedMedia muxed = mux(List.of(screen), List.of(call("call", 0, 30)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.COPY);
        assertPlayable(muxed, 40);
        assertThat(MediaChecks.videoPacketsMd5(muxed.file())).isEqualTo(MediaChecks.videoPacketsMd5(screen.file()));
        assertIntervals(MediaChecks.silenceIntervals(muxed.file()), AUDIO_TOLERANCE, 30, 40);
    }

    @Test
    void twoScreenSegmentsWithAGapShowBlackInTheGap() throws Exception {
        MuxedMedia muxed = mux(List.of(screen("second", 25, 15), screen("first", 0, 20)), List.of(call("call", 0, 40)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.ENCODE);
        assertPlayable(muxed, 40);
        assertIntervals(MediaChecks.blackIntervals(muxed.file()), FRAME, 20, 25);
    }

    @Test
    void ofOverlappingScreensTheLaterShowsFromItsStart() throws Exception {
        // the later screen starts with 5 s of black: black at 20-25 proves it replaced the earlier one from 20 s
        MediaSegment later = new MediaSegment("later",
                MediaFixtures.screenWithBlackLead(dir.resolve("later.mp4"), 5, 25, 320, 240), at(20));

        MuxedMedia muxed = mux(List.of(screen("earlier", 0, 30), later), List.of(call("call", 0, 45)));

        assertPlayable(muxed, 45);
        assertIntervals(MediaChecks.blackIntervals(muxed.file()), FRAME, 20, 25);
    }

    @Test
    void twoCallSegmentsWithAGapAreSilentInTheGap() throws Exception {
        MuxedMedia muxed = mux(List.of(screen("screen", 0, 37)), List.of(call("c2", 25, 12.5), call("c1", 0, 11.3)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.COPY);
        assertPlayable(muxed, 37.5);
        assertIntervals(MediaChecks.silenceIntervals(muxed.file()), AUDIO_TOLERANCE, 11.3, 25);
    }

    @Test
    void aStereoAndAMonoCallSegmentGiveAStereoTrack() throws Exception {
        MediaSegment stereo = new MediaSegment("stereo", MediaFixtures.stereoCall(dir.resolve("stereo.mp3"), 10), at(10));

        MuxedMedia muxed = mux(List.of(screen("screen", 0, 20)), List.of(call("mono", 0, 10), stereo));

        assertPlayable(muxed, 20);
        ProbedMedia.AudioStream audio = MediaChecks.probe(muxed.file()).audio();
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.sampleRate()).isEqualTo(16000);
        assertThat(MediaChecks.silenceIntervals(muxed.file())).isEmpty();
    }

    @Test
    void withoutCallAudioTheTrackIsSilentForTheWholeScreen() throws Exception {
        MuxedMedia muxed = mux(List.of(screen("screen", 0, 12)), List.of());

        assertPlayable(muxed, 12);
        assertIntervals(MediaChecks.silenceIntervals(muxed.file()), AUDIO_TOLERANCE, 0, 12);
    }

    @Test
    void a1080pScreenSetsTheCanvasAndASmallerOneIsFittedIntoIt() throws Exception {
        MediaSegment big = new MediaSegment("big", MediaFixtures.screen(dir.resolve("big.mp4"), 6, 1920, 1080), at(0));

        MuxedMedia muxed = mux(List.of(big, screen("small", 8, 4)), List.of(call("call", 0, 12)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.ENCODE);
        assertThat(List.of(muxed.width(), muxed.height())).containsExactly(1920, 1080);
        assertPlayable(muxed, 12);
        ProbedMedia.VideoStream video = MediaChecks.probe(muxed.file()).video();
        assertThat(List.of(video.width(), video.height(), video.pixelFormat())).containsExactly(1920, 1080, "yuv420p");
        assertIntervals(MediaChecks.blackIntervals(muxed.file()), FRAME, 6, 8);
    }

    @Test
    void aCoveringScreenABrowserMayNotPlayIsEncodedNotCopied() throws Exception {
        MediaSegment yuv444 = new MediaSegment("yuv444", MediaFixtures.screenYuv444(dir.resolve("444.mp4"), 10, 320, 240), T);

        MuxedMedia muxed = mux(List.of(yuv444), List.of(call("call", 0, 10)));

        assertThat(muxed.videoPath()).isEqualTo(VideoPath.ENCODE);
        assertPlayable(muxed, 10);
        assertThat(MediaChecks.probe(muxed.file()).video().pixelFormat()).isEqualTo("yuv420p");
        assertThat(MediaChecks.blackIntervals(muxed.file())).isEmpty();
    }

    @Test
    void randomBytesAsAScreenAreCorruptMediaNamingTheMediaId() {
        MediaSegment junk = new MediaSegment("junk-screen", MediaFixtures.randomBytes(dir.resolve("j.mp4"), 40_000, 1), T);
        List<MediaSegment> audio = List.of(call("call", 0, 5));

        assertThatThrownBy(() -> mux(List.of(junk), audio)).isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("junk-screen");
    }

    @Test
    void randomBytesAsACallAreCorruptMediaNamingTheMediaId() {
        List<MediaSegment> video = List.of(screen("screen", 0, 5));
        MediaSegment junk = new MediaSegment("junk-call", MediaFixtures.randomBytes(dir.resolve("j.mp3"), 30_000, 2), T);

        assertThatThrownBy(() -> mux(video, List.of(junk))).isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("junk-call");
    }

    @Test
    void aTruncatedScreenIsCorruptMediaNamingTheMediaId() {
        Path whole = MediaFixtures.screen(dir.resolve("whole.mp4"), 10, 320, 240);
        MediaSegment cut = new MediaSegment("cut-screen", MediaFixtures.truncated(whole, dir.resolve("cut.mp4"), 0.6), T);
        List<MediaSegment> audio = List.of(call("call", 0, 10));

        assertThatThrownBy(() -> mux(List.of(cut), audio)).isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("cut-screen");
    }

    @Test
    void aCallAsTheScreenHasNoVideoStreamAndIsCorrupt() {
        MediaSegment notAScreen = call("audio-only", 0, 5);

        assertThatThrownBy(() -> mux(List.of(notAScreen), List.of())).isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("audio-only").hasMessageContaining("no usable video stream");
    }

    @Test
    void noScreenSegmentIsAnIllegalArgument() {
        List<MediaSegment> audio = List.of(call("call", 0, 5));

        assertThatThrownBy(() -> mux(List.of(), audio)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runningOutOfTimeIsATimeoutNotCorruptMedia() {
        MuxJob job = new MuxJob(List.of(screen("screen", 0, 5)), List.of(call("call", 0, 5)), dir.resolve("work"));

        assertThatThrownBy(() -> muxer.mux(job, Duration.ofMillis(1))).isInstanceOf(FfmpegTimeoutException.class);
    }
}
