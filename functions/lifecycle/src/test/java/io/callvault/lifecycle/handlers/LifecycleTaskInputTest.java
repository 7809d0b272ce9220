package io.callvault.lifecycle.handlers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.lifecycle.LifecycleSteps;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.run.RunIds;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the lifecycle task handlers do with input Step Functions would never send: malformed, wrong-typed, oversized,
 * hostile, or another tenant's run. Each is refused before anything is read or written with it.
 */
class LifecycleTaskInputTest {
    static final StandInStack STACK = StandInStack.shared();
    final LifecycleRuns runs = new LifecycleRuns(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC());
    /** Only the run store is real: every refusal happens before anything else is used. */
    final LifecycleSteps steps = new LifecycleSteps(runs, null, null, null, null, null, 100, 500);
    final String ccid = UUID.randomUUID().toString();
    final String runId = RunIds.of(ccid, "/", "R", Instant.parse("2026-11-22T02:00:00Z"));

    static void call(RequestStreamHandler handler, String input) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
    }

    @Test
    void malformedAndWrongTypedInputIsRefused() {
        var select = new SelectPageHandler(steps);
        assertThatThrownBy(() -> call(select, "{")).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThatThrownBy(() -> call(select, "[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> call(select, "{}")).hasMessageContaining("contactCenterId");
        assertThatThrownBy(() -> call(select, "{\"contactCenterId\":7,\"runId\":\"" + runId + "\"}"))
                .hasMessageContaining("contactCenterId");
        assertThatThrownBy(() -> call(new BackupPageHandler(steps), "{\"contactCenterId\":\"" + ccid + "\",\"runId\":\"" + runId + "\"}"))
                .hasMessageContaining("page");
        assertThatThrownBy(() -> call(new LifecycleRunHandler(new io.callvault.lifecycle.RunReports(runs, null), runs, null),
                "{\"contactCenterId\":\"" + ccid + "\",\"runId\":\"" + runId + "\",\"action\":\"drop-table\"}"))
                .hasMessageContaining("action must be");
    }

    @Test
    void hostileAndOversizedIdsAreRefused() {
        var purge = new PurgePageHandler(steps);
        assertThatThrownBy(() -> call(purge, "{\"contactCenterId\":\"../../x\",\"runId\":\"" + runId + "\",\"page\":\"PAGE#00#000001\"}"))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> call(purge, "{\"contactCenterId\":\"" + ccid + "\",\"runId\":\"" + "9".repeat(10_000)
                + "\",\"page\":\"PAGE#00#000001\"}")).hasMessageContaining("runId");
        assertThatThrownBy(() -> call(purge, "{\"contactCenterId\":\"" + ccid + "\",\"runId\":\"" + runId
                + "\",\"page\":\"RUN\"}")).hasMessageContaining("page must be");
        assertThatThrownBy(() -> call(purge, "{\"contactCenterId\":\"" + ccid + "\",\"runId\":\"x\\u0000y\",\"page\":\"PAGE#00#000001\"}"))
                .hasMessageContaining("runId");
    }

    @Test
    void anotherTenantsRunIsNotFound() throws Exception {
        runs.create(ccid, runId, "R", "/", io.callvault.core.json.Json.object(), "us", Instant.parse("2026-11-22T02:00:00Z"), "API", "ops");
        String other = UUID.randomUUID().toString();
        assertThatThrownBy(() -> call(new SelectPageHandler(steps), "{\"contactCenterId\":\"" + other + "\",\"runId\":\"" + runId + "\"}"))
                .hasMessageContaining("no lifecycle run");
    }

    @Test
    void theTickRefusesAScheduledTimeThatIsNotAnInstant() {
        var tick = new LifecycleTickHandler(null, null, Clock.systemUTC());
        assertThatThrownBy(() -> call(tick, "{\"scheduledTime\":\"tomorrow\"}")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> call(tick, "{\"scheduledTime\":12}")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> call(tick, "{\"scheduledTime\":\"" + "2".repeat(5000) + "\"}")).hasMessageContaining("ISO-8601");
    }
}
