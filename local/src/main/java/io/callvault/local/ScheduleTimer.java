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
 * Schedules of the template for the local runtime. A {@code Type: Schedule} event (EventBridge rule) fires its function
 * with a {@link ScheduledEvent} at its rate, the first time one period after start, as an EventBridge rule does. A
 * {@code Type: ScheduleV2} event (EventBridge Scheduler) fires at each multiple of its rate (every minute on the minute
 * for {@code rate(1 minute)}), with its {@code Input} and {@code <aws.scheduler.scheduled-time>} replaced by the time the
 * invocation is for, as Scheduler does. One thread; a run that throws is logged and the schedule goes on.
 * {@link #fireAll()} runs every schedule now, for tests and benchmarks; {@link #fire(String, Instant)} one ScheduleV2
 * for a given scheduled time.
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
                if (trigger.input() == null) {
                    timer.scheduleWithFixedDelay(() -> fire(trigger), period, period, TimeUnit.MILLISECONDS);
                } else {
                    // On the period's boundaries, each run for its own scheduled time, none skipped.
                    long now = System.currentTimeMillis();
                    long first = (now / period + 1) * period;
                    timer.scheduleAtFixedRate(() -> fire(trigger, Instant.ofEpochMilli(
                                    (System.currentTimeMillis() + period / 2) / period * period)),
                            first - now, period, TimeUnit.MILLISECONDS);
                }
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

    /**
     * Fires the ScheduleV2 schedules of {@code functionLogicalId} for {@code scheduledTime}, on the calling thread, as
     * Scheduler would at that time (and, called twice, as a Scheduler retry would); returns the functions' answers.
     */
    public List<String> fire(String functionLogicalId, Instant scheduledTime) {
        List<String> answers = new ArrayList<>();
        for (SamTemplate.ScheduleTrigger trigger : triggers) {
            if (trigger.functionLogicalId().equals(functionLogicalId) && trigger.input() != null) {
                answers.add(new String(functions.invokeJson(functionLogicalId, input(trigger, scheduledTime)),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no ScheduleV2 schedule of " + functionLogicalId + " in the template");
        }
        return answers;
    }

    private static byte[] input(SamTemplate.ScheduleTrigger trigger, Instant scheduledTime) {
        String time = scheduledTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return trigger.input().replace("<aws.scheduler.scheduled-time>", time)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private synchronized boolean fire(SamTemplate.ScheduleTrigger trigger, Instant scheduledTime) {
        ObjectNode line = Json.object().put("time", Instant.now().toString()).put("component", "schedules")
                .put("function", trigger.functionLogicalId()).put("event", trigger.eventId())
                .put("scheduledTime", scheduledTime.toString());
        try {
            functions.invokeJson(trigger.functionLogicalId(), input(trigger, scheduledTime));
            return true;
        } catch (RuntimeException e) {
            System.err.println(line.put("action", "failed").put("error", e.getClass().getSimpleName()));
            return false;
        }
    }

    private synchronized boolean fire(SamTemplate.ScheduleTrigger trigger) {
        if (trigger.input() != null) {
            return fire(trigger, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        }
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
