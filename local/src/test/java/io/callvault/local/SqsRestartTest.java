package io.callvault.local;

import static io.callvault.local.SqsEventSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queues and their messages survive a restart of the local runtime on the same data dir (ElasticMQ persists in H2). */
class SqsRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void queuedDelayedAndInFlightMessagesAreNeitherLostNorRestartedByARestart() throws Exception {
        SamTemplate template = SamTemplate.read(Path.of(getClass().getResource("/sqs-trigger-template.yaml").toURI()));
        RecordingSqsHandler.reset();
        RecordingSqsHandler.FAIL_ONCE_BODIES.add("again-1");
        try (LocalRuntime first = LocalRuntime.start(template, dataDir, 0, Clock.systemUTC())) {
            // Nothing consumes ParkedQueue (its mapping is disabled).
            first.sqs().sendMessage(b -> b.queueUrl(first.stack().queueUrl("ParkedQueue")).messageBody("kept-1"));
            first.sqs().sendMessage(b -> b.queueUrl(first.stack().queueUrl("WorkQueue")).messageBody("again-1"));
            await(() -> !RecordingSqsHandler.deliveries("Worker", "again-1").isEmpty());
            // Delayed by a second: usually still waiting when the runtime stops.
            first.sqs().sendMessage(b -> b.queueUrl(first.stack().queueUrl("DelayedQueue")).messageBody("late-1"));
        }
        assertThat(dataDir.resolve("sqs/queues.mv.db")).isRegularFile();

        try (LocalRuntime second = LocalRuntime.start(template, dataDir, 0, Clock.systemUTC())) {
            List<Message> parked = second.sqs().receiveMessage(b -> b.queueUrl(second.stack().queueUrl("ParkedQueue"))
                    .waitTimeSeconds(2)).messages();
            assertThat(parked).extracting(Message::body).containsExactly("kept-1");
            // The failed delivery counted: the second one, in either run, is the second receive, and the last.
            await(() -> RecordingSqsHandler.deliveries("Worker", "again-1").size() == 2);
            assertThat(RecordingSqsHandler.deliveries("Worker", "again-1"))
                    .extracting(m -> m.getAttributes().get("ApproximateReceiveCount")).containsExactly("1", "2");
            await(() -> RecordingSqsHandler.deliveries("Delayed", "late-1").size() == 1);
            second.deliverQueueMessages();
            assertThat(second.sqs().getQueueAttributes(b -> b.queueUrl(second.stack().queueUrl("WorkQueue"))
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings())
                    .hasEntrySatisfying("RedrivePolicy", p -> assertThat(p).contains("callvault-work-dlq"));
        }
        List<SQSEvent.SQSMessage> late = RecordingSqsHandler.deliveries("Delayed", "late-1");
        assertThat(late).hasSize(1);
        assertThat(RecordingSqsHandler.deliveries("Worker", "again-1")).hasSize(2);
    }
}
