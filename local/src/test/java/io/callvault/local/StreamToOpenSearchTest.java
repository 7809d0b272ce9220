package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local runtime indexes a table's stream into the OpenSearch stand-in and loses nothing while OpenSearch is down. */
class StreamToOpenSearchTest {
    @Test
    void changesWrittenWhileOpenSearchIsDownAreIndexedOnceItIsBack() throws Exception {
        SamTemplate template = SamTemplate.read(Path.of(getClass().getResource("/search-stream-template.yaml").toURI()));
        try (LocalRuntime runtime = LocalRuntime.start(template, null, 0, Clock.systemUTC())) {
            URI endpoint = runtime.openSearchEndpoint().orElseThrow();
            for (int i = 1; i <= 5; i++) {
                put(runtime, "d" + i);
            }
            runtime.deliverStreamRecords();
            assertThat(ids(endpoint)).containsExactlyInAnyOrder("d1", "d2", "d3", "d4", "d5");

            runtime.stack().openSearch().stop();
            for (int i = 6; i <= 12; i++) {
                put(runtime, "d" + i);
            }
            runtime.dynamo().deleteItem(b -> b.tableName("DocsTable").key(Map.of("PK", AttributeValue.fromS("d1"))));
            assertThat(runtime.deliverStreamRecords()).as("nothing is done while OpenSearch is down").isZero();
            Thread.sleep(1_000);

            runtime.stack().openSearch().start();
            assertThat(runtime.openSearchEndpoint()).contains(endpoint);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ids(endpoint).size() != 11 && System.nanoTime() < deadline) {
                runtime.deliverStreamRecords();
                Thread.sleep(100);
            }
            assertThat(ids(endpoint)).containsExactlyInAnyOrder("d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10",
                    "d11", "d12");
        }
    }

    private static void put(LocalRuntime runtime, String id) {
        runtime.dynamo().putItem(b -> b.tableName("DocsTable").item(Map.of(
                "PK", AttributeValue.fromS(id), "text", AttributeValue.fromS("document " + id))));
    }

    private static List<String> ids(URI endpoint) throws IOException {
        var transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost(endpoint.getScheme(), endpoint.getHost(),
                endpoint.getPort())).setMapper(new JacksonJsonpMapper()).build();
        try (transport) {
            OpenSearchClient client = new OpenSearchClient(transport);
            client.indices().refresh(r -> r.index(SearchIndexingHandler.INDEX));
            SearchResponse<Map> found = client.search(s -> s.index(SearchIndexingHandler.INDEX).size(100), Map.class);
            return found.hits().hits().stream().map(h -> h.id()).toList();
        }
    }
}
