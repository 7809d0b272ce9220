package io.callvault.lifecycle;

import io.callvault.core.store.LifecycleRuleStore;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The rules due in one minute at this stack's node path, from the control table's {@code ScheduleIndex} (a rule's
 * setting item carries its minute of the day while it is enabled), each with the exact second it is for.
 */
public final class DueRules {
    private final LifecycleRuleStore rules;
    private final String nodePath;

    public DueRules(LifecycleRuleStore rules, String nodePath) {
        this.rules = rules;
        this.nodePath = nodePath;
    }

    public record Due(String ccid, String name, String location, Instant scheduledTime) {}

    public List<Due> dueIn(Instant scheduled) {
        Instant minute = scheduled.truncatedTo(ChronoUnit.MINUTES);
        LocalTime minuteOfDay = LocalTime.ofInstant(minute, ZoneOffset.UTC);
        return rules.dueAt(nodePath, minuteOfDay).stream()
                .map(r -> new Due(r.ccid(), r.name(), r.location(),
                        minute.plusSeconds(r.rule().repeatDailyAt().getSecond())))
                .toList();
    }
}
