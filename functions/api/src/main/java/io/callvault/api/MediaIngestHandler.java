package io.callvault.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import java.time.Clock;

/**
 * Ingest bucket {@code ObjectCreated} events. A failure throws, so Lambda retries the event (and its
 * on-failure destination keeps it); everything the service does is safe to repeat.
 */
public final class MediaIngestHandler implements RequestHandler<S3Event, String> {
    private final MediaIngestService service;

    public MediaIngestHandler() {
        this(FunctionEnvironment.system());
    }

    public MediaIngestHandler(FunctionEnvironment env) {
        this(build(env));
    }

    public MediaIngestHandler(MediaIngestService service) {
        this.service = service;
    }

    private static MediaIngestService build(FunctionEnvironment env) {
        ApiDependencies deps = new ApiDependencies(env, Clock.systemUTC());
        return new MediaIngestService(deps.s3(), env.require("INGEST_BUCKET"), env.require("MEDIA_BUCKET"),
                deps.recordings(), new CertificateStore(deps.dynamo(), env.require("CONTROL_TABLE")),
                new EncryptionSettingsStore(deps.dynamo(), env.require("CONTROL_TABLE"), Clock.systemUTC()),
                new EnvelopeEncryptor(), new Metrics(Clock.systemUTC()), Clock.systemUTC(), muxTrigger(env, deps));
    }

    /** Stored media starts a mux when the stack has the mux workflow ({@code MUX_STATE_MACHINE_ARN}). */
    private static java.util.function.Consumer<io.callvault.core.store.MediaLocation> muxTrigger(FunctionEnvironment env,
                                                                                          ApiDependencies deps) {
        return env.get("MUX_STATE_MACHINE_ARN").<java.util.function.Consumer<io.callvault.core.store.MediaLocation>>map(arn -> {
            var trigger = new io.callvault.core.mux.MuxTrigger(deps.dynamo(), env.require("RECORDINGS_TABLE"),
                    new io.callvault.core.mux.MuxStarter(io.callvault.core.aws.AwsClients.sfn(env), arn));
            return trigger::mediaStored;
        }).orElse(location -> { });
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        StringBuilder outcomes = new StringBuilder();
        for (var record : event.getRecords()) {
            outcomes.append(service.ingest(record.getS3().getObject().getUrlDecodedKey())).append(' ');
        }
        return outcomes.toString().trim();
    }
}
