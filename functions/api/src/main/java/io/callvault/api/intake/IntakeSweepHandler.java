package io.callvault.api.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import java.time.Clock;
import java.time.Instant;

/** Every minute (EventBridge schedule): {@link IntakeSweeper#sweep()}. */
public final class IntakeSweepHandler implements RequestHandler<ScheduledEvent, String> {
    private final IntakeSweeper sweeper;

    public IntakeSweepHandler() {
        this(FunctionEnvironment.system());
    }

    public IntakeSweepHandler(FunctionEnvironment env) {
        this(fromEnvironment(env));
    }

    public IntakeSweepHandler(IntakeSweeper sweeper) {
        this.sweeper = sweeper;
    }

    private static IntakeSweeper fromEnvironment(FunctionEnvironment env) {
        IntakeDependencies deps = new IntakeDependencies(env, Clock.systemUTC());
        return new IntakeSweeper(deps.api().dynamo(), deps.intakeTable(), deps.enrichQueue(), deps.notifyQueue(), deps.clock());
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        IntakeSweeper.Result result = sweeper.sweep();
        String line = Json.object().put("time", Instant.now().toString()).put("component", "intake-sweeper")
                .put("sentInWindow", result.sentInWindow()).put("resentOverdue", result.resentOverdue()).toString();
        if (result.sentInWindow() + result.resentOverdue() > 0) {
            System.out.println(line);
        }
        return line;
    }
}
