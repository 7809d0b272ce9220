package io.callvault.bench;

import io.callvault.local.LocalRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recordings per second through the local HTTP API: JWT check, the Lambda event round trip and the real
 * ingest handler against DynamoDB Local, posted by concurrent clients over keep-alive HTTP/1.1.
 */
final class HttpIntakeBenchmark {
    static final String WARM_UP_PREFIX = "BENCHW";
    static final String MEASURED_PREFIX = "BENCHM";
    private static final Pattern CREATED_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final LocalRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpIntakeBenchmark(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    /** Warms the whole path with {@code warmUp} posts, then times {@code posts} more; only those count. */
    LoadResult run(int warmUp, int posts, int threads) throws IOException, InterruptedException {
        String ccid = createContactCenter();
        String token = runtime.issuer().mint(ccid, "bench", List.of("RECORDING_INGEST"), List.of("/"), false,
                Duration.ofHours(2));
        URI uri = runtime.baseUri().resolve("/internal-api/contact-centers/" + ccid + "/recordings");
        ConcurrentLoad.run(warmUp, threads, i -> post(uri, token, SampleRecording.id(WARM_UP_PREFIX, i)));
        return ConcurrentLoad.run(posts, threads, i -> post(uri, token, SampleRecording.id(MEASURED_PREFIX, i)));
    }

    private String createContactCenter() throws IOException, InterruptedException {
        String ops = runtime.issuer().mint("ops", "bench-ops", List.of("OPS"), List.of("/"), false, Duration.ofHours(1));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(runtime.baseUri().resolve("/api/v2/ops/contact-centers"))
                .header("Authorization", "Bearer " + ops)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\",\"region\":\"us\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = CREATED_ID.matcher(created.body());
        if (created.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("creating the contact center answered " + created.statusCode() + ": " + created.body());
        }
        return id.group(1);
    }

    private void post(URI uri, String token, String recordingId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SampleRecording.json(recordingId)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ingest of " + recordingId + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }
}
