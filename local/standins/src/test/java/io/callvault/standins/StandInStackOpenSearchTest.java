package io.callvault.standins;

import static io.callvault.standins.SamTemplateStreamTest.function;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenSearch as part of the stand-in stack: started when the template uses it, handed to the functions that declare it. */
class StandInStackOpenSearchTest {
    @Test
    void aTemplateThatUsesOpenSearchGetsTheNodeAndItsEndpointGoesToTheFunctionsThatDeclareIt() throws Exception {
        OpenSearchLocal node;
        try (StandInStack stack = StandInStack.start(SamTemplateStreamTest.searchTemplate(), null)) {
            assertThat(stack.openSearchStarted()).isTrue();

            Map<String, String> indexer = stack.environmentOf(function(stack.template(), "Indexer"));
            Map<String, String> api = stack.environmentOf(function(stack.template(), "Api"));

            node = stack.openSearch();
            assertThat(indexer).containsEntry(StandInStack.OPENSEARCH_ENDPOINT, node.endpoint().toString())
                    .containsEntry("RECORDS_TABLE", "RecordsTable");
            assertThat(node.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(api).doesNotContainKey(StandInStack.OPENSEARCH_ENDPOINT);
            HttpResponse<String> root = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(indexer.get(StandInStack.OPENSEARCH_ENDPOINT))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).contains("\"cluster_name\" : \"" + OpenSearchLocal.CLUSTER_NAME + "\"", "2.19.1");
        }
        assertThat(node.isRunning()).isFalse();
        assertThat(Files.exists(node.home())).as("temporary OpenSearch data is removed").isFalse();
    }

    @Test
    void theSharedStackDoesNotStartOpenSearchUntilATestAsks() {
        assertThat(StandInStack.shared().openSearchStarted()).isFalse();
        assertThat(StandInStack.shared().dynamoStreams().listStreams().streams())
                .as("the repository's RecordsTable has a stream").isNotEmpty();
    }

    @Test
    void aPersistentStackKeepsOpenSearchDataUnderItsDataDir(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        try (StandInStack stack = StandInStack.start(SamTemplateStreamTest.searchTemplate(), dataDir)) {
            assertThat(stack.openSearch().home()).isEqualTo(dataDir.resolve("opensearch").toAbsolutePath());
        }
        assertThat(dataDir.resolve("opensearch")).isDirectory();
    }
}
