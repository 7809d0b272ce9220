package io.callvault.lifecycle.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Run and page items on DynamoDB Local (the control table of template.yaml): every move happens once. */
class LifecycleRunsTest {
    static final StandInStack STACK = StandInStack.shared();
    final LifecycleRuns runs = new LifecycleRuns(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC());
    final String ccid = UUID.randomUUID().toString();
    final String runId = RunIds.of(ccid, "/", "R", Instant.parse("2026-11-22T02:00:00Z"));

    LifecycleRuns.Run created() {
        assertThat(runs.create(ccid, runId, "R", "/", Json.object().put("enabled", true), "us",
                Instant.parse("2026-11-22T02:00:00Z"), "API", "ops")).isTrue();
        return runs.require(ccid, runId);
    }

    @Test
    void aRunIsCreatedOnceAndAFailedRunIsResumedOnce() {
        LifecycleRuns.Run run = created();
        assertThat(runs.create(ccid, runId, "R", "/", Json.object(), "us", Instant.now(), "SCHEDULE", "x")).isFalse();
        assertThat(run.status()).isEqualTo(LifecycleRuns.Status.RUNNING);
        assertThat(runs.resume(ccid, runId, 1)).as("a running run is not resumed").isFalse();
        runs.finish(ccid, runId, LifecycleRuns.Status.FAILED, "boom");
        runs.finish(ccid, runId, LifecycleRuns.Status.SUCCEEDED, null); // an ended run keeps its status
        assertThat(runs.require(ccid, runId).status()).isEqualTo(LifecycleRuns.Status.FAILED);
        assertThat(runs.resume(ccid, runId, 1)).isTrue();
        assertThat(runs.resume(ccid, runId, 1)).as("two operators, one resume").isFalse();
        LifecycleRuns.Run resumed = runs.require(ccid, runId);
        assertThat(resumed.attempt()).isEqualTo(2);
        assertThat(resumed.lastError()).isNull();
    }

    @Test
    void aPageOpensOnceAndEachStepCountsOnce() {
        LifecycleRuns.Run run = created();
        assertThat(runs.openPage(run, RecordingKind.CALL, List.of("a", "b", "c"), "[1,\"c\"]")).isTrue();
        assertThat(runs.openPage(run, RecordingKind.CALL, List.of("x"), "[2,\"x\"]")).as("a stale run item loses").isFalse();
        run = runs.require(ccid, runId);
        assertThat(run.openPage()).isEqualTo(LifecycleRuns.pageKey(0, 1));
        assertThat(run.cursor()).isEqualTo("[1,\"c\"]");
        assertThat(run.counts().get(RunCounts.SELECTED)).isEqualTo(3);
        LifecycleRuns.Page page = runs.page(ccid, runId, run.openPage()).orElseThrow();
        assertThat(page.ids()).containsExactly("a", "b", "c");

        Map<String, RecordingOutcome> backup = new LinkedHashMap<>();
        backup.put("a", RecordingOutcome.of(RecordingOutcome.Status.BACKED_UP));
        backup.put("b", RecordingOutcome.failed("media object missing: k"));
        backup.put("c", RecordingOutcome.of(RecordingOutcome.Status.SKIPPED_OUT_OF_WINDOW));
        assertThat(runs.finishStep(run, page, LifecycleRuns.Step.BACKUP, backup, Map.of("a", List.of("s1")), false, "backup")).isTrue();
        assertThat(runs.finishStep(run, page, LifecycleRuns.Step.BACKUP, backup, Map.of(), false, "backup"))
                .as("a retried step adds nothing").isFalse();

        runs.recordProgress(run, page.key(), LifecycleRuns.Step.PURGE, Map.of("a", RecordingOutcome.of(RecordingOutcome.Status.PURGING)));
        page = runs.page(ccid, runId, page.key()).orElseThrow();
        assertThat(page.backupDone()).isTrue();
        assertThat(page.archivedScreens()).containsEntry("a", List.of("s1"));
        assertThat(page.purge()).containsEntry("a", RecordingOutcome.of(RecordingOutcome.Status.PURGING));
        assertThat(runs.finishStep(run, page, LifecycleRuns.Step.PURGE, Map.of("a", RecordingOutcome.of(RecordingOutcome.Status.PURGED),
                "b", RecordingOutcome.of(RecordingOutcome.Status.SKIPPED_BACKUP_INCOMPLETE)), Map.of(), true, "purge")).isTrue();

        LifecycleRuns.Run after = runs.require(ccid, runId);
        assertThat(after.openPage()).isNull();
        assertThat(after.counts()).containsEntry(RunCounts.BACKED_UP, 1L).containsEntry(RunCounts.FAILED, 1L)
                .containsEntry(RunCounts.SKIPPED_OUT_OF_WINDOW, 1L).containsEntry(RunCounts.PURGED, 1L)
                .containsEntry(RunCounts.SKIPPED_BACKUP_INCOMPLETE, 1L);
        assertThat(after.failuresTotal()).isEqualTo(1);
        assertThat(after.failures()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("b");
            assertThat(f.task()).isEqualTo("backup");
            assertThat(f.reason()).isEqualTo("media object missing: k");
        });
        runs.advancePass(after);
        assertThat(runs.require(ccid, runId).pass()).isEqualTo(1);
        assertThat(runs.require(ccid, runId).cursor()).isNull();
    }
}
