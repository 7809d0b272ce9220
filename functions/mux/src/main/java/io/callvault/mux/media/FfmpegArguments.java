package io.callvault.mux.media;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg argument list of a planned {@link Timeline} (after {@link Ffmpeg}'s own
 * {@code -nostdin -hide_banner -loglevel error -y}). Pure; golden-tested.
 *
 * <p>Audio, both paths: every input {@code aresample,aformat,adelay=<offset ms>:all=1}, then {@code amix normalize=0}
 * (when more than one), {@code apad whole_dur=D}, {@code atrim duration=D}; no input: {@code anullsrc} of D. AAC-LC.
 *
 * <p>Video COPY: {@code -map 0:v:0 -c:v copy}. Video ENCODE: one {@code -i} per piece (a segment that shows twice is
 * read twice, so no {@code split} has to buffer frames), each normalised to the canvas and cut to its exact frame
 * count, black pieces from {@code color} sources, all joined by {@code concat} (a {@code tpad} after concat gives wrong
 * timestamps), libx264.
 */
final class FfmpegArguments {
    private FfmpegArguments() {}

    static List<String> mux(Timeline timeline, Path output) {
        List<String> args = new ArrayList<>();
        List<String> graph = new ArrayList<>();
        int inputs = 0;
        if (timeline.videoPath() == VideoPath.COPY) {
            input(args, timeline.videoPieces().get(0).input());
            inputs++;
        } else {
            List<String> labels = new ArrayList<>();
            for (Timeline.VideoPiece piece : timeline.videoPieces()) {
                String label = "[v" + labels.size() + "]";
                if (piece.black()) {
                    graph.add(black(timeline.canvas(), piece.frames()) + label);
                } else {
                    input(args, piece.input());
                    graph.add("[" + inputs++ + ":v]" + clip(timeline.canvas(), piece) + label);
                }
                labels.add(label);
            }
            graph.add(String.join("", labels) + "concat=n=" + labels.size() + ":v=1:a=0,format=yuv420p[v]");
        }
        for (Timeline.AudioPlacement placement : timeline.audio()) {
            input(args, placement.input());
        }
        graph.addAll(audioGraph(timeline, inputs));
        args.addAll(List.of("-filter_complex", String.join(";", graph)));
        if (timeline.videoPath() == VideoPath.COPY) {
            args.addAll(List.of("-map", "0:v:0", "-map", "[a]", "-c:v", "copy"));
        } else {
            Timeline.Canvas canvas = timeline.canvas();
            args.addAll(List.of("-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
                    "-crf", "30", "-maxrate", "300k", "-bufsize", "600k", "-pix_fmt", "yuv420p", "-r", number(canvas.fps()),
                    "-g", String.valueOf(canvas.gop())));
        }
        args.addAll(List.of("-c:a", "aac", "-b:a", timeline.audioFormat().bitrateKbps() + "k", "-movflags", "+faststart",
                output.toString()));
        return args;
    }

    private static void input(List<String> args, Timeline.Input input) {
        args.add("-i");
        args.add(input.segment().file().toString());
    }

    /** {@code color} for exactly {@code frames} black frames. */
    static String black(Timeline.Canvas canvas, long frames) {
        return "color=c=black:s=" + canvas.width() + "x" + canvas.height() + ":r=" + number(canvas.fps())
                + ",trim=end_frame=" + frames + ",setsar=1";
    }

    /**
     * An input at the canvas rate from its first frame, cut to the piece, fitted into the canvas (aspect kept, black
     * bars), its last frame repeated if the input ends a rounding short of the piece.
     */
    static String clip(Timeline.Canvas canvas, Timeline.VideoPiece piece) {
        int w = canvas.width();
        int h = canvas.height();
        return "setpts=PTS-STARTPTS,fps=" + number(canvas.fps())
                + ",trim=start_frame=" + piece.sourceFrame() + ":end_frame=" + (piece.sourceFrame() + piece.frames())
                + ",setpts=PTS-STARTPTS"
                + ",scale=" + w + ":" + h + ":force_original_aspect_ratio=decrease:force_divisible_by=2"
                + ",pad=" + w + ":" + h + ":(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
                + ",tpad=stop=-1:stop_mode=clone,trim=end_frame=" + piece.frames();
    }

    static List<String> audioGraph(Timeline timeline, int firstInput) {
        Timeline.AudioFormat format = timeline.audioFormat();
        String layout = format.channels() == 2 ? "stereo" : "mono";
        String d = seconds(timeline.durationMillis());
        String tail = "apad=whole_dur=" + d + ",atrim=duration=" + d + "[a]";
        List<Timeline.AudioPlacement> audio = timeline.audio();
        if (audio.isEmpty()) {
            return List.of("anullsrc=r=" + format.sampleRate() + ":cl=" + layout + "," + tail);
        }
        List<String> graph = new ArrayList<>();
        StringBuilder mix = new StringBuilder();
        for (int k = 0; k < audio.size(); k++) {
            String chain = "[" + (firstInput + k) + ":a]aresample=" + format.sampleRate()
                    + ",aformat=sample_fmts=fltp:channel_layouts=" + layout
                    + ",adelay=delays=" + audio.get(k).offsetMillis() + ":all=1";
            if (audio.size() == 1) {
                return List.of(chain + "," + tail);
            }
            graph.add(chain + "[a" + k + "]");
            mix.append("[a").append(k).append(']');
        }
        graph.add(mix + "amix=inputs=" + audio.size() + ":duration=longest:normalize=0," + tail);
        return graph;
    }

    /** Milliseconds as seconds without trailing zeros: 65000 → 65, 11300 → 11.3. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
