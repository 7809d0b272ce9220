package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.sfn.TaskHandler;
import io.callvault.mux.MuxCleanup;
import io.callvault.mux.MuxDependencies;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Cleanup: deletes what the commit superseded or threw away, and muxed objects a crashed run left ({@link MuxCleanup}). */
public final class MuxCleanupHandler extends TaskHandler {
    private final MuxCleanup cleanup;

    /** The Lambda runtime's constructor. */
    public MuxCleanupHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxCleanupHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxCleanupHandler(MuxDependencies deps) {
        this(new MuxCleanup(deps.store(), deps.s3(), deps.env().require("MEDIA_BUCKET"), deps.clock()));
    }

    public MuxCleanupHandler(MuxCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    protected JsonNode handle(JsonNode event, Context context) {
        String ccid = text(event, "contactCenterId");
        String screenId = text(event, "screenRecordingId");
        List<String> keys = new ArrayList<>();
        event.path("commit").path("deleteKeys").forEach(k -> keys.add(k.asText()));
        String produced = event.path("mux").path("objectKey").asText(null);
        int deleted = cleanup.clean(ccid, screenId, keys, produced);
        return Json.object().put("deleted", deleted);
    }
}
