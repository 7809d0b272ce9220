package io.callvault.mux.media;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers of docs/mux-media.md: a 20-minute 1080p 1 fps test-pattern screen with 20 minutes of 8 kHz mono MP3,
 * muxed on the COPY path and (screen 2 s late) on the ENCODE path, and the AAC encode on its own. Minutes of CPU, so
 * only on request: {@code mvn -pl functions/mux -am test -Dtest=MuxMeasurement -Dcallvault.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "callvault.measure", matches = "true")
class MuxMeasurement {
    static final int SECONDS = 1200;
    static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void copyVersusEncodeOfATwentyMinuteCall() throws Exception {
        long started = System.nanoTime();
        Path screen = MediaFixtures.screen(dir.resolve("screen.mp4"), SECONDS, 1920, 1080);
        Path call = MediaFixtures.noisyCall(dir.resolve("call.mp3"), SECONDS);
        report("fixtures", started);
        ScreenMuxer muxer = new ScreenMuxer(MediaFixtures.ffmpeg());

        started = System.nanoTime();
        MediaProbe probe = new MediaProbe(MediaFixtures.ffmpeg());
        probe.probe("screen", screen, dir, Duration.ofMinutes(5));
        report("probe screen (packets copied)", started);
        started = System.nanoTime();
        probe.probe("call", call, dir, Duration.ofMinutes(5));
        report("probe call (decoded)", started);

        for (int late : new int[] {0, 2}) {
            MuxJob job = new MuxJob(List.of(new MediaSegment("screen", screen, T.plusSeconds(late))),
                    List.of(new MediaSegment("call", call, T)), dir.resolve("work-" + late));
            started = System.nanoTime();
            MuxedMedia muxed = muxer.mux(job, Duration.ofMinutes(15));
            report(muxed.videoPath() + " mux (probes, ffmpeg, check) -> " + muxed.sizeBytes() + " bytes, "
                    + muxed.durationMillis() + " ms", started);
        }
        for (String bitrate : new String[] {"24k", "32k"}) {
            started = System.nanoTime();
            String d = String.valueOf(SECONDS);
            MediaFixtures.ffmpeg().run(List.of("-i", call.toString(), "-af", "aresample=16000,aformat=sample_fmts=fltp:"
                    + "channel_layouts=mono,adelay=delays=0:all=1,apad=whole_dur=" + d + ",atrim=duration=" + d,
                    "-c:a", "aac", "-b:a", bitrate, dir.resolve("audio-" + bitrate + ".m4a").toString()), dir,
                    Duration.ofMinutes(5));
            report("AAC 16 kHz mono " + bitrate + " of the 20-minute call", started);
        }
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("MEASURE %-60s %6.2f s%n", what, (System.nanoTime() - startedNanos) / 1e9);
    }
}
