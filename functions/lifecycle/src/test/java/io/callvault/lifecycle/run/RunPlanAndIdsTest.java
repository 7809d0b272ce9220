package io.callvault.lifecycle.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.core.lifecycle.TaskType;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPlanAndIdsTest {
    static final RecordingFilter OLD = new RecordingFilter(FilterType.VOICE, 365, null, null, List.of(), List.of());
    static final RecordingFilter DAILY = new RecordingFilter(FilterType.VOICE, 1, 2, null, List.of(), List.of());

    @Test
    void aBackupAndItsPurgeAreOnePassAndOtherFiltersArePassesOfTheirOwn() {
        LifecycleRule rule = new LifecycleRule(true, LocalTime.of(2, 0), null, List.of(
                new LifecycleTask(TaskType.BACKUP, DAILY, "s3://a/daily", true),
                new LifecycleTask(TaskType.BACKUP, OLD, "s3://a/old", true),
                new LifecycleTask(TaskType.PURGE, OLD, null, true)));
        RunPlan plan = RunPlan.of(rule);
        assertThat(plan.passes()).hasSize(2);
        assertThat(plan.passes().get(0).backsUp()).isTrue();
        assertThat(plan.passes().get(0).purges()).isFalse();
        assertThat(plan.passes().get(1).filter()).isEqualTo(OLD);
        assertThat(plan.passes().get(1).tasks()).extracting(LifecycleTask::type).containsExactly(TaskType.BACKUP, TaskType.PURGE);
        assertThat(plan.passes().get(1).includeScreens(TaskType.PURGE)).isTrue();
    }

    @Test
    void aRunIdIsTheRuleAtItsScheduledSecond() {
        Instant at = Instant.parse("2026-11-22T02:00:00.700Z");
        String id = RunIds.of("cc1", "/", "Backup and Purge", at);
        assertThat(id).startsWith("20261122T020000Z-").matches(RunIds::isRunId);
        assertThat(RunIds.of("cc1", "/", "Backup and Purge", Instant.parse("2026-11-22T02:00:00Z"))).isEqualTo(id);
        assertThat(RunIds.of("cc2", "/", "Backup and Purge", at)).isNotEqualTo(id);
        assertThat(RunIds.of("cc1", "/US", "Backup and Purge", at)).isNotEqualTo(id);
        assertThat(RunIds.of("cc1", "/", "Backup and purge", at)).isNotEqualTo(id);
        assertThat(RunIds.of("cc1", "/", "Backup and Purge", at.plusSeconds(1))).isNotEqualTo(id);
        assertThat(RunIds.executionName(id, 12)).matches("[A-Za-z0-9_-]{1,80}");
        assertThat(RunIds.isRunId("../../etc")).isFalse();
        assertThat(RunIds.isRunId(null)).isFalse();
    }

    @Test
    void outcomesKeepTheirReasonShortAndPrintable() {
        RecordingOutcome failed = RecordingOutcome.failed("media object missing:\n" + "x".repeat(1000));
        assertThat(failed.reason()).doesNotContain("\n").hasSizeLessThanOrEqualTo(303);
        assertThat(RecordingOutcome.decode(failed.encode())).isEqualTo(failed);
        assertThat(RecordingOutcome.decode("PURGED")).isEqualTo(RecordingOutcome.of(RecordingOutcome.Status.PURGED));
        assertThat(RecordingOutcome.Status.PURGING.count()).isNull();
    }
}
