package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StepFunctionsLocal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * A template's state machine in the local runtime: the Step Functions stand-in runs it, its Task states run the hosted
 * Java handlers (a stream handler and a RequestHandler), and what those throw reaches Retry/Catch by class name.
 */
class LocalRuntimeStepFunctionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalRuntime runtime;
    static SfnClient sfn;
    static String machine;

    @BeforeAll
    static void start() throws Exception {
        Path template = Path.of(LocalRuntimeStepFunctionsTest.class.getResource("/stepfunctions-template.yaml").toURI());
        // The machine's Wait is an hour; here every Wait takes 0 ms.
        runtime = LocalRuntime.start(SamTemplate.read(template), null, 0, Clock.systemUTC(),
                new StepFunctionsLocal.Options(null, 0L, 0L));
        sfn = runtime.sfn();
        machine = runtime.stateMachineArn("ReviewStateMachine");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void anAcceptedRecordingRunsBothHandlersAndSucceeds() throws Exception {
        DescribeExecutionResponse done = run("{\"recordingId\":\"r-1\",\"durationSeconds\":21}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("scored").path("score").asInt()).isEqualTo(42);
        assertThat(output.path("scored").path("sfnEndpointSet").asBoolean()).isTrue();
        assertThat(output.path("accepted").path("by").asText()).isEqualTo("AcceptFunction");
        assertThat(output.path("accepted").path("recordingId").asText()).isEqualTo("r-1");
        assertThat(entered(history(done))).containsExactly("Score", "Cooldown", "Accept", "Done");
    }

    @Test
    void aRejectionIsCaughtByTheExceptionsFullyQualifiedClassName() throws Exception {
        DescribeExecutionResponse done = run("{\"recordingId\":\"r-2\",\"durationSeconds\":1,\"reject\":true}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("outcome").asText()).isEqualTo("parked");
        assertThat(output.path("error").path("Error").asText()).isEqualTo("io.callvault.local.RecordingRejectedException");
        JsonNode cause = JSON.readTree(output.path("error").path("Cause").asText());
        assertThat(cause.path("errorMessage").asText()).isEqualTo("recording r-2 is rejected");
        assertThat(cause.path("stackTrace").get(0).asText()).contains("AcceptHandler.handleRequest");
        List<HistoryEvent> events = history(done);
        assertThat(entered(events)).containsExactly("Score", "Cooldown", "Accept", "Parked");
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.LAMBDA_FUNCTION_FAILED)
                .extracting(e -> e.lambdaFunctionFailedEventDetails().error())
                .containsExactly("io.callvault.local.RecordingRejectedException");
    }

    @Test
    void anUncaughtExceptionFailsTheExecutionWithItsClassName() {
        DescribeExecutionResponse done = run("{\"recordingId\":\"r-3\",\"durationSeconds\":1,\"malformed\":true}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(done.cause()).contains("\"errorMessage\":\"recording r-3 is malformed\"");
    }

    @Test
    void theLambdaEndpointAnswersAsLambdaDoes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = invoke(http, "arn:aws:lambda:us-east-1:000000000000:function:ScoreFunction:live",
                "{\"recordingId\":\"r-4\",\"durationSeconds\":5}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        JsonNode scored = JSON.readTree(ok.body());
        assertThat(scored.path("score").asInt()).isEqualTo(10);
        assertThat(scored.path("machine").asText()).isEqualTo(machine);

        HttpResponse<String> failed = invoke(http, "AcceptFunction", "{\"recordingId\":\"r-5\",\"reject\":true}");
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        JsonNode error = JSON.readTree(failed.body());
        assertThat(error.path("errorType").asText()).isEqualTo(RecordingRejectedException.class.getName());
        assertThat(error.path("errorMessage").asText()).isEqualTo("recording r-5 is rejected");
        assertThat(error.path("stackTrace").isArray()).isTrue();

        assertThat(invoke(http, "NoSuchFunction", "{}").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> invoke(HttpClient http, String function, String payload) throws Exception {
        URI uri = runtime.lambdaEndpoint().resolve("/2015-03-31/functions/" + function + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static DescribeExecutionResponse run(String input) {
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        DescribeExecutionResponse d;
        do {
            d = sfn.describeExecution(b -> b.executionArn(arn));
        } while (d.status() == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline) && pause());
        return d;
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<HistoryEvent> history(DescribeExecutionResponse execution) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn())).events().stream().toList();
    }

    private static List<String> entered(List<HistoryEvent> events) {
        return events.stream().filter(e -> e.stateEnteredEventDetails() != null)
                .map(e -> e.stateEnteredEventDetails().name()).toList();
    }
}
