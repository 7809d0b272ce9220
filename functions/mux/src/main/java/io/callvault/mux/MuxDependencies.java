package io.callvault.mux;

import io.callvault.core.mux.MuxStarter;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.SettingLocations;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.core.store.PrivateKeys;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.core.store.TenantRecipients;
import io.callvault.mux.media.Ffmpeg;
import io.callvault.mux.media.ScreenMuxer;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the mux functions are built from, once per execution environment: clients, stores and settings, from the
 * function's environment ({@code RECORDINGS_TABLE}, {@code CONTROL_TABLE}, {@code MEDIA_BUCKET},
 * {@code MUX_STATE_MACHINE_ARN}, {@code FFMPEG_PATH}). Each handler takes only what it uses.
 */
public final class MuxDependencies {
    private final FunctionEnvironment env;
    private final Clock clock;
    private DynamoDbClient dynamo;
    private S3Client s3;

    public MuxDependencies(FunctionEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public FunctionEnvironment env() {
        return env;
    }

    public Clock clock() {
        return clock;
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

    public MuxStore store() {
        return new MuxStore(dynamo(), env.require("RECORDINGS_TABLE"), clock);
    }

    /** On this function's own DynamoDB client (TenantSettings.from would build a second one at start-up). */
    public TenantSettings settings() {
        return new TenantSettings(new SettingsStore(dynamo(), env.require("CONTROL_TABLE"), clock),
                new SettingSecretVault(AwsClients.secretsManager(env)), ReceiverUrls.from(env),
                env.get("NODE_PATH").orElse(SettingLocations.ROOT), clock);
    }

    public ContactCenterStore contactCenters() {
        return new ContactCenterStore(dynamo(), env.require("CONTROL_TABLE"), clock);
    }

    public MuxService muxService() {
        String control = env.require("CONTROL_TABLE");
        return new MuxService(store(), s3(), env.require("MEDIA_BUCKET"),
                new PrivateKeys(new PrivateKeyVault(AwsClients.secretsManager(env)), clock),
                new TenantRecipients(new CertificateStore(dynamo(), control), clock),
                new EncryptionSettingsStore(dynamo(), control, clock), new EnvelopeEncryptor(),
                new ScreenMuxer(env.get("FFMPEG_PATH").map(p -> new Ffmpeg(Path.of(p))).orElseGet(Ffmpeg::locate)),
                Path.of(env.get("MUX_SCRATCH_DIR").orElse(System.getProperty("java.io.tmpdir"))));
    }

    public MuxStarter starter() {
        return new MuxStarter(AwsClients.sfn(env), env.require("MUX_STATE_MACHINE_ARN"));
    }
}
