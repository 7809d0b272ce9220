package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ContactCenters;
import io.callvault.core.codec.Ids;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.json.Json;
import java.time.Duration;

/** What both intake endpoints share: who may post, the log line, queueing a check. */
final class IntakeGate {
    private IntakeGate() {}

    /**
     * The caller holds {@link Permission#RECORDING_INGEST}, its token belongs to the path's contact center, and
     * that contact center exists: checked before the body is read.
     */
    static void admit(Caller caller, String ccid, ContactCenters contactCenters) {
        Ids.contactCenterId("ccid", ccid);
        caller.require(Permission.RECORDING_INGEST);
        caller.requireContactCenter(ccid);
        contactCenters.require(ccid);
    }

    /** Sends a check of the call now; 503 when SQS refuses, so the client posts again (the data is durable). */
    static void queueCheck(IntakeQueue queue, IntakeMessage message) {
        try {
            queue.send(message, Duration.ZERO);
        } catch (RuntimeException e) {
            log("ERROR", "intake-enqueue-failed", Json.object().put("ccid", message.ccid())
                    .put("callUuid", message.callUuid()).put("error", e.getClass().getSimpleName()));
            throw new ApiException(503, "the post is kept, but its enrichment could not be scheduled; post it again");
        }
    }

    /** One JSON log line of ids and counts only (never a value of a post). */
    static void log(String level, String event, ObjectNode fields) {
        ObjectNode line = Json.object().put("level", level).put("event", event);
        line.setAll(fields);
        System.out.println(Json.write(line));
    }
}
