package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The search section on a small corpus: both indexing paths index everything, and every query finds something. */
class SearchBenchmarkTest {

    @Test
    void indexesBothWaysAndTimesEveryQuery() throws Exception {
        SamTemplate template = SamTemplate.read(SamTemplate.locate(Path.of("")));
        SearchBenchmark.Figures f = new SearchBenchmark(250, 2, 1000, 1, 3).run(template);

        SearchBenchmark.IndexFigures index = f.index();
        assertThat(index.batchSize()).as("the template's stream BatchSize").isEqualTo(SearchBenchmark.indexerBatchSize(template));
        assertThat(index.rounds()).hasSize(2);
        assertThat(index.rounds().get(0).indexerFirst()).isTrue();
        assertThat(index.rounds().get(1).indexerFirst()).isFalse();
        for (SearchBenchmark.IndexRound round : index.rounds()) {
            assertThat(round.indexer().operations()).isEqualTo(250);
            assertThat(round.raw().operations()).isEqualTo(250);
            assertThat(round.indexer().latencyNanos()).hasSize(3);
        }
        assertThat(index.medianIndexerPerSecond()).isPositive();
        assertThat(index.medianRatio()).isPositive();
        assertThat(index.itemsPerRecording()).isBetween(7.0, 11.0);
        assertThat(index.documentBytes()).isPositive();

        assertThat(f.search().queries()).hasSize(15);
        for (SearchBenchmark.QueryFigure q : f.search().queries()) {
            assertThat(q.hits()).as(q.label()).isPositive();
            assertThat(q.latency().operations()).isEqualTo(3);
        }
        assertThat(f.search().queries().get(0).hits()).as("no filter finds the whole corpus").isEqualTo(1000);
        assertThat(f.forceIndex()).as("forceIndex re-indexed every stored recording").isNotNull();
        assertThat(f.forceIndex().recordings()).isEqualTo(250);
        assertThat(f.forceIndex().perSecond()).isPositive();
    }
}
