package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The Step Functions stand-in (Node, aws-local-stepfunctions) as the stand-in stack runs it for a template with state
 * machines, driven through the Java SfnClient; its Task states invoke Java functions behind a Lambda Invoke endpoint.
 */
class StepFunctionsLocalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger flakyCalls = new AtomicInteger();
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger mostInFlight = new AtomicInteger();
    static JavaLambdaEndpoint lambda;
    static StandInStack stack;
    static SfnClient sfn;
    static String pipeline;

    @BeforeAll
    static void start() throws Exception {
        lambda = new JavaLambdaEndpoint()
                .function("Flaky", input -> {
                    // Fails twice per execution, then works: the Retry on its exception's class name gets it through.
                    int call = flakyCalls.incrementAndGet();
                    if (call % 3 != 0) {
                        throw new TransientFailureException("not yet (call " + call + ")");
                    }
                    return Map.of("attempts", 3);
                })
                .function("Worker", input -> {
                    int now = inFlight.incrementAndGet();
                    mostInFlight.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    return input.asInt() * 10;
                })
                .function("Store", input -> {
                    if (input.path("breakStore").asBoolean()) {
                        throw new PermanentFailureException("the store refuses " + input.path("id").asText());
                    }
                    return Map.of("stored", input.path("id").asText(), "results", input.path("results"));
                });
        Path template = Path.of(StepFunctionsLocalTest.class.getResource("/stepfunctions-template.yaml").toURI());
        // Real waits (the SecondsPath is checked), retries after 10 ms instead of 1 s and 2 s.
        stack = StandInStack.start(SamTemplate.read(template), null,
                new StepFunctionsLocal.Options(lambda.uri(), null, 10L));
        sfn = stack.sfn();
        pipeline = stack.stateMachineArn("Pipeline");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        lambda.close();
    }

    @Test
    void theTemplatesMachinesAreCreatedWithTheirSubstitutions() {
        assertThat(stack.sfnStarted()).isTrue();
        assertThat(pipeline).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:Pipeline");
        assertThat(sfn.listStateMachines().stateMachines()).extracting(m -> m.name())
                .contains("Pipeline", "callvault-named");
        String definition = sfn.describeStateMachine(b -> b.stateMachineArn(pipeline)).definition();
        assertThat(definition).contains("\"FunctionName\": \"arn:aws:lambda:us-east-1:000000000000:function:Flaky\"")
                .contains("\"Resource\": \"arn:aws:lambda:us-east-1:000000000000:function:Worker\"")
                .contains("\"FunctionName\": \"Store\"").doesNotContain("${");
        var named = sfn.describeStateMachine(b -> b.stateMachineArn(stack.stateMachineArn("Named")));
        assertThat(named.typeAsString()).isEqualTo("EXPRESS");
        String arn = named.stateMachineArn();
        String started = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
        assertThat(awaitEnd(started).output()).isEqualTo("\"hello from us-east-1\"");
    }

    @Test
    void functionsGetTheEndpointAndTheMachinesArn() {
        SamTemplate.Function worker = stack.template().functions().stream()
                .filter(f -> f.logicalId().equals("Worker")).findFirst().orElseThrow();
        Map<String, String> env = stack.environmentOf(worker);
        assertThat(env).containsEntry("AWS_ENDPOINT_URL_SFN", stack.sfnEndpoint().toString())
                .containsEntry("PIPELINE", pipeline).containsEntry("PIPELINE_ARN", pipeline)
                .containsEntry("PIPELINE_NAME", "Pipeline")
                .containsEntry("SUMMARY", "machine " + pipeline + " runs arn:aws:lambda:us-east-1:000000000000:function:Worker");
    }

    @Test
    void aVideoWaitsIsRetriedThroughItsTransientErrorsMapsItsPartsTwoAtATimeAndIsStored() throws Exception {
        Instant before = Instant.now();
        String arn = start("video-1", Map.of("id", "rec-1", "kind", "video", "pauseSeconds", 1, "parts", List.of(1, 2, 3, 4, 5)));
        DescribeExecutionResponse done = awaitEnd(arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("stored").asText()).isEqualTo("rec-1");
        assertThat(output.path("results").toString()).isEqualTo("[10,20,30,40,50]");
        assertThat(mostInFlight.get()).isEqualTo(2);
        assertThat(done.input()).contains("\"pauseSeconds\":1");
        assertThat(done.startDate()).isBefore(done.stopDate());

        List<HistoryEvent> events = history(arn);
        assertThat(events.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events).extracting(HistoryEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(entered(events)).containsExactly("Classify", "Pause", "Prepare", "Parts",
                "Work", "Work", "Work", "Work", "Work", "Store", "Done");
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.TASK_FAILED)
                .extracting(e -> e.taskFailedEventDetails().error())
                .containsExactly(TransientFailureException.class.getName(), TransientFailureException.class.getName());
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.TASK_SCHEDULED).hasSize(4); // 3 Prepare, 1 Store
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED).hasSize(5);
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.MAP_ITERATION_SUCCEEDED).hasSize(5);
    }

    @Test
    void aPermanentErrorIsCaughtIntoTheResultPathWithTheExceptionsClassNameAndTheFunctionsErrorAsCause() throws Exception {
        String arn = start(null, Map.of("id", "rec-2", "kind", "video", "pauseSeconds", 0, "parts", List.of(7),
                "breakStore", true));
        DescribeExecutionResponse done = awaitEnd(arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("outcome").asText()).isEqualTo("recovered");
        assertThat(output.path("error").path("Error").asText()).isEqualTo(PermanentFailureException.class.getName());
        // As in AWS, the Cause is the function's error document.
        JsonNode cause = JSON.readTree(output.path("error").path("Cause").asText());
        assertThat(cause.path("errorMessage").asText()).isEqualTo("the store refuses rec-2");
        assertThat(cause.path("errorType").asText()).isEqualTo(PermanentFailureException.class.getName());

        List<HistoryEvent> events = history(arn);
        assertThat(entered(events)).endsWith("Store", "Recover").doesNotContain("Done");
        int failed = indexOf(events, e -> e.type() == HistoryEventType.TASK_FAILED
                && e.taskFailedEventDetails().error().equals(PermanentFailureException.class.getName()));
        assertThat(events.get(failed - 1).type()).isEqualTo(HistoryEventType.TASK_STARTED);
        assertThat(events.get(failed + 1).type()).isEqualTo(HistoryEventType.TASK_STATE_EXITED);
        assertThat(events.get(failed + 1).stateExitedEventDetails().name()).isEqualTo("Store");
        assertThat(events.get(failed + 2).type()).isEqualTo(HistoryEventType.PASS_STATE_ENTERED);
        assertThat(events.get(failed + 2).stateEnteredEventDetails().name()).isEqualTo("Recover");
    }

    @Test
    void anythingButVideoEndsInTheFailState() {
        String arn = start(null, Map.of("id", "rec-3", "kind", "audio"));
        DescribeExecutionResponse done = awaitEnd(arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("UnsupportedKind");
        assertThat(done.cause()).isEqualTo("only video is processed");
        assertThat(done.output()).isNull();
        List<HistoryEvent> events = history(arn);
        assertThat(entered(events)).containsExactly("Classify", "Reject");
        HistoryEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        assertThat(last.executionFailedEventDetails().error()).isEqualTo("UnsupportedKind");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(pipeline).statusFilter(ExecutionStatus.FAILED)).executions())
                .extracting(e -> e.executionArn()).contains(arn);
    }

    @Test
    void aNameIsOneExecutionWhileItRunsWithTheSameInputAndNeverAgainOnceClosed() {
        Map<String, Object> input = Map.of("id", "rec-4", "kind", "video", "pauseSeconds", 60, "parts", List.of());
        String first = start("once", input);
        assertThat(start("once", input)).isEqualTo(first);
        assertThatThrownBy(() -> start("once", Map.of("id", "other", "kind", "video", "pauseSeconds", 60)))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(pipeline).statusFilter(ExecutionStatus.RUNNING)).executions())
                .extracting(e -> e.executionArn()).contains(first);

        sfn.stopExecution(b -> b.executionArn(first).error("Operator").cause("no longer needed"));
        DescribeExecutionResponse stopped = sfn.describeExecution(b -> b.executionArn(first));
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isEqualTo("Operator");
        assertThat(stopped.stopDate()).isNotNull();
        assertThat(awaitEnd(first).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(history(first).get(history(first).size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);

        assertThatThrownBy(() -> start("once", input)).isInstanceOf(ExecutionAlreadyExistsException.class)
                .hasMessageContaining(first);
    }

    @Test
    void anUpdatedDefinitionRunsForNewExecutionsOnly() {
        String waiting = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"P\"},"
                + "\"P\":{\"Type\":\"Pass\",\"Result\":\"old\",\"End\":true}}}";
        String arn = sfn.createStateMachine(b -> b.name("Scratch").definition(waiting)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String before = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(arn)
                .definition("{\"StartAt\":\"Q\",\"States\":{\"Q\":{\"Type\":\"Pass\",\"Result\":\"new\",\"End\":true}}}"));
        String after = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();

        assertThat(awaitEnd(after).output()).isEqualTo("\"new\"");
        assertThat(awaitEnd(before).output()).isEqualTo("\"old\"");
        assertThat(entered(history(before))).containsExactly("W", "P");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).contains("\"new\"");
    }

    @Test
    void errorsComeInTheAwsShape() {
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(pipeline.replace("stateMachine", "execution") + ":nope")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(pipeline + "-missing")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        String definition = sfn.describeStateMachine(b -> b.stateMachineArn(pipeline)).definition();
        // Creating it again as it is changes nothing; with another definition it is refused.
        assertThat(sfn.createStateMachine(b -> b.name("Pipeline").definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/PipelineRole")).stateMachineArn()).isEqualTo(pipeline);
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("Pipeline").definition(definition.replace("Recover", "Rescue"))
                .roleArn("arn:aws:iam::000000000000:role/PipelineRole"))).isInstanceOf(StateMachineAlreadyExistsException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("Jsonata").roleArn("arn:aws:iam::000000000000:role/R")
                .definition("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("JSONata");
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("Dynamo").roleArn("arn:aws:iam::000000000000:role/R")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Task\",\"Resource\":"
                        + "\"arn:aws:states:::dynamodb:putItem\",\"End\":true}}}")))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("dynamodb:putItem");
    }

    private static String start(String name, Map<String, Object> input) {
        String json;
        try {
            json = JSON.writeValueAsString(input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sfn.startExecution(b -> b.stateMachineArn(pipeline).name(name).input(json)).executionArn();
    }

    static DescribeExecutionResponse awaitEnd(String executionArn) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (d.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return d;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return d;
            }
        }
    }

    private static List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events().stream().toList();
    }

    private static List<String> entered(List<HistoryEvent> events) {
        return events.stream().filter(e -> e.stateEnteredEventDetails() != null)
                .map(e -> e.stateEnteredEventDetails().name()).toList();
    }

    private static int indexOf(List<HistoryEvent> events, java.util.function.Predicate<HistoryEvent> wanted) {
        for (int i = 0; i < events.size(); i++) {
            if (wanted.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events);
    }
}
