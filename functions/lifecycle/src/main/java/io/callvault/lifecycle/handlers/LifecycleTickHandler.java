package io.callvault.lifecycle.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.lifecycle.DueRules;
import io.callvault.lifecycle.LifecycleDependencies;
import io.callvault.lifecycle.RunLauncher;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The scheduler's tick (EventBridge Scheduler, every minute, input {@code {"scheduledTime":
 * "<aws.scheduler.scheduled-time>"}}): starts the run of every enabled rule of this stack's node path due in that
 * minute, for its exact time of day. The scheduled time, not the clock, decides the minute, so a delivery that comes
 * late or twice (Scheduler retries, at least once) starts the same runs, which exist already: nothing twice.
 */
public final class LifecycleTickHandler extends TaskHandler {
    private final DueRules due;
    private final RunLauncher launcher;
    private final Clock clock;

    /** The Lambda runtime's constructor. */
    public LifecycleTickHandler() {
        this(FunctionEnvironment.system());
    }

    public LifecycleTickHandler(FunctionEnvironment env) {
        this(new LifecycleDependencies(env, Clock.systemUTC()));
    }

    private LifecycleTickHandler(LifecycleDependencies deps) {
        this(new DueRules(deps.rules(), deps.nodePath()), deps.launcher(), deps.clock());
    }

    public LifecycleTickHandler(DueRules due, RunLauncher launcher, Clock clock) {
        this.due = due;
        this.launcher = launcher;
        this.clock = clock;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        Instant scheduled = scheduledTime(event);
        ObjectNode out = Json.object().put("minute", scheduled.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString());
        ArrayNode runs = out.putArray("runs");
        for (DueRules.Due rule : due.dueIn(scheduled)) {
            ObjectNode line = runs.addObject().put("contactCenterId", rule.ccid()).put("rule", rule.name())
                    .put("scheduledTime", rule.scheduledTime().toString());
            try {
                RunLauncher.Launch launch = launcher.launch(rule.ccid(), rule.location(), rule.name(), rule.scheduledTime(),
                        RunLauncher.TRIGGER_SCHEDULE, "scheduler");
                line.put("runId", launch.runId()).put("outcome", launch.outcome().name());
            } catch (RuntimeException e) {
                // One tenant's broken rule must not stop the others' runs; the log line says which and why.
                line.put("outcome", "ERROR").put("error", String.valueOf(e.getMessage()));
            }
        }
        System.out.println(Json.write(Json.object().put("event", "lifecycle-tick").setAll(out)));
        return out;
    }

    /** {@code scheduledTime} (Scheduler) or {@code time} (an EventBridge rule's event); the clock only if neither. */
    private Instant scheduledTime(JsonNode event) {
        for (String field : new String[] {"scheduledTime", "time"}) {
            JsonNode v = event.get(field);
            if (v != null && !v.isNull()) {
                if (!v.isTextual() || v.textValue().length() > 40) {
                    throw new IllegalArgumentException(field + " must be an ISO-8601 instant");
                }
                try {
                    return Instant.parse(v.textValue());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(field + " must be an ISO-8601 instant, got "
                            + io.callvault.core.codec.Excerpt.of(v.textValue()));
                }
            }
        }
        return clock.instant();
    }
}
