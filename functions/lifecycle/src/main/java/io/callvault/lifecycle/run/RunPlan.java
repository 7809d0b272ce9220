package io.callvault.lifecycle.run;

import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.core.lifecycle.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * How a rule's ordered tasks are carried out: consecutive tasks with the same filter form one <em>pass</em>, which
 * selects its candidates once and, page by page, runs its tasks in order (backup, then purge). Validation makes a
 * purge share the backups' filter, so a backup-and-purge rule is one pass, and a recording is purged only after its
 * backup in the same page of the same run.
 */
public record RunPlan(List<Pass> passes) {
    public RunPlan {
        passes = List.copyOf(passes);
    }

    /** One selection and the tasks that act on it, in rule order. */
    public record Pass(RecordingFilter filter, List<LifecycleTask> tasks) {
        public Pass {
            tasks = List.copyOf(tasks);
        }

        public List<LifecycleTask> backups() {
            return tasks.stream().filter(t -> t.type() == TaskType.BACKUP).toList();
        }

        public boolean backsUp() {
            return !backups().isEmpty();
        }

        public boolean purges() {
            return tasks.stream().anyMatch(t -> t.type() == TaskType.PURGE);
        }

        /** Screen recordings of a selected call are acted on too (the guide's Include Screen Recordings). */
        public boolean includeScreens(TaskType type) {
            return tasks.stream().filter(t -> t.type() == type).anyMatch(LifecycleTask::executeOnScreenRecording);
        }
    }

    public static RunPlan of(LifecycleRule rule) {
        List<Pass> passes = new ArrayList<>();
        List<LifecycleTask> current = new ArrayList<>();
        for (LifecycleTask task : rule.tasks()) {
            if (!current.isEmpty() && !current.get(0).filter().equals(task.filter())) {
                passes.add(new Pass(current.get(0).filter(), current));
                current = new ArrayList<>();
            }
            current.add(task);
        }
        if (!current.isEmpty()) {
            passes.add(new Pass(current.get(0).filter(), current));
        }
        return new RunPlan(passes);
    }
}
