package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineLogTest {
    @Test
    void routineLinesAreCountedAndSwallowedTheRestPassesThrough() {
        PipelineLog log = PipelineLog.forTests();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"sqs-event-source\",\"action\":\"batch-delivered\","
                + "\"function\":\"EnrichmentFunction\",\"event\":\"Calls\",\"queue\":\"EnrichQueue\",\"messages\":10,"
                + "\"messageIds\":[]}", 1_000)).isTrue();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"sqs-event-source\",\"action\":\"batch-delivered\","
                + "\"function\":\"EnrichmentFunction\",\"messages\":3}", 2_000)).isTrue();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"sqs-event-source\",\"action\":\"batch-failed\","
                + "\"function\":\"EnrichmentFunction\",\"messages\":3}", 3_000)).isFalse();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"enrichment\",\"action\":\"stored\",\"messageId\":\"m\"}", 0))
                .isTrue();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"enrichment\",\"action\":\"failed\",\"messageId\":\"m\"}", 0))
                .isFalse();
        assertThat(log.consume("{\"event\":\"analytics-notify\",\"outcome\":\"DELIVERED\",\"ccid\":\"c\"}", 0)).isTrue();
        assertThat(log.consume("{\"event\":\"analytics-notify\",\"outcome\":\"RETRYING\",\"ccid\":\"c\"}", 0)).isFalse();
        assertThat(log.consume("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"callvault\","
                + "\"Dimensions\":[[\"ContactCenter\"]],\"Metrics\":[{\"Name\":\"IntakeMediaConflict\",\"Unit\":\"Count\"}]}]},"
                + "\"ContactCenter\":\"c\",\"IntakeMediaConflict\":1}", 0)).isTrue();
        assertThat(log.consume("{\"time\":\"t\",\"component\":\"intake-sweeper\",\"sentInWindow\":337,\"resentOverdue\":2}", 0))
                .isFalse();
        assertThat(log.consume("  posted 800 calls", 0)).isFalse();
        assertThat(log.consume("{\"level\":\"ERROR\",\"event\":\"intake-enqueue-failed\"}", 0)).isFalse();

        assertThat(log.batches("EnrichmentFunction")).containsExactly(new PipelineLog.Batch(1_000, 10),
                new PipelineLog.Batch(2_000, 3));
        assertThat(log.messages("EnrichmentFunction")).isEqualTo(13);
        assertThat(log.counts()).containsEntry("sqs-event-source:batch-failed", 1)
                .containsEntry("enrichment:stored", 1).containsEntry("enrichment:failed", 1)
                .containsEntry("analytics-notify:DELIVERED", 1).containsEntry("analytics-notify:RETRYING", 1)
                .containsEntry("metric:IntakeMediaConflict", 1).containsEntry("intake-sweeper:runs", 1)
                .containsEntry("intake-sweeper:sentInWindow", 337).containsEntry("intake-sweeper:resentOverdue", 2);

        log.reset();
        assertThat(log.counts()).isEmpty();
        assertThat(log.batches("EnrichmentFunction")).isEmpty();
    }
}
