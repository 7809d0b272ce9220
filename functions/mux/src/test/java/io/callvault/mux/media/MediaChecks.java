package io.callvault.mux.media;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user would check on a muxed file, measured with the layer's ffmpeg (no ffprobe): streams, durations, black and
 * silent intervals, video packet checksums, the start of the video, the MP4 box order. Public for the mux tests of
 * other packages; each method fails with an AssertionError when ffmpeg cannot read the file.
 */
public final class MediaChecks {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern BLACK = Pattern.compile("black_start:(\\S+) black_end:(\\S+)");
    private static final Pattern SILENCE_START = Pattern.compile("silence_start: (\\S+)");
    private static final Pattern SILENCE_END = Pattern.compile("silence_end: (\\S+)");

    private MediaChecks() {}

    /** A span of a file in seconds. */
    public record Interval(double from, double to) {
        public double length() {
            return to - from;
        }
    }

    /** Packets of one stream: how many, where the first starts and the last ends (seconds, timestamps as stored). */
    public record StreamSpan(long packets, double startSeconds, double endSeconds) {
        public double durationSeconds() {
            return endSeconds - startSeconds;
        }
    }

    /** The probe of {@code file} (header streams, measured lengths). */
    public static ProbedMedia probe(Path file) {
        try {
            return new MediaProbe(MediaFixtures.ffmpeg()).probe(file.getFileName().toString(), file, scratchDir(file),
                    TIMEOUT);
        } catch (CorruptMediaException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The streams as {@code Kind:codec}, e.g. {@code [Video:h264, Audio:aac]}. */
    public static List<String> streams(Path file) {
        return probe(file).streams().stream().map(s -> s.kind() + ":" + s.codec()).toList();
    }

    /** The container's duration (the header's {@code Duration}). */
    public static double durationSeconds(Path file) {
        return probe(file).containerDurationMillis() / 1000.0;
    }

    /** The first video stream's packets, timestamps as stored ({@code -copyts}: an edit list shows as a late start). */
    public static StreamSpan video(Path file) {
        return span(file, "v");
    }

    /** The first audio stream's packets, timestamps as stored. */
    public static StreamSpan audio(Path file) {
        return span(file, "a");
    }

    private static StreamSpan span(Path file, String type) {
        Path listing = run(file, "-copyts", "-i", file.toString(), "-map", "0:" + type + ":0", "-c", "copy", "-f", "framecrc",
                "-");
        try {
            MediaProbe.PacketSpan span = MediaProbe.packetSpans(listing).get(type.equals("v") ? "video" : "audio");
            if (span == null || span.count == 0) {
                throw new AssertionError("no " + type + " packets in " + file);
            }
            return new StreamSpan(span.count, (double) span.first * span.num / span.den,
                    (double) span.end * span.num / span.den);
        } finally {
            MediaProbe.deleteQuietly(listing);
        }
    }

    /** MD5 of the first video stream's packets ({@code -map 0:v:0 -c copy -f md5 -}): equal means stream-copied. */
    public static String videoPacketsMd5(Path file) {
        Path out = run(file, "-i", file.toString(), "-map", "0:v:0", "-c", "copy", "-f", "md5", "-");
        try {
            return Files.readString(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            MediaProbe.deleteQuietly(out);
        }
    }

    /** {@code blackdetect=d=0.5:pix_th=0.1} intervals of the first video stream (at the end: up to the last frame's start). */
    public static List<Interval> blackIntervals(Path file) {
        String log = detect(file, "-map", "0:v:0", "-vf", "blackdetect=d=0.5:pix_th=0.1");
        List<Interval> intervals = new ArrayList<>();
        Matcher m = BLACK.matcher(log);
        while (m.find()) {
            intervals.add(new Interval(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
        }
        return intervals;
    }

    /** {@code silencedetect=n=-50dB:d=0.5} intervals of the first audio stream (open at the end: to the file's end). */
    public static List<Interval> silenceIntervals(Path file) {
        String log = detect(file, "-map", "0:a:0", "-af", "silencedetect=n=-50dB:d=0.5");
        List<Interval> intervals = new ArrayList<>();
        Double start = null;
        for (String line : log.split("\\R")) {
            Matcher s = SILENCE_START.matcher(line);
            Matcher e = SILENCE_END.matcher(line);
            if (s.find()) {
                start = Math.max(0, Double.parseDouble(s.group(1)));
            } else if (e.find() && start != null) {
                intervals.add(new Interval(start, Double.parseDouble(e.group(1))));
                start = null;
            }
        }
        if (start != null) {
            intervals.add(new Interval(start, durationSeconds(file)));
        }
        return intervals;
    }

    /** The top-level MP4 boxes in file order, e.g. {@code [ftyp, moov, free, mdat]}. */
    public static List<String> topLevelBoxes(Path file) {
        List<String> boxes = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            long position = 0;
            long size = Files.size(file);
            while (position + 8 <= size) {
                long boxSize = in.readInt() & 0xffffffffL;
                byte[] type = in.readNBytes(4);
                long header = 8;
                if (boxSize == 1) {
                    boxSize = in.readLong();
                    header = 16;
                } else if (boxSize == 0) {
                    boxSize = size - position;
                }
                boxes.add(new String(type, StandardCharsets.ISO_8859_1));
                if (boxSize < header) {
                    break;
                }
                in.skipNBytes(boxSize - header);
                position += boxSize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return boxes;
    }

    /** True when the {@code moov} box comes before {@code mdat} ({@code -movflags +faststart}): playback starts at once. */
    public static boolean moovBeforeMdat(Path file) {
        List<String> boxes = topLevelBoxes(file);
        return boxes.contains("moov") && boxes.contains("mdat") && boxes.indexOf("moov") < boxes.indexOf("mdat");
    }

    private static String detect(Path file, String... filter) {
        List<String> args = new ArrayList<>(List.of("-loglevel", "info", "-nostats", "-i", file.toString()));
        args.addAll(List.of(filter));
        args.addAll(List.of("-f", "null", "-"));
        Ffmpeg.Result result = MediaFixtures.ffmpeg().run(args, scratchDir(file), TIMEOUT);
        if (!result.succeeded()) {
            throw new AssertionError("ffmpeg cannot read " + file + ": " + result.excerpt());
        }
        return result.stderr();
    }

    private static Path run(Path file, String... arguments) {
        Path dir = scratchDir(file);
        Path stdout = MediaProbe.scratch(dir, "check-", ".out");
        Ffmpeg.Result result = MediaFixtures.ffmpeg().run(List.of(arguments), dir, TIMEOUT, stdout);
        if (!result.succeeded()) {
            MediaProbe.deleteQuietly(stdout);
            throw new AssertionError("ffmpeg cannot read " + file + ": " + result.excerpt());
        }
        return stdout;
    }

    private static Path scratchDir(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
