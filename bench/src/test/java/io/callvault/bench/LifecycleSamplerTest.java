package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleSamplerTest {
    private static StackTraceElement f(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    @Test
    void aWorkerIsCountedUnderItsStepTheRequestItWaitsForAndTheMethodsThatMadeIt() {
        StackTraceElement[] stack = {
                f("sun.nio.ch.SocketDispatcher", "read0"),
                f("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "query"),
                f("io.callvault.core.store.RecordingStore", "readPartition"),
                f("io.callvault.core.store.RecordingStore", "find"),
                f("io.callvault.lifecycle.purge.RecordingPurger", "begin"),
                f("io.callvault.lifecycle.LifecycleSteps", "lambda$purge$3"),
                f("io.callvault.lifecycle.LifecycleSteps", "lambda$forEach$5"),
                f("java.util.concurrent.FutureTask", "run")};
        assertThat(LifecycleSampler.activity("lifecycle-worker", stack))
                .isEqualTo("purge: DynamoDb query, RecordingStore.readPartition ← RecordingPurger.begin");
    }

    @Test
    void callsStraightFromTheStepsNameTheStepAndIdleOrWaitingThreadsAreNotCounted() {
        StackTraceElement[] direct = {
                f("software.amazon.awssdk.services.s3.DefaultS3Client", "headObject"),
                f("io.callvault.lifecycle.LifecycleSteps", "lambda$backup$0")};
        assertThat(LifecycleSampler.activity("lifecycle-worker", direct)).isEqualTo("backup: S3 headObject, LifecycleSteps.backup");
        StackTraceElement[] idle = {f("jdk.internal.misc.Unsafe", "park"), f("java.util.concurrent.ThreadPoolExecutor", "getTask")};
        assertThat(LifecycleSampler.activity("lifecycle-worker", idle)).isNull();
        StackTraceElement[] waiting = {
                f("jdk.internal.misc.Unsafe", "park"),
                f("java.util.concurrent.FutureTask", "get"),
                f("io.callvault.lifecycle.LifecycleSteps", "forEach"),
                f("io.callvault.lifecycle.LifecycleSteps", "backup")};
        assertThat(LifecycleSampler.activity("lambda-invoke", waiting)).isNull();
        StackTraceElement[] reader = {
                f("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "query"),
                f("io.callvault.core.store.RecordingStore", "readPartition"),
                f("io.callvault.search.RecordingIndexer", "lambda$read$2")};
        assertThat(LifecycleSampler.activity("lifecycle-index-reader", reader))
                .isEqualTo("purge: DynamoDb query, RecordingStore.readPartition (index reader)");
        StackTraceElement[] polled = {
                f("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "getItem"),
                f("io.callvault.lifecycle.run.LifecycleRuns", "find"),
                f("io.callvault.lifecycle.handlers.LifecycleRunsHandler", "handleRequest")};
        assertThat(LifecycleSampler.activity("HTTP-Dispatcher", polled))
                .startsWith("runs API (the benchmark asking whether the run ended): DynamoDb getItem, LifecycleRuns.find");
    }
}
