package io.callvault.standins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step Functions on this machine: {@code node server.mjs}, a child process running aws-local-stepfunctions (the only
 * ASL interpreter available: nothing on Maven Central, no Docker images, see docs/stepfunctions-local.md) behind the
 * AWS JSON 1.0 protocol of Step Functions, so {@code SfnClient} talks to it as to AWS. Every Task state POSTs its input
 * to a Lambda Invoke endpoint ({@link Options#lambdaEndpoint()}): the local runtime's, where the Java functions run.
 *
 * <p>The Node package is installed by the build ({@code npm ci} into {@code local/standins/target/stepfunctions}); it is
 * found through the system property {@value #DIR_PROPERTY}, else above the working directory. Node comes from the PATH.
 * Its output goes to a log file. It stops on {@link #close()}, at JVM exit, and on its own when this JVM dies (it
 * watches its stdin). Executions live in its memory: they are lost when it stops.
 */
public final class StepFunctionsLocal implements AutoCloseable {
    /** The directory holding server.mjs and its node_modules, if not the build's {@code local/standins/target/stepfunctions}. */
    public static final String DIR_PROPERTY = "callvault.stepfunctions.dir";
    /** Every Wait state waits this many milliseconds instead of its own time (tests). */
    public static final String WAIT_OVERRIDE_PROPERTY = "callvault.sfn.waitOverrideMillis";
    /** Every Retry waits this many milliseconds between attempts instead of its IntervalSeconds and backoff (tests). */
    public static final String RETRY_OVERRIDE_PROPERTY = "callvault.sfn.retryIntervalOverrideMillis";
    private static final Path BUILD_DIR = Path.of("local", "standins", "target", "stepfunctions");
    private static final Pattern READY = Pattern.compile("stepfunctions-local listening on (http://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 30;

    /**
     * How the stand-in runs.
     *
     * @param lambdaEndpoint              where Task states invoke functions ({@code POST /2015-03-31/functions/NAME/invocations});
     *                                    null: every Task fails with {@code Lambda.SdkClientException}
     * @param waitOverrideMillis          every Wait state (nested ones too) waits this long instead; null: their real time
     * @param retryIntervalOverrideMillis every Retry waits this long between attempts; null: as the Retry says
     */
    public record Options(URI lambdaEndpoint, Long waitOverrideMillis, Long retryIntervalOverrideMillis) {
        /** No Lambda endpoint; the overrides of the system properties {@value #WAIT_OVERRIDE_PROPERTY} and {@value #RETRY_OVERRIDE_PROPERTY}. */
        public static Options fromSystemProperties() {
            return new Options(null, Long.getLong(WAIT_OVERRIDE_PROPERTY), Long.getLong(RETRY_OVERRIDE_PROPERTY));
        }

        public Options withLambdaEndpoint(URI endpoint) {
            return new Options(endpoint, waitOverrideMillis, retryIntervalOverrideMillis);
        }
    }

    private final Process process;
    private final URI endpoint;
    private final Path logFile;
    private final Thread shutdownHook;

    private StepFunctionsLocal(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroy, "stepfunctions-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server and returns once it serves.
     *
     * @param logFile where its output goes (appended); null: a temporary file
     */
    public static StepFunctionsLocal start(Options options, Path logFile) {
        Path dir = installDir();
        Path log = logFile != null ? logFile : temporaryLog();
        List<String> command = new ArrayList<>(List.of("node", "server.mjs", "--port", "0"));
        if (options.lambdaEndpoint() != null) {
            command.addAll(List.of("--lambda-endpoint", options.lambdaEndpoint().toString()));
        }
        if (options.waitOverrideMillis() != null) {
            command.addAll(List.of("--wait-override-ms", String.valueOf(options.waitOverrideMillis())));
        }
        if (options.retryIntervalOverrideMillis() != null) {
            command.addAll(List.of("--retry-interval-override-ms", String.valueOf(options.retryIntervalOverrideMillis())));
        }
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the Step Functions stand-in needs Node.js 20 or later on the PATH (`node`): " + e.getMessage(), e);
        }
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyOutput(process, log, ready), "stepfunctions-local-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new StepFunctionsLocal(process, ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), log);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Step Functions stand-in (node server.mjs in " + dir + ") did not start within "
                    + START_TIMEOUT_SECONDS + " s; its output is in " + log + ": " + tail(log), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Step Functions stand-in started", e);
        }
    }

    /** Copies the server's output to the log file; completes {@code ready} with its endpoint once it says it serves. */
    private static void copyOutput(Process process, Path log, CompletableFuture<URI> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("node exited"));
    }

    private static Path temporaryLog() {
        try {
            return Files.createTempFile("callvault-stepfunctions-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Where server.mjs is installed: the directory of {@value #DIR_PROPERTY}, else {@code local/standins/target/stepfunctions}
     * in or above the working directory, with its node_modules.
     */
    public static Path installDir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!installed(dir)) {
                throw new IllegalStateException(DIR_PROPERTY + "=" + configured + " has no server.mjs with "
                        + "node_modules/aws-local-stepfunctions; run `npm ci` there");
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (installed(dir.resolve(BUILD_DIR))) {
                return dir.resolve(BUILD_DIR);
            }
        }
        throw new IllegalStateException("the Step Functions stand-in is not installed: no " + BUILD_DIR
                + " with node_modules in or above " + start + ". Build it with `mvn -B -DskipTests package` (or "
                + "`mvn -pl local/standins process-resources`) in the repository, which runs `npm ci` there, or point -D"
                + DIR_PROPERTY + " at a directory holding server.mjs and its installed node_modules");
    }

    private static boolean installed(Path dir) {
        return Files.isRegularFile(dir.resolve("server.mjs"))
                && Files.isDirectory(dir.resolve("node_modules").resolve("aws-local-stepfunctions"));
    }

    /** {@code http://127.0.0.1:PORT}: what {@code AWS_ENDPOINT_URL_SFN} points at. */
    public URI endpoint() {
        return endpoint;
    }

    /** Where the server's output goes. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
