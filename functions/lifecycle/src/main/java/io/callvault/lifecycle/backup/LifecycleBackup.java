package io.callvault.lifecycle.backup;

import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.sfn.TransientStorageException;
import io.callvault.core.store.RecordingStore;
import io.callvault.lifecycle.RecordingBackup;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backup task's work on one recording, by the {@link RecordingArchiver}: the run's archive folder for the task, and
 * the archiver's result read as the steps need it. A failure that may pass (S3 throttling or 5xx after the SDK's own
 * retries) fails the whole step, which Step Functions retries; a failure that will not (a media object missing, access
 * denied, a bucket not allowed) fails only the recording, which is then not purged.
 */
public final class LifecycleBackup implements RecordingBackup {
    private final RecordingArchiver archiver;

    public LifecycleBackup(RecordingArchiver archiver) {
        this.archiver = archiver;
    }

    /** {@code MEDIA_BUCKET}, {@code ARCHIVE_BUCKET} (the default location), {@code BACKUP_BUCKETS} (comma-separated, optional). */
    public static LifecycleBackup from(FunctionEnvironment env, S3Client s3, RecordingStore recordings) {
        List<String> extra = env.get("BACKUP_BUCKETS").map(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(b -> !b.isEmpty()).toList()).orElse(List.of());
        return new LifecycleBackup(new RecordingArchiver(s3, recordings, env.require("MEDIA_BUCKET"),
                env.require("ARCHIVE_BUCKET"), extra));
    }

    @Override
    public Result archive(LifecycleTask task, Instant scheduledTime, String ccid, RecordingKind kind, String id) {
        ArchiveFolder folder;
        try {
            folder = archiver.folder(task, scheduledTime);
        } catch (IllegalArgumentException e) {
            return new Result(false, e.getMessage(), List.of());
        }
        ArchiveResult result = archiver.archive(folder, ccid, kind, id, task.executeOnScreenRecording());
        if (result.completed()) {
            List<String> screens = result.objects().stream().map(ArchiveResult.ArchivedObject::recordingId)
                    .filter(r -> !r.equals(id)).distinct().toList();
            return new Result(true, null, screens);
        }
        if (result.status() == ArchiveResult.Status.NOT_FOUND) {
            return new Result(false, "the recording is no longer stored", List.of());
        }
        if (result.retryable()) {
            throw new TransientStorageException("backup of " + id + " failed for now: " + result.reason(), null);
        }
        return new Result(false, result.reason(), List.of());
    }
}
