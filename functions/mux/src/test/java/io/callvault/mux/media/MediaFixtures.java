package io.callvault.mux.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Media made at test time with the layer's ffmpeg, so no binary fixture is committed: screens are lavfi
 * {@code testsrc2} (moving, never black) in H.264 yuv420p MP4 like the screen recorder's; calls are a {@code sine} in
 * MP3 8 kHz mono 8 kbit/s like the call recorder's. Public for the mux tests of other packages. Each method returns
 * the file it wrote. Without ffmpeg these fail (they do not skip): the build always provides it.
 */
public final class MediaFixtures {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static Ffmpeg ffmpeg;

    private MediaFixtures() {}

    /** The binary the build provides ({@link Ffmpeg#locate()}), found once. */
    public static synchronized Ffmpeg ffmpeg() {
        if (ffmpeg == null) {
            ffmpeg = Ffmpeg.locate();
        }
        return ffmpeg;
    }

    /** A screen recording: {@code seconds} at 1 fps, {@code width}x{@code height}, H.264 yuv420p in MP4. */
    public static Path screen(Path out, int seconds, int width, int height) {
        return screen(out, seconds, width, height, 1);
    }

    /** A screen recording at {@code fps}. */
    public static Path screen(Path out, int seconds, int width, int height, int fps) {
        return make(out, "-f", "lavfi", "-i", "testsrc2=s=" + width + "x" + height + ":r=" + fps + ":d=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", String.valueOf(10 * fps),
                out.toString());
    }

    /**
     * A screen recording whose first {@code blackSeconds} are black, then {@code seconds - blackSeconds} of test pattern
     * (1 fps): which of two overlapping screens a muxed output shows can then be seen with blackdetect.
     */
    public static Path screenWithBlackLead(Path out, int blackSeconds, int seconds, int width, int height) {
        String size = width + "x" + height;
        return make(out, "-filter_complex", "color=c=black:s=" + size + ":r=1:d=" + blackSeconds + ",setsar=1[b];"
                        + "testsrc2=s=" + size + ":r=1:d=" + (seconds - blackSeconds) + ",setsar=1[t];[b][t]concat=n=2:v=1:a=0",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10", out.toString());
    }

    /** A screen recording in yuv444p: H.264 a browser may not play, so never stream-copied. */
    public static Path screenYuv444(Path out, int seconds, int width, int height) {
        return make(out, "-f", "lavfi", "-i", "testsrc2=s=" + width + "x" + height + ":r=1:d=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-g", "10", out.toString());
    }

    /** A call recording: a 440 Hz tone, MP3 8 kHz mono 8 kbit/s. */
    public static Path call(Path out, double seconds) {
        return make(out, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=" + seconds,
                "-c:a", "libmp3lame", "-b:a", "8k", "-ac", "1", out.toString());
    }

    /**
     * A call recording that costs an encoder what speech does (pink noise under a tone; a pure sine is a pathological
     * case for ffmpeg's AAC rate control, several times slower), MP3 8 kHz mono 8 kbit/s.
     */
    public static Path noisyCall(Path out, double seconds) {
        return make(out, "-filter_complex", "anoisesrc=color=pink:amplitude=0.1:sample_rate=8000:duration=" + seconds
                        + "[n];sine=frequency=300:sample_rate=8000:duration=" + seconds + "[s];[n][s]amix=inputs=2",
                "-c:a", "libmp3lame", "-b:a", "8k", "-ac", "1", out.toString());
    }

    /** A stereo call recording: 440 Hz left, 660 Hz right, MP3 16 kHz stereo 32 kbit/s. */
    public static Path stereoCall(Path out, double seconds) {
        return make(out, "-f", "lavfi", "-i",
                "aevalsrc=0.2*sin(440*2*PI*t)|0.2*sin(660*2*PI*t):s=16000:c=stereo:d=" + seconds,
                "-c:a", "libmp3lame", "-b:a", "32k", "-ac", "2", out.toString());
    }

    /** {@code size} random bytes (seeded): not a media file. */
    public static Path randomBytes(Path out, int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return write(out, bytes);
    }

    /** The first {@code fraction} of {@code source}'s bytes, as an interrupted upload would leave it. */
    public static Path truncated(Path source, Path out, double fraction) {
        try {
            byte[] all = Files.readAllBytes(source);
            byte[] head = new byte[(int) (all.length * fraction)];
            System.arraycopy(all, 0, head, 0, head.length);
            return write(out, head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code source} with {@code places} runs of 50 random bytes written over it past its first 1000 bytes (seeded):
     * damaged frames inside a file whose container is intact.
     */
    public static Path damaged(Path source, Path out, int places, long seed) {
        try {
            byte[] bytes = Files.readAllBytes(source);
            Random random = new Random(seed);
            for (int i = 0; i < places; i++) {
                int at = 1000 + random.nextInt(bytes.length - 1050);
                for (int j = 0; j < 50; j++) {
                    bytes[at + j] = (byte) random.nextInt(256);
                }
            }
            return write(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path out, byte[] bytes) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            return Files.write(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path make(Path out, String... arguments) {
        Path dir = out.toAbsolutePath().getParent();
        Ffmpeg.Result result = ffmpeg().run(new ArrayList<>(List.of(arguments)), dir, TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("fixture " + out + " not made: " + result.excerpt());
        }
        return out;
    }
}
