package io.callvault.mux.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probing with ffmpeg alone: header parameters, measured lengths, unreadable files named by mediaId. */
class MediaProbeTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    private ProbedMedia probe(String mediaId, Path file) throws CorruptMediaException {
        return new MediaProbe(MediaFixtures.ffmpeg()).probe(mediaId, file, dir, TIMEOUT);
    }

    @Test
    void aScreenRecordingsCodecSizeRateAndLength() throws Exception {
        ProbedMedia media = probe("s1", MediaFixtures.screen(dir.resolve("s.mp4"), 10, 320, 240));

        assertThat(media.mediaId()).isEqualTo("s1");
        assertThat(media.streams()).containsExactly(new ProbedMedia.Stream("Video", "h264"));
        assertThat(media.video()).isEqualTo(new ProbedMedia.VideoStream("h264", "yuv420p", 320, 240, 1, 10, 10_000));
        assertThat(media.audio()).isNull();
        assertThat(media.containerDurationMillis()).isEqualTo(10_000);
    }

    @Test
    void aCallRecordingsLengthIsDecodedNotReadFromTheHeader() throws Exception {
        ProbedMedia media = probe("c1", MediaFixtures.call(dir.resolve("c.mp3"), 11.3));

        assertThat(media.audio().codec()).isEqualTo("mp3");
        assertThat(media.audio().sampleRate()).isEqualTo(8000);
        assertThat(media.audio().channels()).isEqualTo(1);
        // the header says 11.45 s (encoder delay included); the samples last 11.3 s
        assertThat(media.audio().durationMillis()).isCloseTo(11_300L, within(20L));
        assertThat(media.video()).isNull();
    }

    @Test
    void aStereoCall() throws Exception {
        ProbedMedia media = probe("c2", MediaFixtures.stereoCall(dir.resolve("st.mp3"), 5));

        assertThat(media.audio().channels()).isEqualTo(2);
        assertThat(media.audio().sampleRate()).isEqualTo(16000);
        assertThat(media.audio().durationMillis()).isCloseTo(5_000L, within(20L));
    }

    @Test
    void randomBytesAreCorruptMediaNamedByMediaId() {
        Path junk = MediaFixtures.randomBytes(dir.resolve("junk.mp4"), 50_000, 7);

        assertThatThrownBy(() -> probe("junk-id", junk)).isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("junk-id").hasMessageContaining("Invalid data")
                .extracting(e -> ((CorruptMediaException) e).mediaId()).isEqualTo("junk-id");
    }

    @Test
    void aTruncatedMp4IsCorruptWhetherItsMoovWasAtTheEndOrAtTheStart() {
        Path screen = MediaFixtures.screen(dir.resolve("s.mp4"), 10, 320, 240);
        Path faststart = dir.resolve("fast.mp4");
        MediaFixtures.ffmpeg().run(List.of("-i", screen.toString(), "-c", "copy", "-movflags", "+faststart",
                faststart.toString()), dir, TIMEOUT);

        assertThatThrownBy(() -> probe("cut-moov", MediaFixtures.truncated(screen, dir.resolve("t1.mp4"), 0.5)))
                .isInstanceOf(CorruptMediaException.class).hasMessageContaining("cut-moov")
                .hasMessageContaining("moov atom not found");
        assertThatThrownBy(() -> probe("cut-mdat", MediaFixtures.truncated(faststart, dir.resolve("t2.mp4"), 0.5)))
                .isInstanceOf(CorruptMediaException.class).hasMessageContaining("cut-mdat")
                .hasMessageContaining("partial file");
    }

    @Test
    void aCallWithDamagedFramesIsReadNotRejected() throws Exception {
        Path call = MediaFixtures.call(dir.resolve("c.mp3"), 30);
        Path damaged = MediaFixtures.damaged(call, dir.resolve("damaged.mp3"), 10, 3);
        assertThat(MediaFixtures.ffmpeg().run(List.of("-i", damaged.toString(), "-f", "null", "-"), dir, TIMEOUT).stderr())
                .as("the decoder does meet damaged frames").contains("Error while decoding stream");

        ProbedMedia media = probe("damaged", damaged);

        assertThat(media.audio().sampleRate()).isEqualTo(8000);
        assertThat(media.audio().durationMillis()).isBetween(20_000L, 30_100L);
    }

    @Test
    void headerPartsSplitAtTopLevelCommasOnly() {
        assertThat(MediaProbe.topLevelParts("h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), "
                + "1920x1080 [SAR 1:1 DAR 16:9], 148 kb/s, 1 fps"))
                .containsExactly("h264 (High) (avc1 / 0x31637661)", "yuv420p(tv, bt709, progressive)",
                        "1920x1080 [SAR 1:1 DAR 16:9]", "148 kb/s", "1 fps");
    }
}
