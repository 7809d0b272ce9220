package io.callvault.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** One EMF line per count, per tenant and in the total an alarm watches. */
class MetricsTest {
    @Test
    void aCountIsOneEmbeddedMetricLineWithATenantAndATotalDimensionSet() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            new Metrics(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC))
                    .count(Metrics.INTAKE_DEAD_LETTERED, "cc-1");
        } finally {
            System.setOut(original);
        }
        JsonNode line = Json.parse(out.toString(StandardCharsets.UTF_8).trim());
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("callvault");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"ContactCenter\"],[]]");
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("IntakeDeadLettered");
        assertThat(line.get("ContactCenter").asText()).isEqualTo("cc-1");
        assertThat(line.get("IntakeDeadLettered").asInt()).isEqualTo(1);
    }
}
