package io.callvault.core.lifecycle;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The control table's sparse {@value #NAME}: every enabled lifecycle rule, by the location (node path) that runs it
 * and the minute of the day it runs at, across contact centers. A scheduler tick for one stack's node path reads one
 * partition per minute. A disabled rule carries no index keys, so it is not in the index at all.
 *
 * <ul>
 *   <li>{@value #PARTITION} = {@code LIFECYCLE#{location}#{HH:MM}}, the minute of {@code repeatDailyAt} (UTC);</li>
 *   <li>{@value #SORT} = {@code {ccid}#{rule name}} (neither may contain {@code #}).</li>
 * </ul>
 */
public final class ScheduleIndex {
    public static final String NAME = "ScheduleIndex";
    public static final String PARTITION = "SCHED_PK";
    public static final String SORT = "SCHED_SK";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private ScheduleIndex() {}

    /** The index partition of the rules at {@code location} that run in the minute of {@code time} (seconds ignored). */
    public static String partition(String location, LocalTime time) {
        return "LIFECYCLE#" + location + "#" + HH_MM.format(time);
    }

    public static String sort(String ccid, String ruleName) {
        return ccid + "#" + ruleName;
    }

    /** The contact center of a {@value #SORT} value. */
    public static String ccidOf(String sort) {
        int hash = sort.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("not a " + SORT + " value: " + sort);
        }
        return sort.substring(0, hash);
    }

    /**
     * The index attributes a stored rule carries: both keys when it is enabled, none when it is disabled (a write
     * replaces the whole item, so disabling a rule takes it out of the index).
     */
    public static Map<String, String> attributes(String ccid, String name, String location, LifecycleRule rule) {
        if (!rule.enabled()) {
            return Map.of();
        }
        return Map.of(PARTITION, partition(location, rule.repeatDailyAt()), SORT, sort(ccid, name));
    }
}
