package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS as part of the stand-in stack: the template's queues created on ElasticMQ and handed to the functions. */
class StandInStackSqsTest {
    @TempDir
    Path dir;

    @Test
    void theTemplatesQueuesExistWithTheirAttributesAndFunctionsGetTheirUrls() {
        try (StandInStack stack = StandInStack.start(SamTemplateSqsTest.sqsTemplate(), null)) {
            assertThat(stack.sqsStarted()).isTrue();
            SqsClient sqs = stack.sqs();
            String jobs = stack.queueUrl("JobsQueue");
            assertThat(jobs).isEqualTo(stack.sqsEndpoint() + "/000000000000/JobsQueue");

            Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(jobs).attributeNames(QueueAttributeName.ALL))
                    .attributesAsStrings();
            assertThat(attributes).containsEntry("VisibilityTimeout", "60").containsEntry("DelaySeconds", "5")
                    .containsEntry("ReceiveMessageWaitTimeSeconds", "2")
                    .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:JobsQueue")
                    .containsEntry("RedrivePolicy",
                            "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:callvault-jobs-dlq\",\"maxReceiveCount\":5}");
            assertThat(sqs.listQueueTags(b -> b.queueUrl(jobs)).tags()).containsEntry("purpose", "jobs");

            String ordered = stack.queueUrl("OrderedQueue");
            assertThat(ordered).endsWith("/OrderedQueue.fifo");
            sqs.sendMessage(b -> b.queueUrl(ordered).messageBody("first").messageGroupId("call-1"));
            sqs.sendMessage(b -> b.queueUrl(ordered).messageBody("first").messageGroupId("call-1")); // deduplicated
            sqs.sendMessage(b -> b.queueUrl(ordered).messageBody("second").messageGroupId("call-1"));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(ordered).maxNumberOfMessages(10)).messages())
                    .extracting(Message::body).containsExactly("first", "second");

            Map<String, String> env = stack.environmentOf(SamTemplateStreamTest.function(stack.template(), "Consumer"));
            assertThat(env).containsEntry("AWS_ENDPOINT_URL_SQS", stack.sqsEndpoint().toString())
                    .containsEntry("JOBS_URL", jobs)
                    .containsEntry("JOBS_ARN", "arn:aws:sqs:us-east-1:000000000000:JobsQueue")
                    .containsEntry("ORDERED_NAME", "OrderedQueue.fifo")
                    .containsEntry("DLQ", "name=callvault-jobs-dlq;url=" + stack.queueUrl("JobsDeadLetters")
                            + ";arn=arn:aws:sqs:us-east-1:000000000000:callvault-jobs-dlq;in=us-east-1");
        }
    }

    @Test
    void aRestartAfterATemplateEditKeepsTheMessagesAndTakesTheNewAttributes() throws IOException {
        Path original = Path.of(dir.toString(), "template.yaml");
        Files.copy(Path.of(SamTemplateStreamTest.class.getResource("/sqs-template.yaml").getPath()), original);
        Path data = dir.resolve("data");
        try (StandInStack stack = StandInStack.start(SamTemplate.read(original), data)) {
            stack.sqs().sendMessage(b -> b.queueUrl(stack.queueUrl("JobsDeadLetters")).messageBody("parked"));
        }
        Files.writeString(original, Files.readString(original).replace("VisibilityTimeout: 60", "VisibilityTimeout: 90"));
        try (StandInStack stack = StandInStack.start(SamTemplate.read(original), data)) {
            assertThat(stack.sqs().getQueueAttributes(b -> b.queueUrl(stack.queueUrl("JobsQueue"))
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings())
                    .containsEntry("VisibilityTimeout", "90").containsKey("RedrivePolicy");
            assertThat(stack.sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl("JobsDeadLetters"))).messages())
                    .extracting(Message::body).containsExactly("parked");
        }
    }

    @Test
    void withoutQueuesInTheTemplateSqsStartsOnlyWhenAskedFor() throws IOException {
        Path file = dir.resolve("plain.yaml");
        Files.writeString(file, """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: x.Y::handleRequest}
                """);
        try (StandInStack stack = StandInStack.start(SamTemplate.read(file), null)) {
            assertThat(stack.sqsStarted()).isFalse();
            assertThat(stack.awsEnvironment()).doesNotContainKey("AWS_ENDPOINT_URL_SQS");
            stack.sqs().createQueue(b -> b.queueName("made-by-a-test"));
            assertThat(stack.sqsStarted()).isTrue();
            assertThat(stack.awsEnvironment()).containsEntry("AWS_ENDPOINT_URL_SQS", stack.sqsEndpoint().toString());
        }
    }
}
