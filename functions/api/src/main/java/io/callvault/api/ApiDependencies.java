package io.callvault.api;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.LabelDefinitionStore;
import io.callvault.core.store.MediaObjects;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.Tables;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stores a handler needs, built once per execution environment from the function's environment.
 * Clients are created on first use so that a function that never touches S3 never builds an S3 client.
 */
public final class ApiDependencies {
    private final FunctionEnvironment env;
    private final Tables tables;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private S3Client s3;

    public ApiDependencies(FunctionEnvironment env, Clock clock) {
        this.env = env;
        this.tables = Tables.from(env);
        this.clock = clock;
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(env);
        }
        return dynamo;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = AwsClients.s3(env);
        }
        return s3;
    }

    public RecordingStore recordings() {
        return new RecordingStore(dynamo(), tables.recordings(), clock);
    }

    public ContactCenterStore contactCenters() {
        return new ContactCenterStore(dynamo(), tables.control(), clock);
    }

    public LabelDefinitionStore labelDefinitions() {
        return new LabelDefinitionStore(dynamo(), tables.control(), clock);
    }

    public AuditTrail audit() {
        return new AuditTrail(dynamo(), tables.audit(), clock);
    }

    public WaitingMedia waitingMedia() {
        return new WaitingMedia(s3(), env.require("INGEST_BUCKET"));
    }

    public MediaObjects mediaObjects() {
        return new MediaObjects(s3(), env.require("MEDIA_BUCKET"));
    }
}
