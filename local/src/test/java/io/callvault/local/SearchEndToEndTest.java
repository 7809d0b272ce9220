package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.GuideFixtures;
import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recordings posted over HTTP reach search through the table stream, the local event source mapping and
 * the indexer function, as in AWS; and nothing is lost while OpenSearch is down.
 */
class SearchEndToEndTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static LocalRuntime runtime;
    static Http http;
    static String ccid;
    static String writer;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC());
        http = new Http(runtime.baseUri());
        String ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(10));
        Http.Response created = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Search E2E\",\"region\":\"us\"}");
        assertThat(created.status()).isEqualTo(200);
        ccid = created.json().get("id").asText();
        writer = runtime.issuer().mint(ccid, "user", List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_DELETE"),
                List.of("/"), false, Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static void post(String id) {
        var body = GuideFixtures.callRecordingPost(0).put("id", id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("mediaFiles").get(0)).put("mediaId", id + ".mp3");
        Http.Response r = http.post("/internal-api/contact-centers/" + ccid + "/recordings", writer, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Every id the search API returns, following nextUri. */
    static Set<String> searchAll() {
        Set<String> ids = new TreeSet<>();
        String next = "/api/v2/recordings?limit=7";
        while (next != null) {
            Http.Response page = http.get(next, writer);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("recordings").forEach(r -> assertThat(ids.add(r.get("id").asText())).as("no duplicates").isTrue());
            JsonNode uri = page.json().get("nextUri");
            next = uri == null ? null : uri.asText().substring(uri.asText().indexOf("/api/v2/"));
        }
        return ids;
    }

    static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            runtime.deliverStreamRecords();
            Thread.sleep(200);
            v = value.get();
        }
        return v;
    }

    @Test
    void recordingsPostedWhileOpenSearchIsDownAreAllSearchableOnceItIsBack() throws Exception {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add("E2ESEARCHA" + i);
            post(before.get(i));
        }
        assertThat(eventually(SearchEndToEndTest::searchAll, ids -> ids.containsAll(before))).containsAll(before);

        runtime.stack().openSearch().stop();
        List<String> during = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                during.add("E2ESEARCHB" + i);
                post(during.get(i));
            }
            Http.Response gone = http.delete("/api/v2/recordings/" + before.get(0), writer);
            assertThat(gone.status()).as(gone.body()).isEqualTo(200);
            assertThat(http.get("/api/v2/recordings", writer).status()).as("search says it is unavailable").isEqualTo(503);
            runtime.deliverStreamRecords();
            assertThat(runtime.streamPoller().discarded()).as("nothing given up").isEmpty();
        } finally {
            runtime.stack().openSearch().start();
        }

        Set<String> expected = new TreeSet<>(before.subList(1, before.size()));
        expected.addAll(during);
        Supplier<Set<String>> outageIds = () -> {
            Set<String> ids = searchAll();
            ids.removeIf(id -> !id.startsWith("E2ESEARCHA") && !id.startsWith("E2ESEARCHB"));
            return ids;
        };
        assertThat(eventually(outageIds, expected::equals)).isEqualTo(expected);
        assertThat(runtime.streamPoller().discarded()).isEmpty();
    }

    @Test
    void aLabelAddedThroughTheApiIsSearchableAndProtectionStopsDeletion() throws Exception {
        post("E2ESEARCHL0");
        String curator = runtime.issuer().mint(ccid, "curator", List.of("RECORDING_READ", "RECORDING_DELETE",
                "RECORDING_PERMISSION_ADD_LABEL_DEFINITION", "RECORDING_PERMISSION_ADD_LABEL",
                "RECORDING_PERMISSION_APPLY_NON_DELETE"), List.of("/"), false, Duration.ofMinutes(10));
        assertThat(http.post("/api/v2/label-definitions", curator, "{\"name\":\"legal-hold\"}").status()).isEqualTo(200);
        assertThat(http.send("PUT", "/api/v2/recordings/E2ESEARCHL0/labels/legal-hold", curator, null).status()).isEqualTo(200);
        assertThat(http.send("PUT", "/api/v2/recordings/E2ESEARCHL0/non-delete", curator, null).status()).isEqualTo(200);
        Supplier<JsonNode> labelled = () -> http.get("/api/v2/recordings?label=legal-hold", curator).json().get("recordings");
        JsonNode found = eventually(labelled, r -> r.size() == 1);
        assertThat(found).extracting(r -> r.get("id").asText()).containsExactly("E2ESEARCHL0");
        assertThat(found.get(0).get("nonDelete").asBoolean()).isTrue();
        assertThat(http.delete("/api/v2/recordings/E2ESEARCHL0", curator).status()).isEqualTo(409);
    }

    @Test
    void aSupervisorOfAnotherTeamFindsNothingAndTheTotalSaysSo() throws Exception {
        post("E2ESEARCHC0");
        eventually(SearchEndToEndTest::searchAll, ids -> ids.contains("E2ESEARCHC0"));
        String sibling = runtime.issuer().mint(ccid, "sup2", List.of("RECORDING_READ"), List.of("/team2"), false,
                Duration.ofMinutes(10));
        Http.Response page = http.get("/api/v2/recordings?callerPhoneNumber=1000", sibling);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("recordings")).isEmpty();
        assertThat(page.json().get("totalCount").asLong()).isZero();
        String team1 = runtime.issuer().mint(ccid, "sup1", List.of("RECORDING_READ"), List.of("/team1"), false,
                Duration.ofMinutes(10));
        assertThat(http.get("/api/v2/recordings?callerPhoneNumber=1000", team1).json().get("totalCount").asLong()).isPositive();
    }
}
