package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** ElasticMQ as the SQS stand-in, through the SDK's own sqs client and its wire protocol. */
class SqsLocalTest {
    @TempDir
    Path dataDir;

    @Test
    void speaksTheAwsJsonProtocolTheSdkUses() throws Exception {
        try (SqsLocal sqs = SqsLocal.inMemory(); SqsClient client = client(sqs)) {
            client.createQueue(b -> b.queueName("wire"));
            // What SqsClient 2.54 sends: AWS JSON 1.0 with the operation in X-Amz-Target.
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sqs.endpoint().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AmazonSQS.GetQueueUrl")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\":\"wire\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            // ElasticMQ labels the answer application/json, which the SDK reads as it reads SQS's own.
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).contains("json"));
            assertThat(response.body()).isEqualTo("{\"QueueUrl\":\"" + sqs.queueUrl("wire") + "\"}");
        }
    }

    @Test
    void sendReceiveDeleteWithDelaysAttributesAndLongPolling() throws Exception {
        try (SqsLocal sqs = SqsLocal.inMemory(); SqsClient client = client(sqs)) {
            String url = client.createQueue(b -> b.queueName("work").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                    .queueUrl();
            assertThat(url).isEqualTo(sqs.queueUrl("work"));
            assertThat(client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()).containsEntry(QueueAttributeName.QUEUE_ARN, SqsLocal.queueArn("work"));

            client.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(1));
            client.sendMessage(b -> b.queueUrl(url).messageBody("now").messageAttributes(Map.of(
                    "kind", MessageAttributeValue.builder().dataType("String").stringValue("test").build())));
            assertThat(client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "1")
                    .containsEntry("ApproximateNumberOfMessagesDelayed", "1");

            List<Message> first = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            assertThat(first).extracting(Message::body).containsExactly("now");
            assertThat(first.get(0).messageAttributes().get("kind").stringValue()).isEqualTo("test");
            assertThat(first.get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1")
                    .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
            client.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.get(0).receiptHandle()));

            // A long poll returns the delayed message once its delay is over.
            long start = System.nanoTime();
            List<Message> later = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
            assertThat(later).extracting(Message::body).containsExactly("later");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
        }
    }

    @Test
    void queuesAndMessagesSurviveARestartOnTheSameDirectory() {
        String url;
        try (SqsLocal sqs = SqsLocal.persistentAt(dataDir); SqsClient client = client(sqs)) {
            String dlq = client.createQueue(b -> b.queueName("kept-dlq")).queueUrl();
            url = client.createQueue(b -> b.queueName("kept").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + SqsLocal.queueArn("kept-dlq")
                            + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
            client.sendMessage(b -> b.queueUrl(url).messageBody("survivor"));
            // Received once (and not deleted) before the restart: the count is kept.
            assertThat(client.receiveMessage(b -> b.queueUrl(url)).messages()).hasSize(1);
            assertThat(dlq).endsWith("/kept-dlq");
        }
        assertThat(dataDir.resolve("queues.mv.db")).isRegularFile();

        try (SqsLocal sqs = SqsLocal.persistentAt(dataDir); SqsClient client = client(sqs)) {
            String again = client.getQueueUrl(b -> b.queueName("kept")).queueUrl();
            assertThat(again).isEqualTo(sqs.queueUrl("kept"));
            assertThat(client.getQueueAttributes(b -> b.queueUrl(again).attributeNames(QueueAttributeName.ALL)).attributesAsStrings())
                    .containsEntry("VisibilityTimeout", "1")
                    .hasEntrySatisfying("RedrivePolicy", policy -> assertThat(policy).contains(SqsLocal.queueArn("kept-dlq")));
            List<Message> messages = client.receiveMessage(b -> b.queueUrl(again).waitTimeSeconds(3)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("survivor");
            assertThat(messages.get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");
        }
    }

    @Test
    void onePersistedInstancePerJvmAndInMemoryOnesBesideIt() {
        try (SqsLocal persisted = SqsLocal.persistentAt(dataDir); SqsLocal memory = SqsLocal.inMemory();
             SqsClient client = client(memory)) {
            assertThatThrownBy(() -> SqsLocal.persistentAt(dataDir.resolve("other")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already runs");
            client.createQueue(b -> b.queueName("in-memory"));
            assertThatThrownBy(() -> client(persisted).getQueueUrl(b -> b.queueName("in-memory")))
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    static SqsClient client(SqsLocal sqs) {
        return SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.of(StandInStack.REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }
}
