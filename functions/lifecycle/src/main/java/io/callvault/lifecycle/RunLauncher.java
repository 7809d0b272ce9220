package io.callvault.lifecycle;

import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.LifecycleRuleStore;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.run.RunIds;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the run of a rule for a scheduled time, once: the scheduler's tick and the runs API both come here. The run id
 * is derived from the rule and the time ({@link RunIds}), the run item is created conditionally, and the execution is
 * named after the run and its attempt, so a trigger that comes twice (EventBridge Scheduler delivers at least once, an
 * operator clicks twice) finds the run it started and starts nothing. A failed run is resumed, from where it stopped,
 * only when an operator asks (spec lifecycle.md §5.1: no stale purge runs by itself).
 */
public final class RunLauncher {
    public static final String TRIGGER_SCHEDULE = "SCHEDULE";
    public static final String TRIGGER_API = "API";

    private final LifecycleRuleStore rules;
    private final ContactCenterStore contactCenters;
    private final LifecycleRuns runs;
    private final SfnClient sfn;
    private final String stateMachineArn;

    public RunLauncher(LifecycleRuleStore rules, ContactCenterStore contactCenters, LifecycleRuns runs, SfnClient sfn,
                       String stateMachineArn) {
        this.rules = rules;
        this.contactCenters = contactCenters;
        this.runs = runs;
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    public enum Outcome {
        /** A new run, and its execution, started. */
        STARTED,
        /** The run of that rule and time exists already (running or ended); nothing new started. */
        EXISTING,
        /** The run had failed; it goes on from where it stopped, in a new execution. */
        RESUMED,
        /** A scheduled trigger of a rule that is disabled (a rule run through the API runs even when disabled). */
        DISABLED
    }

    public record Launch(Outcome outcome, String runId, Optional<LifecycleRuns.Run> run) {}

    /** No rule of that name at that location. */
    public static final class RuleNotFoundException extends RuntimeException {
        public RuleNotFoundException(String message) {
            super(message);
        }
    }

    public Launch launch(String ccid, String location, String ruleName, Instant scheduledTime, String trigger,
                         String requestedBy) {
        LifecycleRule rule = rules.find(ccid, ruleName, location).map(LifecycleRuleStore.StoredRule::rule)
                .orElseThrow(() -> new RuleNotFoundException("no lifecycle rule " + ruleName + " at location " + location
                        + " in contact center " + ccid));
        String runId = RunIds.of(ccid, location, ruleName, scheduledTime);
        if (TRIGGER_SCHEDULE.equals(trigger) && !rule.enabled()) {
            return new Launch(Outcome.DISABLED, runId, runs.find(ccid, runId));
        }
        String region = rule.region() != null ? rule.region()
                : contactCenters.find(ccid).map(ContactCenter::region).filter(r -> r != null && !r.isBlank())
                .orElseThrow(() -> new IllegalStateException("contact center " + ccid + " has no region, and rule "
                        + ruleName + " names none"));
        boolean created = runs.create(ccid, runId, ruleName, location, LifecycleRuleCodec.write(rule), region,
                scheduledTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), trigger, requestedBy);
        LifecycleRuns.Run run = runs.require(ccid, runId);
        if (created) {
            startExecution(run);
            return new Launch(Outcome.STARTED, runId, Optional.of(runs.require(ccid, runId)));
        }
        if (run.status() == LifecycleRuns.Status.FAILED && TRIGGER_API.equals(trigger)
                && runs.resume(ccid, runId, run.attempt())) {
            startExecution(runs.require(ccid, runId));
            return new Launch(Outcome.RESUMED, runId, Optional.of(runs.require(ccid, runId)));
        }
        if (run.status() == LifecycleRuns.Status.RUNNING) {
            // The first trigger may have died between the run item and its execution: make sure the execution exists.
            startExecution(run);
        }
        return new Launch(Outcome.EXISTING, runId, Optional.of(runs.require(ccid, runId)));
    }

    /** Starts the run's execution for its attempt; one that exists already is the one we want. */
    private void startExecution(LifecycleRuns.Run run) {
        String input = Json.write(Json.object().put("contactCenterId", run.ccid()).put("runId", run.runId()));
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                    .name(RunIds.executionName(run.runId(), run.attempt())).input(input));
        } catch (ExecutionAlreadyExistsException exists) {
            // Started by an earlier trigger.
        }
    }

    /**
     * Hands a long run over to a new execution of the same attempt, named after the page it starts from, so the old
     * execution can end before its history grows too long. The state machine passes its own ARN (a function that
     * named it in its environment would make the template circular).
     */
    public static void handOver(SfnClient sfn, String stateMachineArn, LifecycleRuns.Run run) {
        String input = Json.write(Json.object().put("contactCenterId", run.ccid()).put("runId", run.runId()));
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                    .name(RunIds.executionName(run.runId(), run.attempt()) + "-p" + run.pageSeq()).input(input));
        } catch (ExecutionAlreadyExistsException exists) {
            // A retried hand-over.
        }
    }
}
