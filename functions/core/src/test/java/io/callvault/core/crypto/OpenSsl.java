package io.callvault.core.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSL command line for interop tests; tests skip, saying why, where it is not installed. */
public final class OpenSsl {
    public static final Path BINARY = Path.of("/usr/bin/openssl");

    public record Result(int exitCode, String stdout, String stderr) {
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("openssl failed (" + exitCode + "): " + stderr);
            }
            return this;
        }
    }

    private OpenSsl() {}

    public static void assumeAvailable() {
        boolean available = Files.isExecutable(BINARY);
        if (!available) {
            System.out.println("Skipping OpenSSL interop test: " + BINARY + " is not installed or not executable");
        }
        assumeTrue(available, BINARY + " is not installed; the OpenSSL interop tests need it");
    }

    public static Result run(Path workDir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(workDir, "openssl", ".out");
        Path stderr = Files.createTempFile(workDir, "openssl", ".err");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish in 60 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                Files.readString(stderr, StandardCharsets.ISO_8859_1));
    }
}
