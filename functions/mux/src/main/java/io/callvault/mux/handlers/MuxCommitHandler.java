package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.mux.MuxCommitService;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxService;
import java.time.Clock;

/** Commit: the Map iteration's job with the Mux task's result under {@code mux} ({@link MuxCommitService}). */
public final class MuxCommitHandler extends TaskHandler {
    private final MuxCommitService service;

    /** The Lambda runtime's constructor. */
    public MuxCommitHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxCommitHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxCommitHandler(MuxDependencies deps) {
        this(new MuxCommitService(deps.store(), deps.settings()));
    }

    public MuxCommitHandler(MuxCommitService service) {
        this.service = service;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) throws Exception {
        MuxService.Task task = MuxHandler.task(event);
        JsonNode mux = event.get("mux");
        if (mux == null || !mux.isObject()) {
            throw new IllegalArgumentException("the commit task needs the mux task's result under mux");
        }
        MuxService.Result result = Json.MAPPER.treeToValue(mux, MuxService.Result.class);
        MuxCommitService.Outcome outcome = service.commit(task, result);
        System.out.println(Json.write(Json.object().put("event", "mux-commit").put("ccid", task.ccid())
                .put("screenRecordingId", task.screenRecordingId()).put("status", outcome.status().name())));
        return Json.MAPPER.valueToTree(outcome);
    }
}
