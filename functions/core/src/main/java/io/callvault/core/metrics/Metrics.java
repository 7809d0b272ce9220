package io.callvault.core.metrics;

import io.callvault.core.json.Json;
import java.time.Clock;

/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON line on stdout per data point, which Lambda
 * ships to CloudWatch Logs and CloudWatch turns into metrics (alarms in template.yaml read them). No SDK
 * call, no latency on the request path.
 */
public final class Metrics {
    public static final String NAMESPACE = "callvault";
    /** A recording's enrichment or analytics post given up on (past 40 days, or refused for good). */
    public static final String INTAKE_DEAD_LETTERED = "IntakeDeadLettered";
    /** A mediaId posted to one contact center was posted to another (spec intake.md §7.4.4: 409 and an alarm). */
    public static final String INTAKE_MEDIA_ID_OF_OTHER_TENANT = "IntakeMediaIdOfOtherTenant";
    /** A screen recording's mux failed for good in a run, or gave up waiting for its inputs (docs/mux.md). */
    public static final String MUX_FAILED = "MuxFailed";
    /** A lifecycle run failed, or finished with recordings it could not back up or purge (docs/lifecycle.md). */
    public static final String LIFECYCLE_RUN_FAILED = "LifecycleRunFailed";
    /** Recordings a lifecycle run could not back up or purge. */
    public static final String LIFECYCLE_RECORDINGS_FAILED = "LifecycleRecordingsFailed";
    /** Recordings a lifecycle run purged. */
    public static final String LIFECYCLE_RECORDINGS_PURGED = "LifecycleRecordingsPurged";
    private final Clock clock;

    public Metrics(Clock clock) {
        this.clock = clock;
    }

    /**
     * One count, per contact center and in the metric's total over all of them (the empty dimension set), which
     * is what an alarm watches.
     */
    public void count(String metric, String contactCenter) {
        count(metric, contactCenter, 1);
    }

    /** {@code value} counts at once (a run's purged recordings). */
    public void count(String metric, String contactCenter, long value) {
        var line = Json.object();
        var aws = line.putObject("_aws").put("Timestamp", clock.millis());
        var directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        var dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("ContactCenter");
        dimensions.addArray();
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        line.put("ContactCenter", contactCenter).put(metric, value);
        System.out.println(Json.write(line));
    }
}
