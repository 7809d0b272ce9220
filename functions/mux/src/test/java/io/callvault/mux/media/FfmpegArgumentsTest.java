package io.callvault.mux.media;

import static io.callvault.mux.media.TimelineTest.call;
import static io.callvault.mux.media.TimelineTest.screen;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden argument lists: what ffmpeg is asked to do for each kind of timeline. */
class FfmpegArgumentsTest {
    static final Path OUT = Path.of("/tmp/w/muxed.mp4");
    static final String NORMALISE_320 = "scale=320:240:force_original_aspect_ratio=decrease:force_divisible_by=2"
            + ",pad=320:240:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1";

    @Test
    void copyKeepsTheVideoAndBuildsTheAudioFromDelayedMixedSegments() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 65_000)), List.of(call("a0", 0, 11_300), call("a1", 32, 32_660)));

        assertThat(FfmpegArguments.mux(t, OUT)).containsExactly(
                "-i", "v.mp4", "-i", "a0.mp3", "-i", "a1.mp3",
                "-filter_complex",
                "[1:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=mono,adelay=delays=0:all=1[a0];"
                        + "[2:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=mono,adelay=delays=32000:all=1[a1];"
                        + "[a0][a1]amix=inputs=2:duration=longest:normalize=0,apad=whole_dur=65,atrim=duration=65[a]",
                "-map", "0:v:0", "-map", "[a]", "-c:v", "copy",
                "-c:a", "aac", "-b:a", "24k", "-movflags", "+faststart", "/tmp/w/muxed.mp4");
    }

    @Test
    void encodePadsALateScreenWithBlackSourcesAndConcat() {
        Timeline t = Timeline.plan(List.of(screen("v", 5, 50_000)), List.of(call("a", 0, 64_660)));

        assertThat(FfmpegArguments.mux(t, OUT)).containsExactly(
                "-i", "v.mp4", "-i", "a.mp3",
                "-filter_complex",
                "color=c=black:s=320x240:r=1,trim=end_frame=5,setsar=1[v0];"
                        + "[0:v]setpts=PTS-STARTPTS,fps=1,trim=start_frame=0:end_frame=50,setpts=PTS-STARTPTS,"
                        + NORMALISE_320 + ",tpad=stop=-1:stop_mode=clone,trim=end_frame=50[v1];"
                        + "color=c=black:s=320x240:r=1,trim=end_frame=9,setsar=1[v2];"
                        + "[v0][v1][v2]concat=n=3:v=1:a=0,format=yuv420p[v];"
                        + "[1:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=mono,adelay=delays=0:all=1,"
                        + "apad=whole_dur=64.66,atrim=duration=64.66[a]",
                "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
                "-crf", "30", "-maxrate", "300k", "-bufsize", "600k", "-pix_fmt", "yuv420p", "-r", "1", "-g", "10",
                "-c:a", "aac", "-b:a", "24k", "-movflags", "+faststart", "/tmp/w/muxed.mp4");
    }

    @Test
    void encodeReadsASegmentOnceForEachPieceItShowsIn() {
        Timeline t = Timeline.plan(List.of(screen("a", 0, 30_000), screen("b", 10, 5_000, 1920, 1080, 1, "h264", "yuv420p")),
                List.of(call("c", 0, 30_000)));

        List<String> args = FfmpegArguments.mux(t, OUT);
        assertThat(args.subList(0, 8)).containsExactly("-i", "a.mp4", "-i", "b.mp4", "-i", "a.mp4", "-i", "c.mp3");
        assertThat(args.get(9)).isEqualTo(
                "[0:v]setpts=PTS-STARTPTS,fps=1,trim=start_frame=0:end_frame=10,setpts=PTS-STARTPTS,"
                        + NORMALISE_320 + ",tpad=stop=-1:stop_mode=clone,trim=end_frame=10[v0];"
                        + "[1:v]setpts=PTS-STARTPTS,fps=1,trim=start_frame=0:end_frame=5,setpts=PTS-STARTPTS,"
                        + NORMALISE_320 + ",tpad=stop=-1:stop_mode=clone,trim=end_frame=5[v1];"
                        + "[2:v]setpts=PTS-STARTPTS,fps=1,trim=start_frame=15:end_frame=30,setpts=PTS-STARTPTS,"
                        + NORMALISE_320 + ",tpad=stop=-1:stop_mode=clone,trim=end_frame=15[v2];"
                        + "[v0][v1][v2]concat=n=3:v=1:a=0,format=yuv420p[v];"
                        + "[3:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=mono,adelay=delays=0:all=1,"
                        + "apad=whole_dur=30,atrim=duration=30[a]");
    }

    @Test
    void withoutAudioASilentTrackOfTheTimelinesLength() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 12_000)), List.of());

        assertThat(FfmpegArguments.mux(t, OUT)).containsExactly(
                "-i", "v.mp4",
                "-filter_complex", "anullsrc=r=16000:cl=mono,apad=whole_dur=12,atrim=duration=12[a]",
                "-map", "0:v:0", "-map", "[a]", "-c:v", "copy",
                "-c:a", "aac", "-b:a", "24k", "-movflags", "+faststart", "/tmp/w/muxed.mp4");
    }

    @Test
    void oneStereoInputMakesEveryInputStereo() {
        Timeline t = Timeline.plan(List.of(screen("v", 0, 20_000)),
                List.of(call("m", 0, 10_000), call("s", 10, 10_000, 16000, 2)));

        assertThat(FfmpegArguments.mux(t, OUT)).contains(
                "[1:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=0:all=1[a0];"
                        + "[2:a]aresample=16000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=10000:all=1[a1];"
                        + "[a0][a1]amix=inputs=2:duration=longest:normalize=0,apad=whole_dur=20,atrim=duration=20[a]",
                "48k");
    }

    @Test
    void encodeAtTheSourceRateWithAKeyframeEvery10Seconds() {
        Timeline t = Timeline.plan(List.of(screen("v", 2, 10_000, 640, 360, 5, "h264", "yuv420p")),
                List.of(call("a", 0, 12_000)));

        List<String> args = FfmpegArguments.mux(t, OUT);
        assertThat(String.join(" ", args)).contains("color=c=black:s=640x360:r=5,trim=end_frame=10,setsar=1[v0]",
                "fps=5,trim=start_frame=0:end_frame=50", "-r 5 -g 50");
    }
}
