package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxService;
import java.time.Clock;
import java.time.Duration;

/**
 * Mux: one screen recording with its call's audio ({@link MuxService}); runs with the ffmpeg layer. Its permanent
 * failures ({@code DecryptionFailedException}, {@code CorruptMediaException}, {@code InputMissingException},
 * {@code NoUsableCertificateException}) are caught by the state machine and recorded on the screen recording.
 */
public final class MuxHandler extends TaskHandler {
    /** Kept back from the function's remaining time for encrypting and uploading after ffmpeg. */
    static final Duration UPLOAD_MARGIN = Duration.ofSeconds(60);
    static final Duration SHORTEST_MUX = Duration.ofSeconds(30);

    private final MuxService service;

    /** The Lambda runtime's constructor. */
    public MuxHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()).muxService());
    }

    public MuxHandler(MuxService service) {
        this.service = service;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) throws Exception {
        MuxService.Task task = task(event);
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(UPLOAD_MARGIN);
        MuxService.Result result = service.mux(task, left.compareTo(SHORTEST_MUX) < 0 ? SHORTEST_MUX : left);
        System.out.println(Json.write(Json.object().put("event", "mux").put("ccid", task.ccid())
                .put("screenRecordingId", task.screenRecordingId()).put("status", result.status().name())
                .put("videoPath", result.videoPath()).put("durationMillis", result.durationMillis())));
        return Json.MAPPER.valueToTree(result);
    }

    static MuxService.Task task(JsonNode event) {
        return new MuxService.Task(text(event, "contactCenterId"), text(event, "callRecordingId"),
                text(event, "screenRecordingId"), text(event, "inputsHash"), text(event, "runId"));
    }
}
