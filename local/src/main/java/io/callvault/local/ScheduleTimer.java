package io.callvault.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.joda.time.DateTime;

/**
 * EventBridge schedules ({@code Type: Schedule} events of the template) for the local runtime: each fires its
 * function with a {@link ScheduledEvent} at its rate, the first time one period after start, as an EventBridge
 * rule does. One thread; a run that throws is logged and the schedule goes on (EventBridge would retry it, but
 * the next tick does the same work). {@link #fireAll()} runs every schedule now, for tests and benchmarks.
 */
public final class ScheduleTimer implements AutoCloseable {
    private final FunctionHost functions;
    private final List<SamTemplate.ScheduleTrigger> triggers = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });

    /** @param run whether schedules fire on their own (the runtime) or only through {@link #fireAll()} */
    public ScheduleTimer(SamTemplate template, FunctionHost functions, boolean run) {
        this.functions = functions;
        for (SamTemplate.ScheduleTrigger trigger : template.scheduleTriggers()) {
            if (!trigger.enabled()) {
                continue;
            }
            triggers.add(trigger);
            if (run) {
                long period = trigger.every().toMillis();
                timer.scheduleWithFixedDelay(() -> fire(trigger), period, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Fires every enabled schedule once, now, on the calling thread; returns how many ran without an error. */
    public int fireAll() {
        int ok = 0;
        for (SamTemplate.ScheduleTrigger trigger : triggers) {
            if (fire(trigger)) {
                ok++;
            }
        }
        return ok;
    }

    private synchronized boolean fire(SamTemplate.ScheduleTrigger trigger) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("000000000000");
        event.setRegion("us-east-1");
        event.setTime(new DateTime(Instant.now().toEpochMilli()));
        event.setResources(List.of("arn:aws:events:us-east-1:000000000000:rule/" + trigger.functionLogicalId() + "-"
                + trigger.eventId()));
        event.setDetail(new HashMap<>());
        ObjectNode line = Json.object().put("time", Instant.now().toString()).put("component", "schedules")
                .put("function", trigger.functionLogicalId()).put("event", trigger.eventId());
        try {
            functions.invokeForJson(trigger.functionLogicalId(), event, ScheduledEvent.class);
            return true;
        } catch (RuntimeException e) {
            System.err.println(line.put("action", "failed").put("error", e.getClass().getSimpleName()));
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
