package io.callvault.mux.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The ffmpeg binary and the one way this code runs it: {@code ffmpeg -nostdin -hide_banner -loglevel error -y <args>}
 * (a later {@code -loglevel} in the arguments wins), stderr into a file in the work dir so a full pipe can never block
 * ffmpeg, a wait with a timeout and {@code destroyForcibly()} when it runs out.
 */
public final class Ffmpeg {
    /** Where the build leaves the layer's binary, relative to the repository root. */
    static final String BUILD_BINARY = "layers/ffmpeg/target/layer/bin/ffmpeg";
    static final String LAMBDA_BINARY = "/opt/bin/ffmpeg";
    /** More stderr than this is cut in the middle: the header (start) and the final error (end) are what matter. */
    private static final int STDERR_KEEP = 1 << 20;

    private final Path binary;

    public Ffmpeg(Path binary) {
        this.binary = Objects.requireNonNull(binary, "binary");
    }

    /**
     * The binary: env {@code FFMPEG_PATH} if set (in Lambda {@code /opt/bin/ffmpeg}), else system property
     * {@code callvault.ffmpeg}, else {@value #BUILD_BINARY} in the working directory or one of its parents, else
     * {@value #LAMBDA_BINARY}.
     *
     * @throws IllegalStateException when the chosen file is not an executable
     */
    public static Ffmpeg locate() {
        return locate(System.getenv(), System::getProperty, Path.of("").toAbsolutePath());
    }

    static Ffmpeg locate(Map<String, String> env, UnaryOperator<String> properties, Path workingDir) {
        String chosen = env.get("FFMPEG_PATH");
        String source = "env FFMPEG_PATH";
        if (blank(chosen)) {
            chosen = properties.apply("callvault.ffmpeg");
            source = "system property callvault.ffmpeg";
        }
        if (blank(chosen)) {
            chosen = LAMBDA_BINARY;
            source = "default (no " + BUILD_BINARY + " in " + workingDir + " or a parent)";
            for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(BUILD_BINARY);
                if (Files.isRegularFile(candidate)) {
                    chosen = candidate.toString();
                    source = "build output";
                    break;
                }
            }
        }
        Path binary = Path.of(chosen);
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new IllegalStateException("ffmpeg not found: " + binary + " (from " + source + ") is not an executable"
                    + " file; set FFMPEG_PATH or -Dcallvault.ffmpeg, or build the layer with"
                    + " `mvn -pl layers/ffmpeg package`");
        }
        return new Ffmpeg(binary);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public Path binary() {
        return binary;
    }

    /** What one run left: exit code, stderr (cut in the middle when very long) and where stdout went, if kept. */
    public record Result(int exitCode, String stderr, Path stdout) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines of stderr, at most 500 characters: enough to say what went wrong in an exception. */
        public String excerpt() {
            String text = stderr.strip();
            String tail = text.length() > 500 ? "…" + text.substring(text.length() - 500) : text;
            return tail.isEmpty() ? "(no stderr)" : tail.replace('\n', ' ').replace('\r', ' ');
        }
    }

    /** Runs ffmpeg with stdout discarded. */
    public Result run(List<String> arguments, Path workDir, Duration timeout) {
        return run(arguments, workDir, timeout, null);
    }

    /**
     * Runs ffmpeg and waits at most {@code timeout}.
     *
     * @param stdout file that receives stdout (e.g. {@code -f md5 -}), or null to discard it
     * @throws FfmpegTimeoutException when the time ran out (the process is killed first)
     */
    public Result run(List<String> arguments, Path workDir, Duration timeout, Path stdout) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-y"));
        command.addAll(arguments);
        Path stderrFile = null;
        Process process = null;
        try {
            Files.createDirectories(workDir);
            stderrFile = Files.createTempFile(workDir, "ffmpeg-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(stderrFile.toFile())
                    .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
                            : ProcessBuilder.Redirect.to(stdout.toFile()));
            process = builder.start();
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new FfmpegTimeoutException(timeout, String.join(" ", arguments));
            }
            return new Result(process.exitValue(), readCapped(stderrFile), stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ffmpeg ran", e);
        } finally {
            if (stderrFile != null) {
                try {
                    Files.deleteIfExists(stderrFile);
                } catch (IOException ignored) {
                    // scratch space: the work dir is removed by its owner
                }
            }
        }
    }

    private static String readCapped(Path file) throws IOException {
        long size = Files.size(file);
        if (size <= STDERR_KEEP) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(STDERR_KEEP / 2);
            in.skipNBytes(size - STDERR_KEEP);
            byte[] tail = in.readAllBytes();
            return new String(head, StandardCharsets.UTF_8) + "\n[… " + (size - STDERR_KEEP) + " bytes cut …]\n"
                    + new String(tail, StandardCharsets.UTF_8);
        }
    }
}
