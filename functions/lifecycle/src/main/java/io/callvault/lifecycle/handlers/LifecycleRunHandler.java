package io.callvault.lifecycle.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.lifecycle.LifecycleDependencies;
import io.callvault.lifecycle.RunLauncher;
import io.callvault.lifecycle.RunReports;
import io.callvault.lifecycle.run.LifecycleRuns;
import java.time.Clock;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The run's bookkeeping tasks, by {@code action}: {@code start} (StartRun), {@code finish} (FinishRun), {@code fail}
 * (RecordRunFailure, with the caught {@code error} and {@code cause}) and {@code continue} (ContinueAsNew: the next
 * execution of the run takes over).
 */
public final class LifecycleRunHandler extends TaskHandler {
    private final RunReports reports;
    private final LifecycleRuns runs;
    private final SfnClient sfn;

    /** The Lambda runtime's constructor. */
    public LifecycleRunHandler() {
        this(FunctionEnvironment.system());
    }

    public LifecycleRunHandler(FunctionEnvironment env) {
        this(new LifecycleDependencies(env, Clock.systemUTC()));
    }

    private LifecycleRunHandler(LifecycleDependencies deps) {
        this(deps.reports(), deps.runs(), AwsClients.sfn(deps.env()));
    }

    public LifecycleRunHandler(RunReports reports, LifecycleRuns runs, SfnClient sfn) {
        this.reports = reports;
        this.runs = runs;
        this.sfn = sfn;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        String ccid = TaskInput.ccid(event);
        String runId = TaskInput.runId(event);
        return switch (text(event, "action")) {
            case "start" -> reports.start(ccid, runId);
            case "finish" -> reports.finish(ccid, runId);
            case "fail" -> reports.fail(ccid, runId, event.path("error").asText("States.Unknown"), event.path("cause").asText(""));
            case "continue" -> {
                RunLauncher.handOver(sfn, text(event, "stateMachineArn"), runs.require(ccid, runId));
                yield Json.object().put("continued", true);
            }
            default -> throw new IllegalArgumentException("action must be start, finish, fail or continue");
        };
    }
}
