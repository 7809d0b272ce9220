package io.callvault.standins;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local, s3proxy, a Secrets Manager stand-in, ElasticMQ for SQS and an OpenSearch node, with the template's
 * tables, buckets and queues: what the local runtime runs on and what every module's tests use. {@link #shared()} is
 * one in-memory stack per test JVM.
 *
 * <p>OpenSearch costs about 5 s and 50 MB of heap, so it starts only when something needs it: in the
 * background, in parallel with the others, when {@link #start} is given a template in which a function
 * declares {@value #OPENSEARCH_ENDPOINT}; otherwise (and always for {@link #shared()}) on the first call to
 * {@link #openSearch()} or to {@link #environmentOf} for such a function.
 *
 * <p>SQS (ElasticMQ, about 1 s of start-up) runs, started in parallel with the others, when the template declares an
 * {@code AWS::SQS::Queue}; then its queues are created and every function gets {@code AWS_ENDPOINT_URL_SQS}.
 * Otherwise it starts on the first call to {@link #sqs()}, and only functions built after that get the endpoint.
 *
 * <p>Step Functions ({@link StepFunctionsLocal}, a Node process, about 0.5 s of start-up) likewise runs, started in
 * parallel, when the template declares an {@code AWS::Serverless::StateMachine}; then each machine is created from its
 * definition with its {@code DefinitionSubstitutions} applied, and every function gets {@code AWS_ENDPOINT_URL_SFN}.
 * Otherwise it starts on the first call to {@link #sfn()}.
 */
public final class StandInStack implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** The variable a function declares in template.yaml to get the OpenSearch endpoint ({@code http://127.0.0.1:PORT} here). */
    public static final String OPENSEARCH_ENDPOINT = "OPENSEARCH_ENDPOINT";
    private static StandInStack shared;

    private final SamTemplate template;
    private final DynamoDbLocal dynamoServer;
    private final S3Local s3Server;
    private final SecretsManagerLocal secretsServer;
    private final Path dataDir;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient dynamoStreams;
    private final S3Client s3;
    private CompletableFuture<OpenSearchLocal> openSearch;
    private SqsLocal sqsServer;
    private SqsClient sqs;
    private Map<String, String> queueUrls = Map.of();
    private final StepFunctionsLocal.Options sfnOptions;
    private StepFunctions stepFunctions;
    private boolean closed;

    private StandInStack(SamTemplate template, DynamoDbLocal dynamoServer, S3Local s3Server,
                         SecretsManagerLocal secretsServer, SqsLocal sqsServer, Path dataDir,
                         CompletableFuture<OpenSearchLocal> openSearch, StepFunctions stepFunctions,
                         StepFunctionsLocal.Options sfnOptions) {
        this.template = template;
        this.sfnOptions = sfnOptions;
        this.dynamoServer = dynamoServer;
        this.s3Server = s3Server;
        this.secretsServer = secretsServer;
        this.dataDir = dataDir;
        this.openSearch = openSearch;
        this.dynamo = DynamoDbClient.builder().endpointOverride(dynamoServer.endpoint()).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials()).build();
        this.dynamoStreams = DynamoDbStreamsClient.builder().endpointOverride(dynamoServer.endpoint())
                .region(Region.of(REGION)).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials()).build();
        this.s3 = S3Client.builder().endpointOverride(s3Server.endpoint()).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials()).build();
        LocalResources.create(template, dynamo, s3);
        if (sqsServer != null) {
            useSqs(sqsServer);
        }
        this.stepFunctions = stepFunctions;
    }

    /** The Step Functions stand-in with a client for it, the template's state machines created on it. */
    private record StepFunctions(StepFunctionsLocal server, SfnClient client) implements AutoCloseable {
        /**
         * Starts the server and creates the template's machines; {@code queueUrls} resolves what their
         * substitutions say of queues. Machine creation costs about 0.3 s each (the interpreter validates the ASL),
         * which is why it happens here, in parallel with the other stand-ins' start.
         */
        static StepFunctions start(SamTemplate template, Path dataDir, StepFunctionsLocal.Options options,
                                   java.util.function.Function<String, String> queueUrls) {
            StepFunctionsLocal server = StepFunctionsLocal.start(options,
                    dataDir == null ? null : dataDir.resolve("stepfunctions.log"));
            SfnClient client = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(credentials()).build();
            try {
                for (SamTemplate.StateMachine machine : template.stateMachines()) {
                    client.createStateMachine(b -> b.name(template.localNameOf(machine.logicalId()))
                            .definition(template.definitionOf(machine, queueUrls)).type(machine.type())
                            .roleArn("arn:aws:iam::" + SqsLocal.ACCOUNT_ID + ":role/" + machine.logicalId() + "Role"));
                }
                return new StepFunctions(server, client);
            } catch (RuntimeException e) {
                client.close();
                server.close();
                throw new IllegalStateException("creating the template's state machines on the Step Functions stand-in "
                        + "failed (its log: " + server.logFile() + "): " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }


    /** Serves SQS from this server: a client for it and the template's queues on it. */
    private void useSqs(SqsLocal server) {
        SqsClient client = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials()).build();
        try {
            queueUrls = Map.copyOf(LocalResources.createQueues(template, client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        this.sqsServer = server;
        this.sqs = client;
    }

    /**
     * Starts the stand-ins; OpenSearch starts in the background if the template uses it ({@link SamTemplate#usesOpenSearch()}).
     *
     * @param dataDir where data persists across restarts; null keeps it in memory (OpenSearch: a temporary directory)
     */
    public static StandInStack start(SamTemplate template, Path dataDir) {
        return start(template, dataDir, StepFunctionsLocal.Options.fromSystemProperties());
    }

    /**
     * {@link #start(SamTemplate, Path)}, with the Step Functions stand-in's options: its Task states invoke functions at
     * {@code sfnOptions.lambdaEndpoint()}.
     */
    public static StandInStack start(SamTemplate template, Path dataDir, StepFunctionsLocal.Options sfnOptions) {
        return start(template, dataDir, template.usesOpenSearch(), template.usesStepFunctions(), sfnOptions);
    }

    private static StandInStack start(SamTemplate template, Path dataDir, boolean openSearchNow, boolean sfnNow,
                                      StepFunctionsLocal.Options sfnOptions) {
        CompletableFuture<OpenSearchLocal> openSearch = openSearchNow ? startOpenSearch(dataDir) : null;
        CompletableFuture<SqsLocal> sqsServer = template.usesSqs() ? startSqs(dataDir) : null;
        // Queue URLs are known once ElasticMQ listens; the machines are created as soon as both run.
        java.util.function.Function<String, String> queueUrls = queue -> {
            SqsLocal sqs = join(sqsServer);
            if (sqs == null) {
                throw new IllegalStateException("no queue " + queue + " in the template");
            }
            return sqs.queueUrl(template.localNameOf(queue));
        };
        CompletableFuture<StepFunctions> sfnServer = sfnNow ? inBackground("stepfunctions-start",
                () -> StepFunctions.start(template, dataDir, sfnOptions, queueUrls)) : null;
        DynamoDbLocal dynamoServer = null;
        S3Local s3Server = null;
        SecretsManagerLocal secretsServer = null;
        try {
            dynamoServer = dataDir == null ? DynamoDbLocal.inMemory() : DynamoDbLocal.persistentAt(dataDir.resolve("dynamodb"));
            s3Server = dataDir == null ? S3Local.inMemory() : S3Local.persistentAt(dataDir.resolve("s3"));
            secretsServer = dataDir == null ? SecretsManagerLocal.inMemory()
                    : SecretsManagerLocal.persistentAt(dataDir.resolve("secrets"));
            return new StandInStack(template, dynamoServer, s3Server, secretsServer, join(sqsServer), dataDir, openSearch,
                    join(sfnServer), sfnOptions);
        } catch (RuntimeException e) {
            closeWhenStarted(openSearch);
            closeWhenStarted(sqsServer);
            closeWhenStarted(sfnServer);
            if (dynamoServer != null) {
                dynamoServer.close();
            }
            if (s3Server != null) {
                s3Server.close();
            }
            if (secretsServer != null) {
                secretsServer.close();
            }
            throw e;
        }
    }

    /**
     * One in-memory stack for the whole test JVM, on the repository's template.yaml; stopped at exit.
     * OpenSearch starts only when a test asks for it.
     */
    public static synchronized StandInStack shared() {
        if (shared == null) {
            shared = start(SamTemplate.read(SamTemplate.locate(Path.of(""))), null, false, false,
                    StepFunctionsLocal.Options.fromSystemProperties());
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

    /** DynamoDB Streams of DynamoDB Local (same endpoint as DynamoDB). */
    public DynamoDbStreamsClient dynamoStreams() {
        return dynamoStreams;
    }

    /** The OpenSearch node, started now (and waited for) if it is not running yet. */
    public OpenSearchLocal openSearch() {
        CompletableFuture<OpenSearchLocal> node;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the stand-ins are closed");
            }
            if (openSearch == null) {
                openSearch = startOpenSearch(dataDir);
            }
            node = openSearch;
        }
        try {
            return node.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** {@code http://127.0.0.1:PORT} of the OpenSearch node; starts it if needed. */
    public URI openSearchEndpoint() {
        return openSearch().endpoint();
    }

    /** Whether OpenSearch was started (or is starting), without starting it. */
    public synchronized boolean openSearchStarted() {
        return openSearch != null;
    }

    private static CompletableFuture<OpenSearchLocal> startOpenSearch(Path dataDir) {
        return inBackground("opensearch-start", () -> dataDir == null ? OpenSearchLocal.inTemporaryDir()
                : OpenSearchLocal.persistentAt(dataDir.resolve("opensearch")));
    }

    /** Runs {@code start} on a daemon thread of its own; the future has what it started. */
    private static <T> CompletableFuture<T> inBackground(String threadName, Supplier<T> start) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                future.complete(start.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, threadName);
        starter.setDaemon(true);
        starter.setContextClassLoader(StandInStack.class.getClassLoader());
        starter.start();
        return future;
    }

    private static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> node) {
        if (node == null) {
            return;
        }
        try {
            node.join().close();
        } catch (CompletionException startFailed) {
            // Nothing runs, nothing to close.
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<SqsLocal> startSqs(Path dataDir) {
        return inBackground("sqs-start", () -> dataDir == null ? SqsLocal.inMemory() : SqsLocal.persistentAt(dataDir.resolve("sqs")));
    }

    private static <T> T join(CompletableFuture<T> server) {
        if (server == null) {
            return null;
        }
        try {
            return server.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The SQS client of the stand-in, which is started now (with the template's queues) if it does not run yet. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            startNow(() -> dataDir == null ? SqsLocal.inMemory() : SqsLocal.persistentAt(dataDir.resolve("sqs")), this::useSqs);
        }
        return sqs;
    }

    /** Starts a stand-in that was not started with the others and puts it to use; stops it again if that fails. */
    private <S extends AutoCloseable> void startNow(Supplier<S> start, java.util.function.Consumer<S> use) {
        if (closed) {
            throw new IllegalStateException("the stand-ins are closed");
        }
        S server = start.get();
        try {
            use.accept(server);
        } catch (RuntimeException e) {
            try {
                server.close();
            } catch (Exception stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT} of the SQS stand-in; starts it if needed. */
    public URI sqsEndpoint() {
        sqs();
        return sqsServer.endpoint();
    }

    /** Whether the SQS stand-in runs, without starting it. */
    public synchronized boolean sqsStarted() {
        return sqs != null;
    }

    /**
     * The Step Functions client of the stand-in, which is started now (with the template's state machines) if it does
     * not run yet.
     */
    public synchronized SfnClient sfn() {
        if (stepFunctions == null) {
            startNow(() -> StepFunctions.start(template, dataDir, sfnOptions, this::queueUrl), started -> stepFunctions = started);
        }
        return stepFunctions.client();
    }

    /** {@code http://127.0.0.1:PORT} of the Step Functions stand-in; starts it if needed. */
    public URI sfnEndpoint() {
        return stepFunctionsServer().endpoint();
    }

    /** Whether the Step Functions stand-in runs, without starting it. */
    public synchronized boolean sfnStarted() {
        return stepFunctions != null;
    }

    /** The Step Functions stand-in itself (its log file, ...); starts it if needed. */
    public synchronized StepFunctionsLocal stepFunctionsServer() {
        sfn();
        return stepFunctions.server();
    }

    /** The ARN of a template state machine ({@code !Ref Machine}), e.g. {@code arn:aws:states:us-east-1:000000000000:stateMachine:MuxStateMachine}. */
    public String stateMachineArn(String logicalId) {
        if (template.stateMachines().stream().noneMatch(m -> m.logicalId().equals(logicalId))) {
            throw new IllegalArgumentException("no state machine " + logicalId + " in the template");
        }
        return template.stateMachineArn(logicalId);
    }

    /** The URL of a template queue ({@code !Ref Queue} in CloudFormation), e.g. {@code http://127.0.0.1:PORT/000000000000/WorkQueue}. */
    public String queueUrl(String logicalId) {
        sqs();
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in the template");
        }
        return url;
    }

    public URI dynamoEndpoint() {
        return dynamoServer.endpoint();
    }

    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    /** The local name of a template resource: {@code RecordingsTable}, {@code MediaBucket}, a queue's name, ... */
    public String resourceName(String logicalId) {
        return template.localNameOf(logicalId);
    }

    /** System properties {@code callvault.local.env.NAME} override a function's variable {@code NAME} locally. */
    public static final String ENV_OVERRIDE_PREFIX = "callvault.local.env.";

    /**
     * What Lambda would put in a function's environment, with endpoints and credentials of the stand-ins. A
     * function that declares {@value #OPENSEARCH_ENDPOINT} (whatever its value in the template, e.g. a
     * domain's {@code !GetAtt}) gets the local node's endpoint instead, and the node is started for it.
     * Every function may name a loopback analytics receiver ({@code RECEIVER_ALLOW_LOOPBACK}): here receivers
     * (tests' stand-in SpeechMiner) run on 127.0.0.1, while in Lambda loopback is the Runtime API. A variable the
     * template gives a function is replaced by the system property {@code callvault.local.env.NAME} when that is set
     * (tests and benchmarks tune, say, {@code LIFECYCLE_PAGE_SIZE} this way, as a deployment would in the template).
     */
    public Map<String, String> environmentOf(SamTemplate.Function function) {
        Map<String, String> env = awsEnvironment();
        env.put("RECEIVER_ALLOW_LOOPBACK", "true");
        List<Path> layers = template.layerDirectoriesOf(function.logicalId());
        function.environment().forEach((k, v) -> {
            String override = System.getProperty(ENV_OVERRIDE_PREFIX + k);
            if (override != null) {
                env.put(k, override);
            } else if (!k.equals(OPENSEARCH_ENDPOINT)) {
                env.put(k, onLayers(template.resolveLocally(v, this::queueUrl), layers));
            }
        });
        if (function.environment().containsKey(OPENSEARCH_ENDPOINT)) {
            env.put(OPENSEARCH_ENDPOINT, openSearchEndpoint().toString());
        }
        return env;
    }

    /** A path under {@code /opt} (where AWS mounts a function's layers) as the layer that has it holds it locally. */
    private static String onLayers(String value, List<Path> layers) {
        if (value == null || !value.startsWith("/opt/") || layers.isEmpty()) {
            return value;
        }
        String inside = value.substring("/opt/".length());
        return layers.stream().map(dir -> dir.resolve(inside)).filter(java.nio.file.Files::exists).findFirst()
                .orElse(layers.get(0).resolve(inside)).toString();
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
        if (sqsStarted()) {
            env.put("AWS_ENDPOINT_URL_SQS", sqsServer.endpoint().toString());
        }
        if (sfnStarted()) {
            env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.server().endpoint().toString());
        }
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
        CompletableFuture<OpenSearchLocal> node;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            node = openSearch;
        }
        dynamo.close();
        dynamoStreams.close();
        s3.close();
        dynamoServer.close();
        s3Server.close();
        secretsServer.close();
        SqsLocal queues;
        synchronized (this) {
            queues = sqsServer;
        }
        if (queues != null) {
            sqs.close();
            queues.close();
        }
        StepFunctions machines;
        synchronized (this) {
            machines = stepFunctions;
        }
        if (machines != null) {
            machines.close();
        }
        closeWhenStarted(node);
    }
}
