package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code AWS::SQS::Queue} resources and {@code Type: SQS} events, read as queues and Lambda's event source mappings. */
class SamTemplateSqsTest {
    @TempDir
    Path dir;

    static SamTemplate sqsTemplate() {
        try {
            return SamTemplate.read(Path.of(SamTemplateSqsTest.class.getResource("/sqs-template.yaml").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsSqsEventsWithAwsDefaultsAndNamesWhatIsNotApplied() {
        List<SamTemplate.SqsTrigger> triggers = sqsTemplate().sqsTriggers();

        assertThat(triggers).containsExactly(
                new SamTemplate.SqsTrigger("Consumer", "Jobs", "JobsQueue", 10, 0, false, true, List.of()),
                new SamTemplate.SqsTrigger("Consumer", "Bulk", "JobsQueue", 100, 5, true, false,
                        List.of("FilterCriteria", "MetricsConfig")),
                new SamTemplate.SqsTrigger("Consumer", "Ordered", "OrderedQueue", 10, 0, false, true, List.of()));
        // SQS events are no routes, S3 or stream triggers of the function.
        SamTemplate.Function consumer = sqsTemplate().functions().get(0);
        assertThat(consumer.routes()).isEmpty();
        assertThat(consumer.streamTriggers()).isEmpty();
    }

    @Test
    void queuesHaveTheirOwnNameOrTheirLogicalIdWithFifoSuffix() throws IOException {
        SamTemplate template = sqsTemplate();
        assertThat(template.usesSqs()).isTrue();
        assertThat(template.queues()).extracting(SamTemplate.Queue::logicalId)
                .containsExactly("JobsQueue", "JobsDeadLetters", "OrderedQueue");
        assertThat(template.localNameOf("JobsQueue")).isEqualTo("JobsQueue");
        assertThat(template.localNameOf("JobsDeadLetters")).isEqualTo("callvault-jobs-dlq");
        assertThat(template.localNameOf("OrderedQueue")).isEqualTo("OrderedQueue.fifo");
        assertThat(SamTemplate.read(write("""
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: x.Y::handleRequest}
                """)).usesSqs()).isFalse();
    }

    @Test
    void resolvesRefGetAttAndSubOfQueuesLikeCloudFormation() {
        SamTemplate template = sqsTemplate();
        Map<String, Object> env = template.functions().get(0).environment();
        java.util.function.Function<String, String> urls = id -> "http://127.0.0.1:9/000000000000/" + template.localNameOf(id);

        assertThat(template.resolveLocally(env.get("JOBS_URL"), urls)).isEqualTo("http://127.0.0.1:9/000000000000/JobsQueue");
        assertThat(template.resolveLocally(env.get("JOBS_URL_ATTRIBUTE"), urls)).isEqualTo("http://127.0.0.1:9/000000000000/JobsQueue");
        assertThat(template.resolveLocally(env.get("JOBS_ARN"), urls)).isEqualTo("arn:aws:sqs:us-east-1:000000000000:JobsQueue");
        assertThat(template.resolveLocally(env.get("ORDERED_NAME"), urls)).isEqualTo("OrderedQueue.fifo");
        assertThat(template.resolveLocally(env.get("DLQ"), urls)).isEqualTo("name=callvault-jobs-dlq;"
                + "url=http://127.0.0.1:9/000000000000/callvault-jobs-dlq;arn=arn:aws:sqs:us-east-1:000000000000:callvault-jobs-dlq;"
                + "in=us-east-1");
        // Without the running stand-in a queue's URL is unknown, and saying so beats a wrong value.
        assertThatThrownBy(() -> template.resolveLocally(env.get("JOBS_URL")))
                .hasMessageContaining("URL of queue JobsQueue");
    }

    @Test
    void refusesWhatLambdaWouldRefuse() throws IOException {
        assertRefused("{Queue: 'arn:aws:sqs:us-east-1:123456789012:elsewhere'}", "!GetAtt <Queue>.Arn");
        assertRefused("{Queue: !GetAtt F.Arn}", "not an SQS queue");
        assertRefused("{Queue: !GetAtt Q.Arn, BatchSize: 11}", "needs MaximumBatchingWindowInSeconds");
        assertRefused("{Queue: !GetAtt Q.Arn, BatchSize: 0}", "BatchSize must be a whole number from 1 to 10000");
        assertRefused("{Queue: !GetAtt Q.Arn, FunctionResponseTypes: [Everything]}", "FunctionResponseTypes");
        assertRefused("{Queue: !GetAtt Fifo.Arn, BatchSize: 11, MaximumBatchingWindowInSeconds: 1}", "from 1 to 10,");
        assertRefused("{Queue: !GetAtt Fifo.Arn, MaximumBatchingWindowInSeconds: 1}", "not supported for FIFO");
    }

    private void assertRefused(String properties, String message) throws IOException {
        Path file = write("""
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      Events:
                        E:
                          Type: SQS
                          Properties: %s
                  Q:
                    Type: AWS::SQS::Queue
                  Fifo:
                    Type: AWS::SQS::Queue
                    Properties: {FifoQueue: true}
                """.formatted(properties));
        assertThatThrownBy(() -> SamTemplate.read(file).sqsTriggers())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("F.E").hasMessageContaining(message);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "template", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
