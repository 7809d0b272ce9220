package io.callvault.local;

import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * callvault on one machine: the stand-ins with the template's tables and buckets (persisted in the data
 * dir, or in memory), every function hosted in this JVM, and the HTTP API with its JWT authorizer on one port.
 */
public final class LocalRuntime implements AutoCloseable {
    /** How often the buckets that trigger functions are looked at (S3 notifications are emulated). */
    static final long S3_NOTIFICATION_INTERVAL_MILLIS = 250;

    private final StandInStack stack;
    private final LocalApiGateway gateway;
    private final LocalIssuer issuer;
    private final S3NotificationPump notifications;

    private LocalRuntime(StandInStack stack, LocalApiGateway gateway, LocalIssuer issuer,
                         S3NotificationPump notifications) {
        this.stack = stack;
        this.gateway = gateway;
        this.issuer = issuer;
        this.notifications = notifications;
    }

    /**
     * @param dataDir where data and the signing key live; null keeps everything in memory (tests)
     * @param port    HTTP port; 0 picks a free one
     */
    public static LocalRuntime start(SamTemplate template, Path dataDir, int port, Clock clock) {
        StandInStack stack = StandInStack.start(template, dataDir);
        try {
            FunctionHost functions = new FunctionHost(stack);
            Path keyDir = dataDir != null ? dataDir : Files.createTempDirectory("callvault-keys");
            LocalIssuer issuer = LocalIssuer.inDataDir(keyDir, clock);
            JwtAuthorizer authorizer = new JwtAuthorizer(issuer.publicKey(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, clock);
            S3NotificationPump notifications = new S3NotificationPump(stack, functions, S3_NOTIFICATION_INTERVAL_MILLIS);
            return new LocalRuntime(stack, new LocalApiGateway(functions, authorizer, port), issuer, notifications);
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** Direct access to the stand-ins, for tests and benchmarks that check what was stored. */
    public DynamoDbClient dynamo() {
        return stack.dynamo();
    }

    public S3Client s3() {
        return stack.s3();
    }

    public StandInStack stack() {
        return stack;
    }

    /** The local name of a template resource (table or bucket), e.g. {@code MediaBucket}. */
    public String resourceName(String logicalId) {
        return stack.resourceName(logicalId);
    }

    /** Delivers pending S3 notifications now instead of at the next timer tick. */
    public void deliverS3Notifications() {
        notifications.pass();
    }

    @Override
    public void close() {
        notifications.close();
        gateway.close();
        stack.close();
    }
}
