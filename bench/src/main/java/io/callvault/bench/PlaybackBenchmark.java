package io.callvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.RangeDecryption;
import io.callvault.core.json.Json;
import io.callvault.local.LocalRuntime;
import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Playback latency on the real path: a media file uploaded through a presigned URL, ingested (encrypted) by the
 * media ingest function on the local S3 notification, then {@code GET /api/v2/recordings/{id}/play/{mediaFile}}
 * with a 1 MiB {@code Range} from the middle, through the local API gateway (JWT authorizer, Lambda event and
 * base64 body, the playback function: metadata query, private key, RSA unwrap, ranged S3 GET, CBC decryption,
 * audit write). Every answer is checked against the plaintext bytes at that offset. The reference, interleaved
 * with it: the SDK's ranged GET of exactly the ciphertext bytes the function fetches, from the same s3proxy.
 */
final class PlaybackBenchmark {
    static final int RANGE_BYTES = 1 << 20;
    private static final long SEED = 20_260_102L;
    private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(10);

    /**
     * {@code uploadSeconds}: the presigned PUT; {@code ingestSeconds}: from the PUT's answer until the metadata
     * holds the envelope (S3 GET, encryption into a temporary file, S3 PUT, metadata update).
     */
    record Figures(long sizeBytes, long first, long last, String ciphertextRange, int warmUp, LoadResult play,
                   LoadResult rawGet, double uploadSeconds, double ingestSeconds, long storedObjectBytes) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** {@code dataDir}: the stand-ins persist there (s3proxy on the file system), so the media is not on the heap. */
    Figures run(SamTemplate template, Path dataDir, long size, int warmUp, int requests)
            throws IOException, InterruptedException {
        try (LocalRuntime runtime = LocalRuntime.start(template, dataDir, 0, Clock.systemUTC())) {
            return run(runtime, size, warmUp, requests);
        }
    }

    private Figures run(LocalRuntime runtime, long size, int warmUp, int requests)
            throws IOException, InterruptedException {
        URI base = runtime.baseUri();
        String ops = runtime.issuer().mint("-", "bench-ops", List.of("OPS"), List.of(), false, Duration.ofHours(1));
        String ccid = send(post(base.resolve("/api/v2/ops/contact-centers"), ops,
                "{\"name\":\"Playback bench\",\"region\":\"us\"}"), 200).get("id").asText();
        String token = runtime.issuer().mint(ccid, "bench", List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST",
                "RECORDING_READ", "RECORDING_PLAY"), List.of("/"), false, Duration.ofHours(2));

        BenchPki pki = BenchPki.generate("callvault-playback-bench");
        send(post(base.resolve("/api/v2/settings/certificates"), token, Json.write(Json.object()
                .put("alias", "bench").put("certificate", pki.certificatePem()))), 200);
        send(post(base.resolve("/api/v2/settings/private-keys"), token, Json.write(Json.object()
                .put("alias", "bench").put("privateKey", pki.privateKeyPem()))), 200);

        String recordingId = SampleRecording.id("BENCHPLAY", 1);
        String mediaId = recordingId + "_1.mp3";
        send(post(base.resolve("/internal-api/contact-centers/" + ccid + "/recordings"), token,
                SampleRecording.json(recordingId)), 200);

        // Upload: the presigned PUT a media server would make, the body generated as it is sent.
        JsonNode upload = send(post(base.resolve("/internal-api/contact-centers/" + ccid + "/media-uploads"), token,
                Json.write(Json.object().put("mediaId", mediaId).put("contentType", "audio/mp3").put("size", size))), 200);
        PlaintextPattern pattern = new PlaintextPattern(SEED);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                .timeout(Duration.ofMinutes(10))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> pattern.stream(size)), size));
        upload.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        long uploadStart = System.nanoTime();
        HttpResponse<String> uploaded = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        long uploadEnd = System.nanoTime();
        if (uploaded.statusCode() != 200) {
            throw new IllegalStateException("the presigned upload answered " + uploaded.statusCode() + ": " + uploaded.body());
        }
        System.out.printf("  uploaded %d MiB in %.1f s%n", size >> 20, (uploadEnd - uploadStart) / 1e9);

        // Ingest: deliver the S3 notification now (the emulation's timer may already have), wait for the envelope.
        URI recordingUri = base.resolve("/api/v2/recordings/" + recordingId);
        JsonNode mediaFile;
        long deadline = System.nanoTime() + INGEST_TIMEOUT.toNanos();
        while (true) {
            runtime.deliverS3Notifications();
            mediaFile = send(get(recordingUri, token), 200).get("recording").get("mediaFiles").get(0);
            if (mediaFile.hasNonNull("pkcs7")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the upload was not ingested within " + INGEST_TIMEOUT);
            }
            Thread.sleep(100);
        }
        long ingested = System.nanoTime();
        System.out.printf("  ingested (encrypted) in %.1f s%n", (ingested - uploadEnd) / 1e9);
        if (mediaFile.get("size").asLong() != size) {
            throw new IllegalStateException("the ingested media file has size " + mediaFile.get("size") + ", not " + size);
        }

        // The range: 1 MiB centred on the middle, deliberately not block-aligned, as a player's seek would be.
        long first = size / 2 - RANGE_BYTES / 2 + 5;
        long last = first + RANGE_BYTES - 1;
        byte[] expected = pattern.bytes(first, RANGE_BYTES);
        URI play = URI.create(mediaFile.get("mediaUri").asText());
        String bucket = runtime.resourceName("MediaBucket");
        List<S3Object> objects = runtime.s3().listObjectsV2(b -> b.bucket(bucket)).contents();
        if (objects.size() != 1) {
            throw new IllegalStateException("expected one object in " + bucket + ", found " + objects.size());
        }
        String objectKey = objects.get(0).key();
        String ciphertextRange;
        long ciphertextLength;
        try (ContentKey key = EnvelopeDecryptor.open(mediaFile.get("pkcs7").asText(), pki.keys().getPrivate())) {
            var range = new RangeDecryption(key, size).ciphertextRangeFor(first, last);
            ciphertextRange = range.httpRange();
            ciphertextLength = range.length();
        } catch (io.callvault.core.crypto.MediaDecryptionException e) {
            throw new IllegalStateException("the stored envelope does not open with the benchmark's key", e);
        }

        HttpRequest playRequest = HttpRequest.newBuilder(play).header("Authorization", "Bearer " + token)
                .header("Range", "bytes=" + first + "-" + last).timeout(Duration.ofMinutes(1)).GET().build();
        String contentRange = "bytes " + first + "-" + last + "/" + size;
        long[] playNanos = new long[requests];
        long[] rawNanos = new long[requests];
        long playTotal = 0;
        long rawTotal = 0;
        for (int i = -warmUp; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> played = http.send(playRequest, HttpResponse.BodyHandlers.ofByteArray());
            long playEnd = System.nanoTime();
            if (played.statusCode() != 206 || !played.headers().firstValue("content-range").orElse("").equals(contentRange)
                    || !Arrays.equals(played.body(), expected)) {
                throw new IllegalStateException("play answered " + played.statusCode() + " "
                        + played.headers().firstValue("content-range").orElse("(no content-range)") + " with "
                        + played.body().length + " bytes that are " + (Arrays.equals(played.body(), expected) ? "" : "not ")
                        + "the plaintext of " + contentRange);
            }
            byte[] ciphertext = runtime.s3().getObjectAsBytes(b -> b.bucket(bucket).key(objectKey).range(ciphertextRange))
                    .asByteArray();
            long rawEnd = System.nanoTime();
            if (ciphertext.length != ciphertextLength) {
                throw new IllegalStateException("the ranged S3 GET returned " + ciphertext.length + " bytes for "
                        + ciphertextRange);
            }
            if (i >= 0) {
                playNanos[i] = playEnd - start;
                rawNanos[i] = rawEnd - playEnd;
                playTotal += playEnd - start;
                rawTotal += rawEnd - playEnd;
            }
        }
        LoadResult playResult = new LoadResult(requests, playTotal, playNanos);
        LoadResult rawResult = new LoadResult(requests, rawTotal, rawNanos);
        System.out.printf("  play p50 %.1f ms, raw S3 GET p50 %.1f ms%n", playResult.percentileMillis(50),
                rawResult.percentileMillis(50));
        return new Figures(size, first, last, ciphertextRange, warmUp, playResult, rawResult,
                (uploadEnd - uploadStart) / 1e9, (ingested - uploadEnd) / 1e9, objects.get(0).size());
    }

    private static HttpRequest post(URI uri, String token, String json) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest get(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
    }

    private JsonNode send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }
}
