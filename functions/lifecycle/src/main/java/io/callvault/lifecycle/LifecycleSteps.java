package io.callvault.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.AgeWindow;
import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.TaskType;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.lifecycle.purge.RecordingPurger;
import io.callvault.lifecycle.run.LifecycleRuns.Page;
import io.callvault.lifecycle.run.LifecycleRuns.Run;
import io.callvault.lifecycle.run.LifecycleRuns.Step;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.run.RecordingOutcome.Status;
import io.callvault.lifecycle.run.RecordingOutcome;
import io.callvault.lifecycle.run.RunPlan;
import io.callvault.lifecycle.select.CandidateSelector;
import io.callvault.search.RecordingRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The page tasks of {@code statemachines/lifecycle.asl.json}, as plain Java: select a page, back it up, purge it (the
 * run's start and end are {@link RunReports}). Each works from the run and page items ({@link LifecycleRuns}) and stores what it did
 * before it answers, so Step Functions may retry any of them, or a new execution resume the run, at any point.
 * Recordings of a page are handled in parallel on {@code workers} (S3 and DynamoDB calls wait on the network).
 */
public final class LifecycleSteps {
    private final LifecycleRuns runs;
    private final CandidateSelector selector;
    private final RecordingStore recordings;
    private final RecordingBackup backup;
    private final RecordingPurger purger;
    private final ExecutorService workers;
    private final int pageSize;
    private final int pagesPerExecution;

    public LifecycleSteps(LifecycleRuns runs, CandidateSelector selector, RecordingStore recordings, RecordingBackup backup,
                          RecordingPurger purger, ExecutorService workers, int pageSize,
                          int pagesPerExecution) {
        this.runs = runs;
        this.selector = selector;
        this.recordings = recordings;
        this.backup = backup;
        this.purger = purger;
        this.workers = workers;
        this.pageSize = pageSize;
        this.pagesPerExecution = pagesPerExecution;
    }

    /**
     * SelectPage: the open page if it still has a step to do, else the next page of candidates of the current pass (the
     * next pass when this one has no more), else {@code finished}. After {@code pagesPerExecution} pages the execution
     * hands over to a new one ({@code continueAsNew}), so no execution's history grows without bound.
     */
    public ObjectNode select(String ccid, String runId, int pageSeqAtStart) {
        while (true) {
            Run run = runs.require(ccid, runId);
            if (run.status() != LifecycleRuns.Status.RUNNING) {
                return finished();
            }
            RunPlan plan = RunPlan.of(rule(run));
            if (run.openPage() != null) {
                Page page = runs.page(ccid, runId, run.openPage()).orElseThrow();
                RunPlan.Pass pass = plan.passes().get(page.pass());
                boolean backupLeft = pass.backsUp() && !page.backupDone();
                boolean purgeLeft = pass.purges() && !page.purgeDone();
                if (backupLeft || purgeLeft) {
                    return pageAnswer(page, backupLeft, purgeLeft);
                }
                runs.closePage(run, page.key());
                continue;
            }
            if (run.pass() >= plan.passes().size()) {
                return finished();
            }
            if (run.pageSeq() - pageSeqAtStart >= pagesPerExecution) {
                return Json.object().put("finished", false).put("continueAsNew", true).put("backup", false)
                        .put("purge", false);
            }
            RunPlan.Pass pass = plan.passes().get(run.pass());
            AgeWindow window = pass.filter().window(run.scheduledTime());
            CandidateSelector.Page found = selector.next(ccid, run.region(), pass.filter(), window, run.cursor(), pageSize);
            if (found.ids().isEmpty()) {
                runs.advancePass(run);
                continue;
            }
            if (runs.openPage(run, pass.filter().type().kind(), found.ids(), found.cursorAfter())) {
                FaultPoints.hit("select.afterOpen");
            }
            // Read again: the page this call (or a concurrent retry) opened is answered from the run item.
        }
    }

    /** Every field the state machine's Choice reads is always there (a missing path is an error in a Choice). */
    private static ObjectNode pageAnswer(Page page, boolean backupLeft, boolean purgeLeft) {
        return Json.object().put("finished", false).put("continueAsNew", false).put("page", page.key())
                .put("recordings", page.ids().size()).put("backup", backupLeft).put("purge", purgeLeft);
    }

    private static ObjectNode finished() {
        return Json.object().put("finished", true).put("continueAsNew", false).put("backup", false).put("purge", false);
    }

    /** BackupPage: each recording of the page, checked against the table, archived by every backup task of the pass. */
    public ObjectNode backup(String ccid, String runId, String pageKey) {
        Run run = runs.require(ccid, runId);
        Page page = runs.page(ccid, runId, pageKey).orElseThrow();
        if (page.backupDone()) {
            return summary(page, Step.BACKUP, page.backup());
        }
        RunPlan.Pass pass = RunPlan.of(rule(run)).passes().get(page.pass());
        AgeWindow window = pass.filter().window(run.scheduledTime());
        Map<String, List<String>> screens = new ConcurrentHashMap<>();
        Map<String, RecordingOutcome> outcomes = forEach(page.ids(), id -> {
            Optional<StoredRecording> stored = recordings.find(ccid, page.kind(), id);
            RecordingOutcome refused = stillSelected(run, pass, window, stored);
            if (refused != null) {
                return refused;
            }
            List<String> archivedScreens = new ArrayList<>();
            for (LifecycleTask task : pass.backups()) {
                RecordingBackup.Result result = backup.archive(task, run.scheduledTime(), ccid, page.kind(), id);
                if (!result.completed()) {
                    return RecordingOutcome.failed("backup: " + result.reason());
                }
                archivedScreens.addAll(result.screenIds());
            }
            screens.put(id, archivedScreens.stream().distinct().toList());
            return RecordingOutcome.of(Status.BACKED_UP);
        });
        FaultPoints.hit("backup.beforeFinish");
        runs.finishStep(run, page, Step.BACKUP, outcomes, screens, !pass.purges(), TaskType.BACKUP.wireName());
        FaultPoints.hit("backup.afterFinish");
        return summary(page, Step.BACKUP, outcomes);
    }

    /** Whether a candidate is still what the pass selects, by the table (the index only proposed it). */
    private static RecordingOutcome stillSelected(Run run, RunPlan.Pass pass, AgeWindow window,
                                                  Optional<StoredRecording> stored) {
        if (stored.isEmpty() || stored.get().deleting()) {
            return RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "no longer stored");
        }
        var r = stored.get().recording();
        if (!run.region().equals(r.region())) {
            return RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "region is now " + r.region());
        }
        if (!window.contains(r.startTime())) {
            return RecordingOutcome.of(Status.SKIPPED_OUT_OF_WINDOW);
        }
        if (!pass.filter().matches(r.labels(), r.callType())) {
            return RecordingOutcome.skipped(Status.SKIPPED_CHANGED, "labels or call type no longer match the rule");
        }
        return null;
    }

    /**
     * PurgePage: tombstone, tell the receiver and delete the media of each recording (recorded as {@code PURGING}), drop
     * their index documents in one request, then delete their items. A retry finishes what is {@code PURGING}.
     */
    public ObjectNode purge(String ccid, String runId, String pageKey) {
        Run run = runs.require(ccid, runId);
        Page page = runs.page(ccid, runId, pageKey).orElseThrow();
        if (page.purgeDone()) {
            return summary(page, Step.PURGE, page.purge());
        }
        RunPlan.Pass pass = RunPlan.of(rule(run)).passes().get(page.pass());
        AgeWindow window = pass.filter().window(run.scheduledTime());
        boolean includeScreens = pass.includeScreens(TaskType.PURGE);
        Map<String, RecordingPurger.Request> requests = new LinkedHashMap<>();
        for (String id : page.ids()) {
            RecordingOutcome backedUp = page.backup().get(id);
            requests.put(id, new RecordingPurger.Request(ccid, page.kind(), id, run.region(), pass.filter(), window,
                    includeScreens, pass.backsUp(), backedUp != null && backedUp.status() == Status.BACKED_UP,
                    page.archivedScreens().getOrDefault(id, List.of()), runId, run.ruleName()));
        }
        Map<String, List<RecordingRef>> tombstoned = new ConcurrentHashMap<>();
        Map<String, String> notes = new ConcurrentHashMap<>();
        Map<String, RecordingOutcome> outcomes = new LinkedHashMap<>(forEach(page.ids(), id -> {
            RecordingPurger.Request request = requests.get(id);
            RecordingOutcome before = page.purge().get(id);
            if (before != null && before.status() == Status.PURGING) {
                List<RecordingRef> left = purger.remaining(request);
                if (left.isEmpty()) {
                    return RecordingOutcome.of(Status.PURGED); // this run purged it; the step died before saying so
                }
                tombstoned.put(id, left);
                return before;
            }
            try {
                RecordingPurger.Begun begun = purger.begin(request);
                if (begun.outcome().status() == Status.PURGING) {
                    tombstoned.put(id, begun.tombstoned());
                    if (begun.note() != null) {
                        notes.put(id, begun.note());
                    }
                }
                return begun.outcome();
            } catch (RecordingPurger.ReceiverNotToldException e) {
                return RecordingOutcome.failed(e.getMessage());
            }
        }));
        Map<String, RecordingOutcome> purging = new LinkedHashMap<>();
        outcomes.forEach((id, o) -> {
            if (o.status() == Status.PURGING) {
                purging.put(id, o);
            }
        });
        runs.recordProgress(run, page.key(), Step.PURGE, purging);
        FaultPoints.hit("purge.afterTombstones");
        purger.removeFromIndex(tombstoned.values().stream().flatMap(List::stream).toList());
        FaultPoints.hit("purge.afterIndex");
        Map<String, RecordingOutcome> completed = forEach(new ArrayList<>(tombstoned.keySet()), id ->
                purger.complete(requests.get(id), tombstoned.get(id), notes.get(id)));
        outcomes.putAll(completed);
        FaultPoints.hit("purge.beforeFinish");
        runs.finishStep(run, page, Step.PURGE, outcomes, Map.of(), true, TaskType.PURGE.wireName());
        FaultPoints.hit("purge.afterFinish");
        return summary(page, Step.PURGE, outcomes);
    }

    private static ObjectNode summary(Page page, Step step, Map<String, RecordingOutcome> outcomes) {
        ObjectNode out = Json.object().put("page", page.key()).put("step", step.name().toLowerCase());
        ObjectNode counts = out.putObject("outcomes");
        outcomes.values().forEach(o -> counts.put(o.status().name(), counts.path(o.status().name()).asInt(0) + 1));
        return out;
    }

    private static LifecycleRule rule(Run run) {
        return LifecycleRuleCodec.parse("rule", run.rule());
    }

    /** Runs {@code work} for every id on the workers; an unexpected failure of one fails the step (it is retried). */
    private Map<String, RecordingOutcome> forEach(List<String> ids, Function<String, RecordingOutcome> work) {
        Map<String, Future<RecordingOutcome>> futures = new LinkedHashMap<>();
        for (String id : ids) {
            futures.put(id, workers.submit(() -> work.apply(id)));
        }
        Map<String, RecordingOutcome> out = new LinkedHashMap<>();
        RuntimeException first = null;
        for (var e : futures.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get());
            } catch (ExecutionException ex) {
                if (first == null) {
                    first = ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }
}
