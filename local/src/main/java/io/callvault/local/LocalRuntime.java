package io.callvault.local;

import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import io.callvault.standins.StepFunctionsLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * callvault on one machine: the stand-ins with the template's tables and buckets (persisted in the data
 * dir, or in memory), every function hosted in this JVM, the HTTP API with its JWT authorizer on one port,
 * emulated S3 notifications, the DynamoDB stream event sources of the template polled into their
 * functions (checkpoints in {@code DATA_DIR/streams}), and its SQS event sources long-polling the SQS stand-in's
 * queues (persisted in {@code DATA_DIR/sqs}), and its schedules ({@code Type: Schedule}, fired at their rate). OpenSearch runs when a function declares
 * {@code OPENSEARCH_ENDPOINT}; the runtime is ready only once it is.
 *
 * <p>The template's state machines run on the Step Functions stand-in (Node, started only for a template that declares
 * one; executions in memory), whose Task states invoke the hosted functions through {@link LocalLambdaEndpoint}.
 * That endpoint is bound first, so the stand-in knows where to call, and it serves once the functions, built with
 * {@code AWS_ENDPOINT_URL_SFN}, exist.
 */
public final class LocalRuntime implements AutoCloseable {
    /** How often the buckets that trigger functions are looked at (S3 notifications are emulated). */
    static final long S3_NOTIFICATION_INTERVAL_MILLIS = 250;
    /** How often the table streams that trigger functions are polled (Lambda polls a DynamoDB stream shard 4 times a second). */
    static final long STREAM_POLL_INTERVAL_MILLIS = 250;

    private final StandInStack stack;
    private final LocalApiGateway gateway;
    private final LocalIssuer issuer;
    private final S3NotificationPump notifications;
    private final DynamoDbStreamPoller streams;
    private final SqsPoller queues;
    private final ScheduleTimer schedules;
    private final LocalLambdaEndpoint lambda;

    private LocalRuntime(StandInStack stack, LocalApiGateway gateway, LocalIssuer issuer,
                         S3NotificationPump notifications, DynamoDbStreamPoller streams, SqsPoller queues,
                         ScheduleTimer schedules, LocalLambdaEndpoint lambda) {
        this.stack = stack;
        this.lambda = lambda;
        this.gateway = gateway;
        this.issuer = issuer;
        this.notifications = notifications;
        this.streams = streams;
        this.queues = queues;
        this.schedules = schedules;
    }

    /**
     * @param dataDir where data and the signing key live; null keeps everything in memory (tests)
     * @param port    HTTP port; 0 picks a free one
     */
    public static LocalRuntime start(SamTemplate template, Path dataDir, int port, Clock clock) {
        return start(template, dataDir, port, clock, StepFunctionsLocal.Options.fromSystemProperties());
    }

    /**
     * {@link #start(SamTemplate, Path, int, Clock)} with the Step Functions stand-in's Wait and Retry overrides
     * ({@code sfn}'s Lambda endpoint is ignored: Task states always invoke this runtime's functions). Without this,
     * the system properties {@value StepFunctionsLocal#WAIT_OVERRIDE_PROPERTY} and
     * {@value StepFunctionsLocal#RETRY_OVERRIDE_PROPERTY} set them.
     */
    public static LocalRuntime start(SamTemplate template, Path dataDir, int port, Clock clock, StepFunctionsLocal.Options sfn) {
        LocalLambdaEndpoint lambda = LocalLambdaEndpoint.bind();
        StandInStack stack;
        try {
            stack = StandInStack.start(template, dataDir, sfn.withLambdaEndpoint(lambda.uri()));
        } catch (RuntimeException e) {
            lambda.close();
            throw e;
        }
        S3NotificationPump notifications = null;
        DynamoDbStreamPoller streams = null;
        SqsPoller queues = null;
        ScheduleTimer schedules = null;
        try {
            // Builds every function with its environment, which waits for OpenSearch if a function needs it.
            FunctionHost functions = new FunctionHost(stack);
            lambda.serve(functions);
            Path keyDir = dataDir != null ? dataDir : Files.createTempDirectory("callvault-keys");
            LocalIssuer issuer = LocalIssuer.inDataDir(keyDir, clock);
            JwtAuthorizer authorizer = new JwtAuthorizer(issuer.publicKey(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, clock);
            notifications = new S3NotificationPump(stack, functions, S3_NOTIFICATION_INTERVAL_MILLIS);
            streams = new DynamoDbStreamPoller(stack, functions, dataDir == null ? null : dataDir.resolve("streams"),
                    STREAM_POLL_INTERVAL_MILLIS);
            queues = new SqsPoller(stack, functions, true);
            schedules = new ScheduleTimer(template, functions, true);
            return new LocalRuntime(stack, new LocalApiGateway(functions, authorizer, port), issuer, notifications, streams,
                    queues, schedules, lambda);
        } catch (IOException e) {
            stopAll(notifications, streams, queues, schedules, lambda, stack);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stopAll(notifications, streams, queues, schedules, lambda, stack);
            throw e;
        }
    }

    private static void stopAll(S3NotificationPump notifications, DynamoDbStreamPoller streams, SqsPoller queues,
                                ScheduleTimer schedules, LocalLambdaEndpoint lambda, StandInStack stack) {
        if (schedules != null) {
            schedules.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (streams != null) {
            streams.close();
        }
        if (queues != null) {
            queues.close();
        }
        lambda.close();
        stack.close();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** Direct access to the stand-ins, for tests and benchmarks that check what was stored. */
    public DynamoDbClient dynamo() {
        return stack.dynamo();
    }

    public S3Client s3() {
        return stack.s3();
    }

    public StandInStack stack() {
        return stack;
    }

    /** The local name of a template resource (table or bucket), e.g. {@code MediaBucket}. */
    public String resourceName(String logicalId) {
        return stack.resourceName(logicalId);
    }

    /** Delivers pending S3 notifications now instead of at the next timer tick. */
    public void deliverS3Notifications() {
        notifications.pass();
    }

    /**
     * Delivers what the table streams hold to their functions now, without waiting for the poller, its
     * back-off or batching windows; returns when the streams are drained or a batch failed.
     *
     * @return records delivered (or discarded after their last retry)
     */
    public int deliverStreamRecords() {
        return streams.deliverNow();
    }

    /** The DynamoDB stream event sources, e.g. for their {@link DynamoDbStreamPoller#discarded()} batches. */
    public DynamoDbStreamPoller streamPoller() {
        return streams;
    }

    /**
     * Delivers what the queues of the template's SQS event sources hold to their functions now, without waiting for
     * batching windows (a long poll in progress is waited for, at most {@value SqsPoller#LONG_POLL_SECONDS} s); returns
     * when no batch succeeds any more. Messages still delayed or waiting out a visibility timeout stay where they are.
     *
     * @return messages handed to functions (failed ones included)
     */
    public int deliverQueueMessages() {
        return queues.deliverNow();
    }

    /** Fires every schedule of the template ({@code Type: Schedule}) now; returns how many ran without an error. */
    public int fireSchedules() {
        return schedules.fireAll();
    }

    /**
     * Fires the {@code Type: ScheduleV2} schedules of one function for {@code scheduledTime}, as EventBridge Scheduler
     * would at that time (twice: as its at-least-once delivery may); returns the function's answers.
     */
    public java.util.List<String> fireSchedule(String functionLogicalId, java.time.Instant scheduledTime) {
        return schedules.fire(functionLogicalId, scheduledTime);
    }

    /** The SQS client of the stand-in (the template declares queues), e.g. to send to or inspect a queue. */
    public software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return stack.sqs();
    }

    /**
     * The Step Functions client of the stand-in, with the template's state machines ({@link #stateMachineArn}); started
     * now if the template declares none. An execution is read back with {@code describeExecution} and
     * {@code getExecutionHistory}.
     */
    public SfnClient sfn() {
        return stack.sfn();
    }

    /** The ARN of a template state machine, e.g. {@code arn:aws:states:us-east-1:000000000000:stateMachine:MuxStateMachine}. */
    public String stateMachineArn(String logicalId) {
        return stack.stateMachineArn(logicalId);
    }

    /** Where Task states invoke this runtime's functions ({@code POST /2015-03-31/functions/{name}/invocations}). */
    public URI lambdaEndpoint() {
        return lambda.uri();
    }

    /** The OpenSearch endpoint if the node runs (a function declares {@code OPENSEARCH_ENDPOINT}). */
    public Optional<URI> openSearchEndpoint() {
        return stack.openSearchStarted() ? Optional.of(stack.openSearchEndpoint()) : Optional.empty();
    }

    @Override
    public void close() {
        schedules.close();
        notifications.close();
        streams.close();
        queues.close();
        gateway.close();
        lambda.close();
        stack.close();
    }
}
