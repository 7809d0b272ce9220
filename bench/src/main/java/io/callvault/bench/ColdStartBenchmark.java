package io.callvault.bench;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.standins.DynamoDbLocal;
import io.callvault.standins.LocalResources;
import io.callvault.standins.S3Local;
import io.callvault.standins.SamTemplate;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * New JVM to first ingest response, for each target: a fresh {@code java} process per run running
 * {@link ColdStartDriver} against DynamoDB Local in this JVM. Targets run interleaved, the order
 * alternating per round, after one unmeasured round that brings the files into the page cache and
 * DynamoDB Local up to speed, so neither side is favoured by going first.
 */
final class ColdStartBenchmark implements AutoCloseable {
    /** Both targets start with exactly these flags: the C1-only setting template.yaml gives the functions. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");
    static final String FUNCTION = "RecordingIngestFunction";
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern TIMINGS = Pattern.compile(
            "jvmStartToResponseMs=(\\d+) constructMs=([0-9.]+) firstInvokeMs=([0-9.]+)");

    /** What to start: a handler class and the classpath it ships with, the driver jar first (the runtime's place). */
    record Target(String label, String handlerClass, List<String> classpath) {}

    /** One cold start. {@code wallMs}: parent's clock, process start to the status line. */
    record Sample(double wallMs, double jvmStartToResponseMs, double constructMs, double firstInvokeMs) {}

    private final Path javaBinary;
    private final DynamoDbLocal dynamoLocal;
    private final S3Local s3Local;
    private final Map<String, String> environment;
    private final String ccid;

    ColdStartBenchmark(SamTemplate template, Path javaBinary) {
        this.javaBinary = javaBinary;
        this.dynamoLocal = DynamoDbLocal.inMemory();
        this.s3Local = S3Local.inMemory();
        this.environment = functionEnvironment(template);
        FunctionEnvironment env = new FunctionEnvironment(environment);
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(env); S3Client s3 = AwsClients.s3(env)) {
            LocalResources.create(template, dynamo, s3);
            this.ccid = new ContactCenterStore(dynamo, environment.get("CONTROL_TABLE"), Clock.systemUTC())
                    .create(UUID.randomUUID().toString(), true, "Bench", "us").id();
        }
    }

    /** The ingest function's handler class, as template.yaml deploys it. */
    static String handlerClass(SamTemplate template) {
        return function(template).handlerClass();
    }

    private static SamTemplate.Function function(SamTemplate template) {
        return template.functions().stream()
                .filter(f -> f.logicalId().equals(FUNCTION)).findFirst()
                .orElseThrow(() -> new IllegalStateException(FUNCTION + " is not in template.yaml"));
    }

    /**
     * What Lambda would set for the ingest function, pointed at the stand-ins: the template's variables
     * (without JAVA_TOOL_OPTIONS: the flags go on the command line, the same for both targets), region,
     * credentials and endpoints. Nothing is inherited from this process.
     */
    private Map<String, String> functionEnvironment(SamTemplate template) {
        Map<String, String> env = new LinkedHashMap<>();
        function(template).environment().forEach((k, v) -> env.put(k, template.resolveLocally(v)));
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3Local.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Local.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoLocal.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Local.endpoint().toString());
        return env;
    }

    /** Samples per target, {@code rounds} measured runs each. */
    Map<Target, List<Sample>> run(List<Target> targets, int rounds, Path workDir) throws IOException, InterruptedException {
        Map<Target, List<Sample>> samples = new LinkedHashMap<>();
        targets.forEach(t -> samples.put(t, new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) {
            List<Target> order = new ArrayList<>(targets);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Target target : order) {
                Sample sample = launch(target, SampleRecording.id("COLD" + targets.indexOf(target) + "R", round), workDir);
                if (round > 0) {
                    samples.get(target).add(sample);
                }
                System.out.printf("  cold start %-10s round %d: %.0f ms%s%n", target.label(), round, sample.wallMs(),
                        round == 0 ? " (unmeasured)" : "");
            }
        }
        return samples;
    }

    private Sample launch(Target target, String recordingId, Path workDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary.toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, target.classpath()));
        command.add(ColdStartDriver.class.getName());
        command.addAll(List.of(target.handlerClass(), ccid, recordingId));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path stderr = Files.createTempFile(workDir, "cold-start", ".stderr");
        builder.redirectError(stderr.toFile());

        long begin = System.nanoTime();
        Process process = builder.start();
        CompletableFuture.runAsync(process::destroyForcibly,
                CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        long wallNanos = -1;
        int status = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (wallNanos < 0 && line.startsWith(ColdStartDriver.STATUS_PREFIX)) {
                    wallNanos = System.nanoTime() - begin;
                    status = Integer.parseInt(line.substring(ColdStartDriver.STATUS_PREFIX.length()).trim());
                }
                output.add(line);
            }
        }
        int exit = process.waitFor();
        Matcher timings = TIMINGS.matcher(String.join("\n", output));
        if (status != 200 || exit != 0 || !timings.find()) {
            throw new IllegalStateException(target.label() + " cold start failed (exit " + exit + ", status " + status
                    + "):\n" + String.join("\n", output) + "\n" + Files.readString(stderr));
        }
        Files.deleteIfExists(stderr);
        return new Sample(wallNanos / 1e6, Double.parseDouble(timings.group(1)), Double.parseDouble(timings.group(2)),
                Double.parseDouble(timings.group(3)));
    }

    @Override
    public void close() {
        dynamoLocal.close();
        s3Local.close();
    }
}
