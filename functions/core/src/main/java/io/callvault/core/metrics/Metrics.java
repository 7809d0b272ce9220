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
    private final Clock clock;

    public Metrics(Clock clock) {
        this.clock = clock;
    }

    public void count(String metric, String contactCenter) {
        var line = Json.object();
        var aws = line.putObject("_aws").put("Timestamp", clock.millis());
        var directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("ContactCenter");
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        line.put("ContactCenter", contactCenter).put(metric, 1);
        System.out.println(Json.write(line));
    }
}
