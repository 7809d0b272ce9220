package io.callvault.local;

import io.callvault.standins.DynamoDbLocal;
import io.callvault.standins.LocalResources;
import io.callvault.standins.S3Local;
import io.callvault.standins.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
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
 * callvault on one machine: DynamoDB Local and s3proxy (persisted in the data dir, or in memory), the
 * template's tables and buckets, every function hosted in this JVM, and the HTTP API with its JWT
 * authorizer on one port.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final DynamoDbLocal dynamo;
    private final S3Local s3;
    private final LocalApiGateway gateway;
    private final LocalIssuer issuer;
    private final DynamoDbClient dynamoClient;
    private final S3Client s3Client;
    private final SamTemplate template;

    private LocalRuntime(DynamoDbLocal dynamo, S3Local s3, LocalApiGateway gateway, LocalIssuer issuer,
                         DynamoDbClient dynamoClient, S3Client s3Client, SamTemplate template) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.gateway = gateway;
        this.issuer = issuer;
        this.dynamoClient = dynamoClient;
        this.s3Client = s3Client;
        this.template = template;
    }

    /**
     * @param dataDir where data and the signing key live; null keeps everything in memory (tests)
     * @param port    HTTP port; 0 picks a free one
     */
    public static LocalRuntime start(SamTemplate template, Path dataDir, int port, Clock clock) {
        DynamoDbLocal dynamo = dataDir == null ? DynamoDbLocal.inMemory() : DynamoDbLocal.persistentAt(dataDir.resolve("dynamodb"));
        S3Local s3 = null;
        try {
            s3 = dataDir == null ? S3Local.inMemory() : S3Local.persistentAt(dataDir.resolve("s3"));
            DynamoDbClient dynamoClient = dynamoClient(dynamo.endpoint());
            S3Client s3Client = s3Client(s3.endpoint());
            LocalResources.create(template, dynamoClient, s3Client);
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("AWS_REGION", REGION);
            variables.put("AWS_ACCESS_KEY_ID", S3Local.ACCESS_KEY);
            variables.put("AWS_SECRET_ACCESS_KEY", S3Local.SECRET_KEY);
            variables.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            variables.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            FunctionHost functions = new FunctionHost(template, variables);
            Path keyDir = dataDir != null ? dataDir : java.nio.file.Files.createTempDirectory("callvault-keys");
            LocalIssuer issuer = LocalIssuer.inDataDir(keyDir, clock);
            JwtAuthorizer authorizer = new JwtAuthorizer(issuer.publicKey(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, clock);
            LocalApiGateway gateway = new LocalApiGateway(functions, authorizer, port);
            return new LocalRuntime(dynamo, s3, gateway, issuer, dynamoClient, s3Client, template);
        } catch (IOException e) {
            closeQuietly(dynamo, s3);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(dynamo, s3);
            throw e;
        }
    }

    static DynamoDbClient dynamoClient(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Local.ACCESS_KEY, S3Local.SECRET_KEY)))
                .build();
    }

    static S3Client s3Client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Local.ACCESS_KEY, S3Local.SECRET_KEY)))
                .build();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** Direct access to the stand-ins, for tests that check what was stored. */
    public DynamoDbClient dynamo() {
        return dynamoClient;
    }

    public S3Client s3() {
        return s3Client;
    }

    /** The local name of a template resource (table or bucket), e.g. {@code MediaBucket}. */
    public String resourceName(String logicalId) {
        return SamTemplate.localName(logicalId, template.resourceType(logicalId).orElseThrow());
    }

    @Override
    public void close() {
        gateway.close();
        dynamoClient.close();
        s3Client.close();
        closeQuietly(dynamo, s3);
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("while stopping " + r.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
