package io.callvault.mux.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes a file with ffmpeg alone (the layer has no ffprobe): one pass
 * {@code ffmpeg -loglevel level+info -nostats -i FILE -map 0:v:0? -map 0:a:0? -c:v copy -f framecrc -} gives the
 * input header on stderr (container duration, codecs, pix_fmt, size, fps, sample rate, channels), the video packets
 * (copied, not decoded: cheap even for 1080p) and the decoded audio frames on stdout, so lengths are measured, not read
 * from a header that may guess (an MP3's header duration includes its encoder delay). A file ffmpeg cannot open, or
 * whose demuxer reports a partial or invalid file, is {@link CorruptMediaException}.
 */
public final class MediaProbe {
    private static final Pattern LOG_LINE = Pattern.compile(
            "^(?:\\[[^\\]]* @ 0x[0-9a-f]+\\] )?\\[(trace|debug|verbose|info|warning|error|fatal|panic)\\] ?(.*)$");
    private static final Pattern DURATION = Pattern.compile("^\\s*Duration: (?:(\\d+):(\\d{2}):(\\d{2})\\.(\\d+)|N/A)");
    private static final Pattern STREAM = Pattern.compile("^\\s*Stream #0:\\d+.*?: (Video|Audio|Data|Subtitle|Attachment): (.*)$");
    private static final Pattern SIZE = Pattern.compile("^(\\d+)x(\\d+)\\b");
    private static final Pattern RATE = Pattern.compile("^(\\d+(?:\\.\\d+)?)(k?) (fps|tbr)$");
    private static final Pattern HERTZ = Pattern.compile("^(\\d+) Hz$");
    private static final Pattern CHANNELS = Pattern.compile("^(\\d+) channels");
    /**
     * Demuxer errors that mean the bytes are not a (whole) media file. Decoder errors ({@code Error while decoding
     * stream ...: Invalid data found}, {@code Header missing}) are tolerated: a call with a few damaged frames still
     * plays, the mux conceals them the same way, and the measured length is what the mux will see.
     */
    private static final Pattern DAMAGE = Pattern.compile("partial file|Invalid data found|moov atom not found");
    private static final String DECODE_ERROR = "Error while decoding stream";

    private final Ffmpeg ffmpeg;

    public MediaProbe(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Probes {@code file}; {@code mediaId} names it in a {@link CorruptMediaException}. */
    public ProbedMedia probe(String mediaId, Path file, Path workDir, Duration timeout) throws CorruptMediaException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file for media " + mediaId + ": " + file);
        }
        Path packets = scratch(workDir, "probe-", ".framecrc");
        try {
            Ffmpeg.Result result = ffmpeg.run(List.of("-loglevel", "level+info", "-nostats", "-i", file.toString(),
                    "-map", "0:v:0?", "-map", "0:a:0?", "-c:v", "copy", "-f", "framecrc", "-"), workDir, timeout, packets);
            List<String> errors = new ArrayList<>();
            Header header = parseHeader(result.stderr(), errors);
            if (!result.succeeded() || errors.stream().anyMatch(e -> !e.startsWith(DECODE_ERROR) && DAMAGE.matcher(e).find())) {
                String why = errors.isEmpty() ? result.excerpt() : String.join("; ", errors);
                throw new CorruptMediaException(mediaId, "ffmpeg cannot read " + file.getFileName() + ": "
                        + (why.length() > 500 ? why.substring(0, 500) + "…" : why));
            }
            Map<String, PacketSpan> spans = packetSpans(packets);
            ProbedMedia.VideoStream video = header.video == null ? null : withSpan(header.video, spans.get("video"));
            ProbedMedia.AudioStream audio = header.audio == null ? null : withSpan(header.audio, spans.get("audio"));
            return new ProbedMedia(mediaId, file, header.durationMillis, header.streams, video, audio);
        } finally {
            deleteQuietly(packets);
        }
    }

    static Path scratch(Path workDir, String prefix, String suffix) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempFile(workDir, prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // scratch space: the work dir is removed by its owner
        }
    }

    private static ProbedMedia.VideoStream withSpan(ProbedMedia.VideoStream v, PacketSpan span) {
        return span == null ? new ProbedMedia.VideoStream(v.codec(), v.pixelFormat(), v.width(), v.height(), v.fps(), 0, 0)
                : new ProbedMedia.VideoStream(v.codec(), v.pixelFormat(), v.width(), v.height(), v.fps(), span.count,
                        span.millis());
    }

    private static ProbedMedia.AudioStream withSpan(ProbedMedia.AudioStream a, PacketSpan span) {
        return new ProbedMedia.AudioStream(a.codec(), a.sampleRate(), a.channels(), span == null ? 0 : span.millis());
    }

    private static final class Header {
        long durationMillis = -1;
        final List<ProbedMedia.Stream> streams = new ArrayList<>();
        ProbedMedia.VideoStream video;
        ProbedMedia.AudioStream audio;
    }

    /** Reads the {@code Input #0} block of a {@code level+info} log; collects error-level lines into {@code errors}. */
    static Header parseHeader(String stderr, List<String> errors) {
        Header header = new Header();
        boolean inInput = false;
        for (String raw : stderr.split("\\R")) {
            Matcher m = LOG_LINE.matcher(raw);
            String level = m.matches() ? m.group(1) : "info";
            String line = m.matches() ? m.group(2) : raw;
            if (level.equals("error") || level.equals("fatal") || level.equals("panic")) {
                errors.add(line.strip());
                continue;
            }
            if (line.startsWith("Input #0")) {
                inInput = true;
            } else if (line.startsWith("Output #") || line.startsWith("Stream mapping") || line.startsWith("Input #")) {
                inInput = false;
            }
            if (!inInput) {
                continue;
            }
            Matcher d = DURATION.matcher(line);
            if (d.find() && d.group(1) != null) {
                header.durationMillis = ((Long.parseLong(d.group(1)) * 60 + Long.parseLong(d.group(2))) * 60
                        + Long.parseLong(d.group(3))) * 1000 + Math.round(Double.parseDouble("0." + d.group(4)) * 1000);
            }
            Matcher s = STREAM.matcher(line);
            if (s.matches()) {
                addStream(header, s.group(1), topLevelParts(s.group(2)));
            }
        }
        return header;
    }

    private static void addStream(Header header, String kind, List<String> parts) {
        String codec = parts.get(0).split(" ", 2)[0];
        header.streams.add(new ProbedMedia.Stream(kind, codec));
        if (kind.equals("Video") && header.video == null) {
            String pixelFormat = parts.size() > 1 ? parts.get(1).replaceAll("\\(.*", "").strip() : "";
            int width = 0;
            int height = 0;
            double fps = 0;
            double tbr = 0;
            for (String part : parts) {
                Matcher size = SIZE.matcher(part);
                if (width == 0 && size.find()) {
                    width = Integer.parseInt(size.group(1));
                    height = Integer.parseInt(size.group(2));
                }
                Matcher rate = RATE.matcher(part);
                if (rate.matches()) {
                    double value = Double.parseDouble(rate.group(1)) * (rate.group(2).isEmpty() ? 1 : 1000);
                    if (rate.group(3).equals("fps")) {
                        fps = value;
                    } else {
                        tbr = value;
                    }
                }
            }
            header.video = new ProbedMedia.VideoStream(codec, pixelFormat, width, height, fps > 0 ? fps : tbr, 0, 0);
        } else if (kind.equals("Audio") && header.audio == null) {
            int rate = 0;
            int channels = 0;
            for (String part : parts) {
                Matcher hz = HERTZ.matcher(part);
                if (hz.matches()) {
                    rate = Integer.parseInt(hz.group(1));
                }
                if (channels == 0) {
                    channels = channels(part);
                }
            }
            header.audio = new ProbedMedia.AudioStream(codec, rate, channels, 0);
        }
    }

    private static int channels(String layout) {
        Matcher n = CHANNELS.matcher(layout);
        if (n.find()) {
            return Integer.parseInt(n.group(1));
        }
        return switch (layout.replaceAll("\\(.*", "").toLowerCase(Locale.ROOT)) {
            case "mono" -> 1;
            case "stereo", "downmix" -> 2;
            case "2.1", "3.0", "3.0(back)" -> 3;
            case "quad", "4.0", "3.1" -> 4;
            case "5.0", "4.1" -> 5;
            case "5.1", "6.0" -> 6;
            case "7.1" -> 8;
            default -> 0;
        };
    }

    /** Splits {@code a (b, c), d} at the commas outside parentheses and brackets. */
    static List<String> topLevelParts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(from, i).strip());
                from = i + 1;
            }
        }
        parts.add(text.substring(from).strip());
        return parts;
    }

    /** First packet start to last packet end of one stream of a framecrc listing, in its time base. */
    static final class PacketSpan {
        long num = 1;
        long den = 1;
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long count;

        long millis() {
            return count == 0 ? 0 : Math.round((end - first) * 1000.0 * num / den);
        }
    }

    /** The span of each stream of a framecrc file by media type ({@code video}, {@code audio}). */
    static Map<String, PacketSpan> packetSpans(Path framecrc) {
        Map<Integer, PacketSpan> byIndex = new HashMap<>();
        Map<String, PacketSpan> byType = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(framecrc)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#tb ")) {
                    String[] parts = line.substring(4).split(":\\s*");
                    String[] fraction = parts[1].strip().split("/");
                    PacketSpan span = byIndex.computeIfAbsent(Integer.parseInt(parts[0].strip()), i -> new PacketSpan());
                    span.num = Long.parseLong(fraction[0]);
                    span.den = Long.parseLong(fraction[1]);
                } else if (line.startsWith("#media_type ")) {
                    String[] parts = line.substring(12).split(":\\s*");
                    byType.putIfAbsent(parts[1].strip(),
                            byIndex.computeIfAbsent(Integer.parseInt(parts[0].strip()), i -> new PacketSpan()));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split(",\\s*");
                    if (f.length < 4) {
                        continue;
                    }
                    PacketSpan span = byIndex.computeIfAbsent(Integer.parseInt(f[0].strip()), i -> new PacketSpan());
                    long pts = Long.parseLong(f[2].strip());
                    long duration = Long.parseLong(f[3].strip());
                    span.first = Math.min(span.first, pts);
                    span.end = Math.max(span.end, pts + duration);
                    span.count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byType;
    }
}
