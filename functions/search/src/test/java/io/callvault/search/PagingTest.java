package io.callvault.search;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.search.RecordingDocument;
import io.callvault.core.store.StoredRecording;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Paging through 10,000 results while recordings keep arriving, some of them sorting before the page being
 * read: every recording that existed when the search began comes exactly once. The documents are bulk-written
 * straight into the index (as the indexer writes them) so the test spends its time paging, not ingesting.
 */
class PagingTest {
    static final int EXISTING = 10_000;
    static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    final SearchCorpus corpus = new SearchCorpus();
    final SearchHandler handler = new SearchHandler(ApiEvents.env(SearchHandler.class));

    @Test
    void tenThousandResultsWithConcurrentInsertsComeExactlyOnceEach() throws Exception {
        String ccid = ApiEvents.newContactCenter("paging-");
        Recording template = RecordingCodec.read(SearchCorpus.call("TEMPLATE", T0, "1000", "2000", List.of(),
                Map.of(), List.of("/team1|sales|agent")), RecordingKind.CALL);
        corpus.indices.ensureIndex(RecordingKind.CALL, template.region(), ccid);
        Random random = new Random(7);
        Set<String> existing = new HashSet<>();
        List<Recording> batch = new ArrayList<>();
        for (int i = 0; i < EXISTING; i++) {
            String id = "P" + i;
            existing.add(id);
            batch.add(at(template, id, T0.plusSeconds(random.nextInt(86_400))));
            if (batch.size() == 1000) {
                write(ccid, batch);
                batch.clear();
            }
        }
        corpus.refresh(ccid);

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        // Started once the first page has fixed the search's point in time.
        Runnable insertWhilePaging = () -> {
            while (paging.get()) {
                List<Recording> more = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    more.add(at(template, "N" + inserted.getAndIncrement(), T0.plusSeconds(random.nextInt(86_400))));
                }
                write(ccid, more);
                corpus.refresh(ccid);
            }
        };
        CompletableFuture<Void> writer = null;

        List<String> seen = new ArrayList<>();
        Map<String, String> query = Map.of("limit", "1000", "scanAndScroll", "true");
        Map<String, String> claims = claims(ccid, "sup", List.of("RECORDING_READ"), List.of("/team1"), false);
        int pages = 0;
        long firstTotal = -1;
        try {
            while (query != null) {
                APIGatewayV2HTTPResponse response = handler.handleRequest(event("GET /api/v2/recordings", null, query,
                        null, claims), null);
                assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
                JsonNode body = json(response);
                if (firstTotal < 0) {
                    firstTotal = body.get("totalCount").asLong();
                }
                assertThat(body.get("totalCount").asLong()).as("the count is of the same point in time").isEqualTo(firstTotal);
                body.get("recordings").forEach(r -> seen.add(r.get("id").asText()));
                pages++;
                if (writer == null) {
                    writer = CompletableFuture.runAsync(insertWhilePaging);
                }
                query = body.has("nextUri") ? SearchApiTest.queryOf(URI.create(body.get("nextUri").asText())) : null;
            }
        } finally {
            paging.set(false);
            if (writer != null) {
                writer.get();
            }
        }
        assertThat(inserted.get()).as("recordings were inserted while paging").isPositive();
        assertThat(pages).isEqualTo(EXISTING / 1000);
        assertThat(seen).hasSize(EXISTING).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(existing);
        assertThat(firstTotal).isEqualTo(EXISTING);
    }

    static Recording at(Recording template, String id, Instant start) {
        return template.toBuilder().id(id).startTime(start).stopTime(start.plusSeconds(30)).build();
    }

    void write(String ccid, List<Recording> recordings) {
        StringBuilder bulk = new StringBuilder();
        for (Recording r : recordings) {
            var meta = Json.object();
            meta.putObject("index").put("_index", RecordingIndices.index(RecordingKind.CALL, r.region(), ccid)).put("_id", r.id());
            StoredRecording stored = new StoredRecording(ccid, r, 1, false, Map.of(), List.of());
            bulk.append(Json.write(meta)).append('\n').append(Json.write(RecordingDocument.of(stored, Optional.empty()))).append('\n');
        }
        JsonNode answer = corpus.cluster.bulk(bulk.toString(), Map.of());
        assertThat(answer.get("errors").asBoolean()).as(answer.toString()).isFalse();
    }
}
