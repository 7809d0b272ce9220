package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS event source of the local runtime on the SQS stand-in (ElasticMQ), against Lambda's documented behaviour:
 * the runtime's own background pollers deliver, as they would in use.
 */
class SqsEventSourceTest {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static LocalRuntime runtime;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        Path template = Path.of(SqsEventSourceTest.class.getResource("/sqs-trigger-template.yaml").toURI());
        runtime = LocalRuntime.start(SamTemplate.read(template), null, 0, Clock.systemUTC());
        sqs = runtime.sqs();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void reset() {
        RecordingSqsHandler.reset();
    }

    @Test
    void messagesArriveAsLambdaSqsEventsAndAreDeletedWhenTheFunctionReturns() {
        String url = url("WorkQueue");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello-1").messageAttributes(Map.of(
                "tenant", MessageAttributeValue.builder().dataType("String").stringValue("acme").build())));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello-2"));
        runtime.deliverQueueMessages();

        await(() -> RecordingSqsHandler.bodies("Worker").containsAll(List.of("hello-1", "hello-2")));
        SQSEvent.SQSMessage first = RecordingSqsHandler.deliveries("Worker", "hello-1").get(0);
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:WorkQueue");
        assertThat(first.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(first.getMessageId()).isNotBlank();
        assertThat(first.getReceiptHandle()).isNotBlank();
        assertThat(first.getMd5OfBody()).isEqualTo(md5("hello-1"));
        assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
                .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId");
        assertThat(first.getMessageAttributes().get("tenant").getStringValue()).isEqualTo("acme");
        assertThat(first.getMessageAttributes().get("tenant").getDataType()).isEqualTo("String");
        // Deleted: nothing visible, nothing in flight, and never delivered twice.
        await(() -> counts("WorkQueue").equals(List.of(0, 0, 0)));
        assertThat(RecordingSqsHandler.deliveries("Worker", "hello-1")).hasSize(1);
        assertThat(RecordingSqsHandler.deliveries("Worker", "hello-2")).hasSize(1);
    }

    @Test
    void theQueuesDelaySecondsHoldsAMessageBackThatLong() {
        String url = url("DelayedQueue");
        long sent = System.nanoTime();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later-1"));
        runtime.deliverQueueMessages();
        if (millisSince(sent) < 900) {
            assertThat(RecordingSqsHandler.bodies("Delayed")).doesNotContain("later-1");
            assertThat(counts("DelayedQueue").get(2)).isEqualTo(1);
        }

        await(() -> RecordingSqsHandler.bodies("Delayed").contains("later-1"));
        long deliveredAt = RecordingSqsHandler.of("Delayed").get(0).at();
        assertThat((deliveredAt - sent) / 1_000_000).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void aReportedItemComesBackAfterTheVisibilityTimeoutAndEndsInTheDeadLetterQueueAfterMaxReceiveCount() {
        RecordingSqsHandler.FAIL_BODIES.add("bad-1");
        String url = url("WorkQueue");
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("1", "ok-1"), entry("2", "bad-1"), entry("3", "ok-2")));

        List<String> deadLetters = awaitDeadLetters("WorkDeadLetters", "bad-1");
        assertThat(deadLetters).containsExactly("bad-1");
        List<SQSEvent.SQSMessage> bad = RecordingSqsHandler.deliveries("Worker", "bad-1");
        // maxReceiveCount 2: delivered twice, a visibility timeout (1 s) apart, then redriven by SQS.
        assertThat(bad).extracting(m -> m.getAttributes().get("ApproximateReceiveCount")).containsExactly("1", "2");
        List<Long> times = RecordingSqsHandler.of("Worker").stream()
                .filter(i -> i.bodies().contains("bad-1")).map(RecordingSqsHandler.Invocation::at).toList();
        assertThat((times.get(1) - times.get(0)) / 1_000_000).isGreaterThanOrEqualTo(900);
        // The others of its batch were deleted after the first delivery.
        assertThat(RecordingSqsHandler.deliveries("Worker", "ok-1")).hasSize(1);
        assertThat(RecordingSqsHandler.deliveries("Worker", "ok-2")).hasSize(1);
        await(() -> counts("WorkQueue").equals(List.of(0, 0, 0)));
    }

    @Test
    void anItemIdentifierThatIsNoMessageOfTheBatchFailsTheWholeBatch() {
        RecordingSqsHandler.reportUnknownItem = true;
        String url = url("WorkQueue");
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("1", "whole-1"), entry("2", "whole-2")));

        List<String> deadLetters = awaitDeadLetters("WorkDeadLetters", "whole-1", "whole-2");
        assertThat(deadLetters).containsExactlyInAnyOrder("whole-1", "whole-2");
        assertThat(RecordingSqsHandler.deliveries("Worker", "whole-1")).hasSize(2);
        assertThat(RecordingSqsHandler.deliveries("Worker", "whole-2")).hasSize(2);
    }

    @Test
    void aFunctionThatThrowsGetsItsWholeBatchAgainAfterTheVisibilityTimeout() {
        RecordingSqsHandler.THROWS_TO_INJECT.set(1);
        String url = url("ThrowQueue");
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("1", "t-1"), entry("2", "t-2")));

        await(() -> counts("ThrowQueue").equals(List.of(0, 0, 0))
                && RecordingSqsHandler.bodies("Thrower").containsAll(List.of("t-1", "t-2")));
        List<RecordingSqsHandler.Invocation> invocations = RecordingSqsHandler.of("Thrower");
        // The first invocation threw: every message in it came back once more, with its receive count raised.
        for (String body : invocations.get(0).bodies()) {
            assertThat(RecordingSqsHandler.deliveries("Thrower", body))
                    .extracting(m -> m.getAttributes().get("ApproximateReceiveCount")).containsExactly("1", "2");
        }
    }

    @Test
    void aBatchingWindowGathersMoreThanOneReceiveIntoOneInvocation() {
        String url = url("BatchQueue");
        List<String> bodies = IntStream.range(0, 12).mapToObj(i -> "bulk-" + i).toList();
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 10)
                .mapToObj(i -> entry(Integer.toString(i), bodies.get(i))).toList()));
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry("10", bodies.get(10)), entry("11", bodies.get(11))));

        await(() -> RecordingSqsHandler.bodies("Batcher").size() >= 12);
        assertThat(RecordingSqsHandler.of("Batcher")).hasSize(1);
        assertThat(RecordingSqsHandler.bodies("Batcher")).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void functionsGetQueueUrlsArnsAndNamesAndTheirSdkClientReachesTheStandIn() {
        Map<String, String> env = runtime.stack().environmentOfHandler("io.callvault.local.RecordingSqsHandler");
        String workUrl = url("WorkQueue");
        assertThat(workUrl).startsWith(env.get("AWS_ENDPOINT_URL_SQS") + "/000000000000/");
        assertThat(env).containsEntry("WORK_QUEUE_URL", workUrl)
                .containsEntry("WORK_QUEUE_ARN", "arn:aws:sqs:us-east-1:000000000000:WorkQueue")
                .containsEntry("WORK_QUEUE_NAME", "WorkQueue")
                .containsEntry("DEAD_LETTERS", "callvault-work-dlq at " + url("WorkDeadLetters"));

        // AwsClients.sqs, as a function builds it, against the stand-in.
        try (SqsClient client = AwsClients.sqs(new FunctionEnvironment(env))) {
            assertThat(client.getQueueUrl(b -> b.queueName("WorkQueue")).queueUrl()).isEqualTo(workUrl);
        }
        // And a function using it: Relay sends what it gets on to ParkedQueue.
        sqs.sendMessage(b -> b.queueUrl(url("RelayQueue")).messageBody("r-1"));
        List<String> parked = new ArrayList<>();
        await(() -> {
            sqs.receiveMessage(b -> b.queueUrl(url("ParkedQueue")).maxNumberOfMessages(10)).messages().forEach(m -> {
                parked.add(m.body());
                sqs.deleteMessage(d -> d.queueUrl(url("ParkedQueue")).receiptHandle(m.receiptHandle()));
            });
            return parked.contains("relayed r-1");
        });
    }

    @Test
    void theTemplatesQueueAttributesAreTheQueues() {
        Map<String, String> work = sqs.getQueueAttributes(b -> b.queueUrl(url("WorkQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(work).containsEntry("VisibilityTimeout", "1")
                .hasEntrySatisfying("RedrivePolicy", policy -> assertThat(policy)
                        .contains("arn:aws:sqs:us-east-1:000000000000:callvault-work-dlq").contains("2"));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url("DelayedQueue")).attributeNames(QueueAttributeName.DELAY_SECONDS))
                .attributesAsStrings()).containsEntry("DelaySeconds", "1");
        assertThat(runtime.resourceName("WorkDeadLetters")).isEqualTo("callvault-work-dlq");
    }

    private static String url(String queue) {
        return runtime.stack().queueUrl(queue);
    }

    /** Visible, in flight, delayed. */
    private static List<Integer> counts(String queue) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributesAsStrings();
        return List.of(Integer.parseInt(a.get("ApproximateNumberOfMessages")),
                Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible")),
                Integer.parseInt(a.get("ApproximateNumberOfMessagesDelayed")));
    }

    /** Reads the dead-letter queue (which nothing consumes) until these bodies are there; returns those of them seen. */
    private static List<String> awaitDeadLetters(String queue, String... bodies) {
        List<String> seen = new ArrayList<>();
        await(() -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url(queue)).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                if (List.of(bodies).contains(m.body())) {
                    seen.add(m.body());
                    sqs.deleteMessage(d -> d.queueUrl(url(queue)).receiptHandle(m.receiptHandle()));
                }
            }
            return seen.containsAll(List.of(bodies));
        });
        return seen;
    }

    private static SendMessageBatchRequestEntry entry(String id, String body) {
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
    }

    private static String md5(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + "; invocations: " + RecordingSqsHandler.INVOCATIONS.stream()
                        .map(i -> i.function() + i.bodies()).toList());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
