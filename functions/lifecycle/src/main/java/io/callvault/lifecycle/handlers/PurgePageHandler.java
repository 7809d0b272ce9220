package io.callvault.lifecycle.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.lifecycle.LifecycleDependencies;
import io.callvault.lifecycle.LifecycleSteps;
import java.time.Clock;

/** PurgePage: {@link LifecycleSteps#purge}. */
public final class PurgePageHandler extends TaskHandler {
    private final LifecycleSteps steps;

    /** The Lambda runtime's constructor. */
    public PurgePageHandler() {
        this(FunctionEnvironment.system());
    }

    public PurgePageHandler(FunctionEnvironment env) {
        this(new LifecycleDependencies(env, Clock.systemUTC()).steps());
    }

    public PurgePageHandler(LifecycleSteps steps) {
        this.steps = steps;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        return steps.purge(TaskInput.ccid(event), TaskInput.runId(event), TaskInput.page(event));
    }
}
