package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackSamplerTest {
    private static final String HANDLER = "io.callvault.api.intake.EnrichmentHandler";

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    @Test
    void aSampleIsTheSdkRequestAndItsCallerCallvaultCodeOrTheEventSource() {
        StackTraceElement[] sdk = {
                frame("sun.nio.ch.SocketDispatcher", "read0"),
                frame("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "transactWriteItems"),
                frame("software.amazon.awssdk.services.dynamodb.DynamoDbClient", "transactWriteItems"),
                frame("io.callvault.core.store.RecordingStore", "write"),
                frame("io.callvault.api.intake.EnrichmentService", "handle"),
                frame(HANDLER, "handleRequest"),
                frame("io.callvault.local.SqsPoller$Mapping", "poll")};
        assertThat(StackSampler.classify(sdk, HANDLER)).isEqualTo("DynamoDb transactWriteItems (RecordingStore.write)");

        StackTraceElement[] cpu = {
                frame("java.util.HashMap", "put"),
                frame("io.callvault.core.enrich.RecordingEnricher$Merge", "lambda$enrich$2"),
                frame(HANDLER, "handleRequest")};
        assertThat(StackSampler.classify(cpu, HANDLER)).isEqualTo("RecordingEnricher.lambda$enrich$2 (in the JVM)");

        StackTraceElement[] receiving = {
                frame("software.amazon.awssdk.services.sqs.DefaultSqsClient", "receiveMessage"),
                frame("io.callvault.local.SqsPoller$Mapping", "receive")};
        assertThat(StackSampler.classify(receiving, HANDLER)).isEqualTo(StackSampler.OUTSIDE_HANDLER);
    }
}
