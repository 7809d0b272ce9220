package io.callvault.core.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients as a Lambda function should build them: once per execution environment, with the light
 * URLConnection HTTP client, the region and credentials read directly instead of through the default
 * provider chain's probing, and an endpoint override ({@code AWS_ENDPOINT_URL_<SERVICE>}) for the
 * local stand-ins.
 */
public final class AwsClients {
    private AwsClients() {}

    public static DynamoDbClient dynamoDb(FunctionEnvironment env) {
        var builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                .credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static S3Client s3(FunctionEnvironment env) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                .credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_S3").ifPresent(uri -> builder.endpointOverride(uri)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    /** Presigned URLs are signed locally; the same endpoint override makes them point at the stand-in. */
    public static S3Presigner s3Presigner(FunctionEnvironment env) {
        var builder = S3Presigner.builder().region(region(env)).credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_S3").ifPresent(uri -> builder.endpointOverride(uri)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    public static SecretsManagerClient secretsManager(FunctionEnvironment env) {
        var builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                .credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * SQS over its JSON protocol. Locally {@code AWS_ENDPOINT_URL_SQS} points at the stand-in (ElasticMQ), whose queue
     * URLs ({@code !Ref Queue} in the function's environment) hold that endpoint too.
     */
    public static SqsClient sqs(FunctionEnvironment env) {
        var builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                .credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_SQS").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Step Functions; locally {@code AWS_ENDPOINT_URL_SFN} points at the stand-in (aws-local-stepfunctions). */
    public static software.amazon.awssdk.services.sfn.SfnClient sfn(FunctionEnvironment env) {
        var builder = software.amazon.awssdk.services.sfn.SfnClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(env))
                .credentialsProvider(credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_SFN").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static Region region(FunctionEnvironment env) {
        return Region.of(env.get("AWS_REGION").orElse("us-east-1"));
    }

    /** {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}: where a stand-in answers for the service locally. */
    public static Optional<URI> endpoint(FunctionEnvironment env, String serviceVariable) {
        return env.get(serviceVariable).or(() -> env.get("AWS_ENDPOINT_URL")).map(URI::create);
    }

    /**
     * SnapStart functions get credentials from the container endpoint (refreshed after restore);
     * others from the environment Lambda sets. Anything else (a developer machine) uses the default chain.
     */
    public static AwsCredentialsProvider credentials(FunctionEnvironment env) {
        if (env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return ContainerCredentialsProvider.builder().build();
        }
        Optional<String> key = env.get("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key.isPresent() && secret.isPresent()) {
            Optional<String> token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(key.get(), secret.get(), token.get())
                    : AwsBasicCredentials.create(key.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
