package io.callvault.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.RecordingKind;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.run.LifecycleRuns.Run;
import io.callvault.lifecycle.run.RunCounts;
import java.time.format.DateTimeFormatter;

/**
 * A run's start and end, as the state machine's StartRun, FinishRun and RecordRunFailure tasks ask for them, and the
 * run as the runs API shows it. Only the run store and metrics: the function that runs these builds no search, S3 or
 * archive client.
 */
public final class RunReports {
    private final LifecycleRuns runs;
    private final Metrics metrics;

    public RunReports(LifecycleRuns runs, Metrics metrics) {
        this.runs = runs;
        this.metrics = metrics;
    }

    /** StartRun: whether the run still has work, when it may begin (its scheduled time), and where this execution starts. */
    public ObjectNode start(String ccid, String runId) {
        Run run = runs.require(ccid, runId);
        ObjectNode out = Json.object().put("ended", run.status() != LifecycleRuns.Status.RUNNING)
                .put("status", run.status().name())
                .put("startAt", DateTimeFormatter.ISO_INSTANT.format(run.scheduledTime()))
                .put("pageSeqAtStart", run.pageSeq());
        return out;
    }

    /** FinishRun: the run's final status from its counts, metrics, and the guide's completion line. */
    public ObjectNode finish(String ccid, String runId) {
        Run run = runs.require(ccid, runId);
        long failed = run.counts().getOrDefault(RunCounts.FAILED, 0L);
        LifecycleRuns.Status status = failed > 0 ? LifecycleRuns.Status.COMPLETED_WITH_FAILURES : LifecycleRuns.Status.SUCCEEDED;
        if (run.status() == LifecycleRuns.Status.RUNNING) {
            runs.finish(ccid, runId, status, failed > 0 ? failed + " recordings failed; see failures" : null);
            report(run, status, failed);
        }
        return view(runs.require(ccid, runId));
    }

    /** RecordRunFailure: the execution failed for good; the run can be resumed by the runs API. */
    public ObjectNode fail(String ccid, String runId, String error, String cause) {
        Run run = runs.require(ccid, runId);
        if (run.status() == LifecycleRuns.Status.RUNNING) {
            String detail = error + (cause == null || cause.isBlank() ? "" : ": " + cause);
            runs.finish(ccid, runId, LifecycleRuns.Status.FAILED, detail);
            report(run, LifecycleRuns.Status.FAILED, run.counts().getOrDefault(RunCounts.FAILED, 0L));
        }
        return view(runs.require(ccid, runId));
    }

    private void report(Run run, LifecycleRuns.Status status, long failedRecordings) {
        long purged = run.counts().getOrDefault(RunCounts.PURGED, 0L);
        if (purged > 0) {
            metrics.count(Metrics.LIFECYCLE_RECORDINGS_PURGED, run.ccid(), purged);
        }
        if (failedRecordings > 0) {
            metrics.count(Metrics.LIFECYCLE_RECORDINGS_FAILED, run.ccid(), failedRecordings);
        }
        if (status != LifecycleRuns.Status.SUCCEEDED) {
            metrics.count(Metrics.LIFECYCLE_RUN_FAILED, run.ccid());
        }
        // The guide's completion line (L13588-L13590), with the outcome.
        System.out.println(Json.write(Json.object().put("event", "lifecycle-run").put("ccid", run.ccid())
                .put("runId", run.runId()).put("status", status.name())
                .put("message", "Scheduled rule [" + run.ruleName() + "] at location [" + run.location() + "] completed")));
    }

    /** A run as the runs API and the execution's output show it. */
    public static ObjectNode view(Run run) {
        ObjectNode v = Json.object().put("runId", run.runId()).put("rule", run.ruleName()).put("location", run.location())
                .put("region", run.region())
                .put("scheduledTime", DateTimeFormatter.ISO_INSTANT.format(run.scheduledTime()))
                .put("trigger", run.trigger()).put("status", run.status().name()).put("attempt", run.attempt());
        if (run.requestedBy() != null) {
            v.put("requestedBy", run.requestedBy());
        }
        ObjectNode progress = v.putObject("progress").put("pass", run.pass()).put("pages", run.pageSeq());
        if (run.openPage() != null) {
            progress.put("openPage", run.openPage());
        }
        ObjectNode counts = v.putObject("counts");
        run.counts().forEach(counts::put);
        v.put("failuresTotal", run.failuresTotal());
        var failures = v.putArray("failures");
        for (LifecycleRuns.Failure f : run.failures()) {
            failures.addObject().put("id", f.id()).put("type", f.kind().equals(RecordingKind.CALL.name())
                    ? "call-recording" : "screen-recording").put("task", f.task()).put("reason", f.reason());
        }
        v.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(run.createdAt()));
        v.put("updatedAt", DateTimeFormatter.ISO_INSTANT.format(run.updatedAt()));
        if (run.finishedAt() != null) {
            v.put("finishedAt", DateTimeFormatter.ISO_INSTANT.format(run.finishedAt()));
        }
        if (run.lastError() != null) {
            v.put("lastError", run.lastError());
        }
        v.set("ruleAsRun", run.rule());
        return v;
    }
}
