package io.callvault.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Stands in for the Lambda runtime in a fresh JVM: builds the handler with its no-arg constructor (the
 * environment points it at the parent's DynamoDB Local), invokes it once with an ingest event, and
 * prints the status the moment the response exists; the parent times the process up to that line.
 *
 * <p>Arguments: handler class, contact center id, recording id. Only the JDK and the Lambda event types
 * are used here, so both classpaths load the same driver code.
 */
public final class ColdStartDriver {
    public static final String STATUS_PREFIX = "status=";
    public static final String TIMINGS_PREFIX = "timings ";

    private ColdStartDriver() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.nanoTime();
        APIGatewayV2HTTPEvent event = IngestEvent.of(args[1], SampleRecording.json(args[2]));
        long invoked = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new DriverContext(UUID.randomUUID().toString()));
        long answered = System.nanoTime();
        long answeredAt = System.currentTimeMillis();
        System.out.println(STATUS_PREFIX + response.getStatusCode());
        System.out.flush();
        // Read after the status line: loading the management classes must not count against the handler.
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(TIMINGS_PREFIX + "jvmStartToResponseMs=" + (answeredAt - jvmStart)
                + " constructMs=" + millis(constructed - started)
                + " firstInvokeMs=" + millis(answered - invoked));
        if (response.getStatusCode() != 200) {
            System.out.println("body=" + response.getBody());
        }
        System.out.flush();
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
