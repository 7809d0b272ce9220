package io.callvault.standins;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * DynamoDB Local, s3proxy and a Secrets Manager stand-in, with the template's tables and buckets: what the local runtime runs on and
 * what every module's tests use. {@link #shared()} is one in-memory stack per test JVM.
 */
public final class StandInStack implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static StandInStack shared;

    private final SamTemplate template;
    private final DynamoDbLocal dynamoServer;
    private final S3Local s3Server;
    private final SecretsManagerLocal secretsServer;
    private final DynamoDbClient dynamo;
    private final S3Client s3;

    private StandInStack(SamTemplate template, DynamoDbLocal dynamoServer, S3Local s3Server,
                         SecretsManagerLocal secretsServer) {
        this.template = template;
        this.dynamoServer = dynamoServer;
        this.s3Server = s3Server;
        this.secretsServer = secretsServer;
        this.dynamo = DynamoDbClient.builder().endpointOverride(dynamoServer.endpoint()).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials()).build();
        this.s3 = S3Client.builder().endpointOverride(s3Server.endpoint()).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials()).build();
        LocalResources.create(template, dynamo, s3);
    }

    /** @param dataDir where data persists across restarts; null keeps it in memory */
    public static StandInStack start(SamTemplate template, Path dataDir) {
        DynamoDbLocal dynamoServer = dataDir == null ? DynamoDbLocal.inMemory()
                : DynamoDbLocal.persistentAt(dataDir.resolve("dynamodb"));
        S3Local s3Server = null;
        SecretsManagerLocal secretsServer = null;
        try {
            s3Server = dataDir == null ? S3Local.inMemory() : S3Local.persistentAt(dataDir.resolve("s3"));
            secretsServer = dataDir == null ? SecretsManagerLocal.inMemory()
                    : SecretsManagerLocal.persistentAt(dataDir.resolve("secrets"));
            return new StandInStack(template, dynamoServer, s3Server, secretsServer);
        } catch (RuntimeException e) {
            dynamoServer.close();
            if (s3Server != null) {
                s3Server.close();
            }
            if (secretsServer != null) {
                secretsServer.close();
            }
            throw e;
        }
    }

    /** One in-memory stack for the whole test JVM, on the repository's template.yaml; stopped at exit. */
    public static synchronized StandInStack shared() {
        if (shared == null) {
            shared = start(SamTemplate.read(SamTemplate.locate(Path.of(""))), null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stand-ins-shutdown"));
        }
        return shared;
    }

    public SamTemplate template() {
        return template;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    public URI dynamoEndpoint() {
        return dynamoServer.endpoint();
    }

    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    /** The local name of a template resource: {@code RecordingsTable}, {@code MediaBucket}, ... */
    public String resourceName(String logicalId) {
        return template.localNameOf(logicalId);
    }

    /** What Lambda would put in a function's environment, with endpoints and credentials of the stand-ins. */
    public Map<String, String> environmentOf(SamTemplate.Function function) {
        Map<String, String> env = awsEnvironment();
        function.environment().forEach((k, v) -> env.put(k, template.resolveLocally(v)));
        return env;
    }

    /** Region, credentials and endpoints of the stand-ins, as AWS SDK environment variables. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", S3Local.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Local.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoServer.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsServer.endpoint().toString());
        return env;
    }

    /** The environment of the function whose handler class is given, e.g. {@code io.callvault.api.RecordingHandler}. */
    public Map<String, String> environmentOfHandler(String handlerClass) {
        return template.functions().stream().filter(f -> f.handlerClass().equals(handlerClass)).findFirst()
                .map(this::environmentOf)
                .orElseThrow(() -> new IllegalArgumentException("no function with handler " + handlerClass));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Local.ACCESS_KEY, S3Local.SECRET_KEY));
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
        dynamoServer.close();
        s3Server.close();
        secretsServer.close();
    }
}
