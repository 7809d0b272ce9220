package io.callvault.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 event notifications for the local stand-ins, which have none (s3proxy answers 501, s3mock 409): the
 * buckets that trigger functions in template.yaml are listed every {@code intervalMillis}, and each new
 * or rewritten object (key, ETag and write time not seen before) becomes an {@code ObjectCreated:Put} event delivered
 * to the function, as S3 would. Delivery is at least once, like S3's: a failed invocation is retried on
 * the next pass.
 */
public final class S3NotificationPump implements AutoCloseable {
    private record Subscription(String bucket, String functionId) {}

    private final StandInStack stack;
    private final FunctionHost functions;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "s3-notifications");
        t.setDaemon(true);
        return t;
    });

    public S3NotificationPump(StandInStack stack, FunctionHost functions, long intervalMillis) {
        this.stack = stack;
        this.functions = functions;
        for (SamTemplate.Function f : stack.template().functions()) {
            for (SamTemplate.S3Trigger trigger : f.s3Triggers()) {
                if (trigger.events().stream().anyMatch(e -> e.startsWith("s3:ObjectCreated"))) {
                    subscriptions.add(new Subscription(stack.resourceName(trigger.bucketLogicalId()), f.logicalId()));
                }
            }
        }
        if (!subscriptions.isEmpty()) {
            timer.scheduleWithFixedDelay(this::pass, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** One look at every subscribed bucket; public so tests can deliver without waiting for the timer. */
    public synchronized void pass() {
        for (Subscription s : subscriptions) {
            try {
                for (S3Object object : stack.s3().listObjectsV2Paginator(b -> b.bucket(s.bucket())).contents()) {
                    // A copy onto itself keeps the ETag, so the time of the write is part of what is new.
                    String id = s.bucket() + "/" + object.key() + "@" + object.eTag() + "@" + object.lastModified();
                    if (delivered.contains(id)) {
                        continue;
                    }
                    try {
                        functions.invoke(s.functionId(), event(s.bucket(), object), S3Event.class, Object.class);
                        delivered.add(id);
                    } catch (RuntimeException e) {
                        System.err.println("S3 notification of " + id + " to " + s.functionId() + " failed, will retry: " + e);
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("listing " + s.bucket() + " failed: " + e);
            }
        }
    }

    static S3Event event(String bucket, S3Object object) {
        var record = new S3EventNotification.S3EventNotificationRecord(
                "us-east-1", "ObjectCreated:Put", "aws:s3", Instant.now().toString(), "2.1",
                new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity("local", "local"),
                new S3EventNotification.S3Entity("local", new S3EventNotification.S3BucketEntity(bucket,
                        new S3EventNotification.UserIdentityEntity("local"), "arn:aws:s3:::" + bucket),
                        // S3 URL-encodes keys in notifications; consumers must decode them.
                        new S3EventNotification.S3ObjectEntity(urlEncode(object.key()), object.size(),
                                unquote(object.eTag()), null, Long.toHexString(System.nanoTime())),
                        "1.0"),
                new S3EventNotification.UserIdentityEntity("local"));
        return new S3Event(List.of(record));
    }

    private static String urlEncode(String key) {
        return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }


    @Override
    public void close() {
        timer.shutdownNow();
    }
}
