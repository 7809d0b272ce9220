package io.callvault.bench;

import io.callvault.mux.media.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * An ffmpeg that notes every command line it is given, then runs the real binary ({@code exec}, same arguments):
 * how the mux section learns the exact arguments {@code ScreenMuxer} passes (its argument builder is not public),
 * to run the same commands bare afterwards. Only an untimed run goes through it.
 */
final class RecordingFfmpeg {
    /** What {@link Ffmpeg#run} puts before the caller's arguments. */
    static final List<String> RUN_PREFIX = List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y");

    private final Path script;
    private final Path calls;

    private RecordingFfmpeg(Path script, Path calls) {
        this.script = script;
        this.calls = calls;
    }

    /** A shell script in {@code dir} that records each call under {@code dir/calls} and execs {@code real}. */
    static RecordingFfmpeg create(Path real, Path dir) throws IOException {
        Path calls = Files.createDirectories(dir.resolve("calls"));
        String realPath = real.toAbsolutePath().toString();
        String callsPath = calls.toAbsolutePath().toString();
        if ((realPath + callsPath).contains("'")) {
            throw new IllegalArgumentException("paths with a single quote cannot go into the recording script");
        }
        Path script = dir.resolve("ffmpeg");
        Files.writeString(script, "#!/bin/sh\n"
                + "n=$(ls '" + callsPath + "' | wc -l)\n"
                + "printf '%s\\0' \"$@\" > '" + callsPath + "'/$(printf '%04d' \"$n\")\n"
                + "exec '" + realPath + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new RecordingFfmpeg(script, calls);
    }

    Ffmpeg ffmpeg() {
        return new Ffmpeg(script);
    }

    /** Every call so far, in order, without {@link #RUN_PREFIX}: what the caller passed to {@link Ffmpeg#run}. */
    List<List<String>> calls() {
        try (Stream<Path> files = Files.list(calls)) {
            List<List<String>> out = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                List<String> args = Arrays.asList(text.substring(0, Math.max(0, text.length() - 1)).split("\0", -1));
                if (args.size() < RUN_PREFIX.size() || !args.subList(0, RUN_PREFIX.size()).equals(RUN_PREFIX)) {
                    throw new IllegalStateException("ffmpeg was called without Ffmpeg.run's prefix: " + args);
                }
                out.add(List.copyOf(args.subList(RUN_PREFIX.size(), args.size())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
