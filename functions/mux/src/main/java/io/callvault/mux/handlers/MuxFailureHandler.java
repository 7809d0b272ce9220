package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * RecordJobFailure / RecordExpired: writes the failure on the screen recording(s) ({@code muxState} FAILED or EXPIRED,
 * {@code muxError}, {@code muxAttempts}) and counts {@value Metrics#MUX_FAILED}, which an alarm watches. The error is
 * what the state machine caught: {@code {"Error": <exception class>, "Cause": <the function's error JSON>}}.
 */
public final class MuxFailureHandler extends TaskHandler {
    private final MuxStore store;
    private final Metrics metrics;

    /** The Lambda runtime's constructor. */
    public MuxFailureHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxFailureHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxFailureHandler(MuxDependencies deps) {
        this(deps.store(), new Metrics(deps.clock()));
    }

    public MuxFailureHandler(MuxStore store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        String ccid = text(event, "contactCenterId");
        String state = event.path("state").asText(MuxStore.STATE_FAILED);
        if (!state.equals(MuxStore.STATE_FAILED) && !state.equals(MuxStore.STATE_EXPIRED)) {
            throw new IllegalArgumentException("state must be FAILED or EXPIRED, got " + state);
        }
        List<String> screens = new ArrayList<>();
        if (event.hasNonNull("screenRecordingId")) {
            screens.add(event.get("screenRecordingId").asText());
        }
        event.path("screenRecordingIds").forEach(s -> screens.add(s.asText()));
        String reason = reason(event.path("error"));
        for (String screen : screens) {
            store.recordFailure(ccid, screen, state, reason);
            metrics.count(Metrics.MUX_FAILED, ccid);
            System.out.println(Json.write(Json.object().put("event", "mux-failed").put("ccid", ccid)
                    .put("screenRecordingId", screen).put("state", state).put("reason", reason)));
        }
        return Json.object().put("recorded", screens.size()).put("reason", reason);
    }

    /** {@code <error>: <message>}, the message taken out of the Lambda error JSON that Step Functions puts in Cause. */
    static String reason(JsonNode error) {
        String name = error.path("Error").asText("unknown");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode parsed = Json.parse(cause);
            if (parsed != null && parsed.hasNonNull("errorMessage")) {
                cause = parsed.get("errorMessage").asText();
            }
        } catch (Exception notJson) {
            // a plain-text cause (a States.* error) is kept as it is
        }
        return cause.isBlank() ? name : name + ": " + cause;
    }
}
