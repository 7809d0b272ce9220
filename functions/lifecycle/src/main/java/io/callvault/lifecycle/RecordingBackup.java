package io.callvault.lifecycle;

import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import java.util.List;

/** Backs up one recording for one backup task of a run (the archive writer behind it: docs/lifecycle.md, "Backup"). */
@FunctionalInterface
public interface RecordingBackup {
    /**
     * @param completed whether everything the recording has (metadata, every media file, its screens when included)
     *                  is in the archive and checked
     * @param reason    why not, when not
     * @param screenIds the call's screen recordings archived with it
     */
    record Result(boolean completed, String reason, List<String> screenIds) {
        public Result {
            screenIds = List.copyOf(screenIds);
        }
    }

    /** @param scheduledTime the run's scheduled time, which names the archive folder (so a retry writes the same keys) */
    Result archive(LifecycleTask task, Instant scheduledTime, String ccid, RecordingKind kind, String id);
}
