package io.callvault.core.lifecycle;

import java.time.LocalTime;
import java.util.List;

/**
 * A lifecycle rule: one setting of the tenant's {@code gir-scheduler} group. Its setting name is the rule's name
 * and its setting location the node path of the stacks that run it (exact match, L34208-L34227).
 *
 * @param repeatDailyAt the UTC time of day it runs ("Repeat Daily At", L32336), to the second
 * @param region        the recordings' {@code region} it acts on (L13605); null means the contact center's region
 * @param tasks         in order; validated: at most one purge, purge last, a purge's filter equal to the backups'
 */
public record LifecycleRule(boolean enabled, LocalTime repeatDailyAt, String region, List<LifecycleTask> tasks) {
    public LifecycleRule {
        tasks = List.copyOf(tasks);
    }
}
