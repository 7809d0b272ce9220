package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Ids;
import io.callvault.core.json.Json;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.mux.CallSide;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxPlanner;
import io.callvault.mux.MuxStore;
import io.callvault.mux.ScreenSide;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * LoadPlan: reads the call and its screen recordings and answers what the execution does next
 * ({@link MuxPlanner}): {@code status}, the {@code jobs} for the Map state, {@code nextWaitSeconds} for the Wait state.
 */
public final class MuxPlanHandler extends TaskHandler {
    private final MuxStore store;
    private final TenantSettings settings;
    private final Clock clock;

    /** The Lambda runtime's constructor. */
    public MuxPlanHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxPlanHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxPlanHandler(MuxDependencies deps) {
        this(deps.store(), deps.settings(), deps.clock());
    }

    public MuxPlanHandler(MuxStore store, TenantSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        String ccid = text(event, "contactCenterId");
        String callId = Ids.recordingId("callRecordingId", text(event, "callRecordingId"));
        long waitedSeconds = event.path("waitedSeconds").asLong(0);
        String runId = event.hasNonNull("executionId") ? event.get("executionId").asText() : UUID.randomUUID().toString();
        CallSide call = store.call(ccid, callId);
        List<ScreenSide> screens = call.screenIds().stream().map(id -> store.screen(ccid, id)).toList();
        MuxPlanner.Plan plan = MuxPlanner.plan(call, screens, settings.muxer(ccid), clock.instant(),
                Duration.ofSeconds(waitedSeconds));
        ObjectNode out = Json.object().put("status", plan.status().name()).put("reason", plan.reason());
        ArrayNode jobs = out.putArray("jobs");
        for (MuxPlanner.Job job : plan.jobs()) {
            ObjectNode j = jobs.addObject().put("contactCenterId", ccid).put("callRecordingId", callId)
                    .put("screenRecordingId", job.screenRecordingId()).put("inputsHash", job.inputsHash()).put("runId", runId);
            job.videoMediaIds().forEach(j.putArray("videoMediaIds")::add);
            job.audioMediaIds().forEach(j.putArray("audioMediaIds")::add);
        }
        plan.waitingScreens().forEach(out.putArray("waitingScreens")::add);
        plan.skipped().forEach(out.putArray("skipped")::add);
        long next = plan.nextWait() == null ? 0 : plan.nextWait().toSeconds();
        out.put("nextWaitSeconds", next).put("waitedSecondsAfterWait", waitedSeconds + next);
        System.out.println(Json.write(Json.object().put("event", "mux-plan").put("ccid", ccid).put("callRecordingId", callId)
                .put("status", plan.status().name()).put("reason", plan.reason()).put("jobs", plan.jobs().size())));
        return out;
    }
}
