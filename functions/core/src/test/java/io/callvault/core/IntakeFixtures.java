package io.callvault.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.json.Json;
import io.callvault.core.model.InteractionEvent;
import io.callvault.core.model.RawSegment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The guide's recording taken apart into what reaches intake: the media server's bare posts (one per media
 * file, {@code Z} times, no partitions, access groups or user name, the receiver credential still in) and
 * the interaction events its eventHistory came from (src/test/resources/intake/guide-interaction-events.json,
 * plus a CallEnded and an AfterCallWorkDone). Shared with the other modules' tests.
 */
public final class IntakeFixtures {
    public static final String CCID = "46284f2f-d615-4329-957a-f5341edfd5d7";
    public static final String CALL_ID = GuideFixtures.CALL_ID;

    private IntakeFixtures() {}

    /** The media server's post of the guide's media file {@code index} (0 or 1). */
    public static ObjectNode rawPost(int index) {
        ObjectNode file = (ObjectNode) GuideFixtures.callRecording().get("mediaFiles").get(index).deepCopy();
        file.remove(List.of("mediaUri", "mediaPath", "partitions", "accessgroups"));
        ((ObjectNode) file.get("parameters")).remove("username");
        file.put("startTime", file.get("startTime").asText().replace(".000+0000", "Z"));
        file.put("stopTime", file.get("stopTime").asText().replace(".000+0000", "Z"));
        ObjectNode post = Json.object();
        post.putArray("mediaFiles").add(file);
        return post;
    }

    public static RawSegment segment(int index) {
        return MediaServerPostCodec.read(CCID, rawPost(index)).segments().get(0);
    }

    public static JsonNode eventsBody() {
        try (InputStream in = IntakeFixtures.class.getResourceAsStream("/intake/guide-interaction-events.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<InteractionEvent> events() {
        return InteractionEventCodec.read(CALL_ID, eventsBody());
    }
}
