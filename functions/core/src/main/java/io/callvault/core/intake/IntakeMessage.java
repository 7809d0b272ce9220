package io.callvault.core.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import java.util.Objects;

/**
 * What the intake queues carry: only which call to look at. Everything else is read from the intake table
 * when the message is handled, so a message can be duplicated, delayed or replayed without harm.
 */
public record IntakeMessage(String ccid, String callUuid) {
    public IntakeMessage {
        Objects.requireNonNull(ccid, "ccid");
        Objects.requireNonNull(callUuid, "callUuid");
    }

    public String toJson() {
        return Json.object().put("ccid", ccid).put("callUuid", callUuid).toString();
    }

    /** @throws IllegalArgumentException when the body is not a message of this shape */
    public static IntakeMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("intake message is not JSON");
        }
        if (node == null || !node.path("ccid").isTextual() || !node.path("callUuid").isTextual()) {
            throw new IllegalArgumentException("intake message needs text fields ccid and callUuid");
        }
        return new IntakeMessage(node.get("ccid").asText(), node.get("callUuid").asText());
    }
}
