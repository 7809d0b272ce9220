package io.callvault.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The guide's examples, cleaned (see src/test/resources/guide/README.md); shared with other modules' tests. */
public final class GuideFixtures {
    public static final String CALL_ID = "029UDMMJ90A0L8151CGQHG5AES000003";

    private GuideFixtures() {}

    public static JsonNode load(String name) {
        try (InputStream in = GuideFixtures.class.getResourceAsStream("/guide/" + name)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recording of the guide's GET example (L32868-L33098), two media files and ten events. */
    public static ObjectNode callRecording() {
        return (ObjectNode) load("call-recording-get.json").get("recording");
    }

    /** The guide's recording as the media server posts it: one media file, the given one. */
    public static ObjectNode callRecordingPost(int mediaFileIndex) {
        ObjectNode post = callRecording();
        JsonNode file = post.get("mediaFiles").get(mediaFileIndex);
        post.putArray("mediaFiles").add(file);
        return post;
    }

    public static ObjectNode screenRecording() {
        return (ObjectNode) load("screen-recording.json");
    }
}
