package io.callvault.lifecycle.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.core.lifecycle.TaskType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The archive folder's name and place (spec lifecycle.md §1.6): no stand-ins needed. */
class ArchiveFolderTest {
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    @Test
    void nameIsEnvironmentTypeMaxThenMinAndTheScheduledTimeInUtc() {
        ArchiveFolder folder = ArchiveFolder.of(null, "archive", FilterType.VOICE, 2, 1, T0);
        assertThat(folder.bucket()).isEqualTo("archive");
        assertThat(folder.prefix()).isEmpty();
        assertThat(folder.name()).isEqualTo("Environment-voice-2-1-20261122020000");
        assertThat(folder.keyPrefix()).isEqualTo("Environment-voice-2-1-20261122020000/");
        assertThat(folder.uri()).isEqualTo("s3://archive/Environment-voice-2-1-20261122020000/");
    }

    @Test
    void anAgeThatIsNotSetIsZeroAndMaxComesBeforeMin() {
        assertThat(ArchiveFolder.of(null, "archive", FilterType.VOICE, null, 365, T0).name())
                .isEqualTo("Environment-voice-0-365-20261122020000");
        assertThat(ArchiveFolder.of(null, "archive", FilterType.SCREEN, 30, 0, T0).name())
                .isEqualTo("Environment-screen-30-0-20261122020000");
    }

    @Test
    void theTimeIsUtcToTheSecondWithMillisecondsDropped() {
        Instant t0 = Instant.parse("2026-01-05T23:04:09.987Z");
        assertThat(ArchiveFolder.of(null, "archive", FilterType.VOICE, 2, 1, t0).name())
                .isEqualTo("Environment-voice-2-1-20260105230409");
    }

    @Test
    void theSameRunGivesTheSameFolder() {
        assertThat(ArchiveFolder.of("s3://backups/x", "archive", FilterType.VOICE, 2, 1, T0))
                .isEqualTo(ArchiveFolder.of("s3://backups/x", "archive", FilterType.VOICE, 2, 1, T0));
    }

    @Test
    void aLocationNamesTheBucketAndAPrefix() {
        ArchiveFolder folder = ArchiveFolder.of("s3://backups/voice/daily/", "archive", FilterType.VOICE, 2, 1, T0);
        assertThat(folder.bucket()).isEqualTo("backups");
        assertThat(folder.prefix()).isEqualTo("voice/daily");
        assertThat(folder.keyPrefix()).isEqualTo("voice/daily/Environment-voice-2-1-20261122020000/");

        ArchiveFolder bare = ArchiveFolder.of("s3://backups", "archive", FilterType.VOICE, 2, 1, T0);
        assertThat(bare.bucket()).isEqualTo("backups");
        assertThat(bare.keyPrefix()).isEqualTo("Environment-voice-2-1-20261122020000/");
        assertThat(ArchiveFolder.of("s3://backups/", "archive", FilterType.VOICE, 2, 1, T0)).isEqualTo(bare);
        assertThat(ArchiveFolder.of("  ", "archive", FilterType.VOICE, 2, 1, T0).bucket()).isEqualTo("archive");
    }

    @Test
    void aLocationThatIsNotAPlainS3PlaceIsRefused() {
        for (String bad : List.of("file://BackUpStorageFolderforVoiceRecordings", "s3://", "s3://Upper/x",
                "s3://backups/a/../b", "s3://backups/a//b", "s3://backups/a b", "https://backups.s3.amazonaws.com/x",
                "s3://ab", "s3://backups/" + "x".repeat(300))) {
            assertThatThrownBy(() -> ArchiveFolder.of(bad, "archive", FilterType.VOICE, 2, 1, T0))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTaskGivesItsFolder() {
        LifecycleTask task = new LifecycleTask(TaskType.BACKUP,
                new RecordingFilter(FilterType.VOICE, 365, null, null, List.of(), List.of()), "s3://backups/mlm", true);
        assertThat(ArchiveFolder.of(task, "archive", T0).keyPrefix())
                .isEqualTo("mlm/Environment-voice-0-365-20261122020000/");
    }
}
