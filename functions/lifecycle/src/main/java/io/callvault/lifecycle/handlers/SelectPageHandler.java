package io.callvault.lifecycle.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.lifecycle.LifecycleDependencies;
import io.callvault.lifecycle.LifecycleSteps;
import java.time.Clock;

/** SelectPage: {@link LifecycleSteps#select}. */
public final class SelectPageHandler extends TaskHandler {
    private final LifecycleSteps steps;

    /** The Lambda runtime's constructor. */
    public SelectPageHandler() {
        this(FunctionEnvironment.system());
    }

    public SelectPageHandler(FunctionEnvironment env) {
        this(new LifecycleDependencies(env, Clock.systemUTC()).steps());
    }

    public SelectPageHandler(LifecycleSteps steps) {
        this.steps = steps;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        return steps.select(TaskInput.ccid(event), TaskInput.runId(event), event.path("pageSeqAtStart").asInt(0));
    }
}
