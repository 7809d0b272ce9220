package io.callvault.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.model.EventType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordingCodecTest {
    static final String CALL_ID = GuideFixtures.CALL_ID;

    static JsonNode fixture(String name) {
        return GuideFixtures.load(name);
    }

    static ObjectNode guideCall() {
        return GuideFixtures.callRecording();
    }

    @Test
    void readsTheGuidesGetExample() throws Exception {
        Recording r = RecordingCodec.read(guideCall(), RecordingKind.CALL);

        assertThat(r.id()).isEqualTo(CALL_ID);
        assertThat(r.startTime()).isEqualTo(Instant.parse("2015-06-24T20:18:31Z"));
        assertThat(r.screenRecording()).isTrue();
        assertThat(r.region()).isEqualTo("us");
        assertThat(r.mediaFiles()).hasSize(2);
        MediaFile second = r.mediaFiles().get(1);
        assertThat(second.size()).isEqualTo(129888L);
        assertThat(second.duration()).isEqualTo("32662");
        assertThat(second.partitions()).containsExactly("salesasdfsaf");
        assertThat(second.accessgroups()).containsExactly("/team1");
        assertThat(r.eventHistory()).hasSize(10);
        assertThat(r.eventHistory().get(2).data().deleted()).containsEntry("GSIP_RECORD", "ON");
        assertThat(r.eventHistory().get(4).contact().userName()).isEqualTo("agent1000");
        assertThat(r.eventHistory().get(4).event()).isEqualTo(EventType.JOINED);
    }

    @Test
    void dropsTheReceiverCredentialsTheGuideLeavesInMetadata() throws Exception {
        Recording r = RecordingCodec.read(guideCall(), RecordingKind.CALL);
        for (MediaFile f : r.mediaFiles()) {
            assertThat(f.parameters().has("rp.speechminer_auth")).isFalse();
            assertThat(f.parameters().get("rp.speechminer_uri").asText()).isEqualTo("http://sm/interactionreceiver");
        }
    }

    @Test
    void roundTripsTheGetExampleToTheSameDocument() throws Exception {
        Recording read = RecordingCodec.read(guideCall(), RecordingKind.CALL);
        ObjectNode written = RecordingCodec.writeStored(read);
        Recording again = RecordingCodec.readStored(written, RecordingKind.CALL);

        assertThat(again).isEqualTo(read);
        // Canonical output keeps the guide's shapes: string sizes, +0000 times, the examples' spellings.
        JsonNode file = written.get("mediaFiles").get(0);
        assertThat(file.get("size").isTextual()).isTrue();
        assertThat(file.get("startTime").asText()).isEqualTo("2015-06-24T20:18:31.000+0000");
        assertThat(file.has("callUUID")).isTrue();
        assertThat(written.get("eventHistory").get(0).get("event").asText()).isEqualTo("Data");
        assertThat(written.get("eventHistory").get(0).has("calluuid")).isTrue();
    }

    @Test
    void readsTheMediaServersSnippetWithZuluTimesAndADescriptor() throws Exception {
        MediaFile f = RecordingCodec.readMediaFile(fixture("mcp-media-file.json").get("mediaFiles").get(0), "m", false);

        assertThat(f.startTime()).isEqualTo(Instant.parse("2015-06-24T20:19:03Z"));
        assertThat(f.mediaDescriptor().get("data").get("bucket").asText()).isEqualTo("bucket2");
        assertThat(f.parameters().has("rp.speechminer_auth")).isFalse();
        ObjectNode written = RecordingCodec.writeMediaFile(RecordingKind.CALL, CALL_ID, f, null, true);
        assertThat(written.get("stopTime").asText()).isEqualTo("2015-06-24T20:19:36.000+0000");
    }

    @Test
    void roundTripsTheGuidesScreenRecording() throws Exception {
        Recording screen = RecordingCodec.read(fixture("screen-recording.json"), RecordingKind.SCREEN);

        assertThat(screen.callRecordingId()).isEqualTo("02A1MCKSD0CDNBRP1CGQHG5AES000003");
        assertThat(screen.nonDelete()).isTrue();
        assertThat(screen.mediaFiles().get(0).duration()).isEqualTo("0:01:51");
        assertThat(screen.mediaFiles().get(0).parameters().get("muxed_mediaIds")).hasSize(2);
        assertThat(RecordingCodec.readStored(RecordingCodec.writeStored(screen), RecordingKind.SCREEN)).isEqualTo(screen);
        ObjectNode view = RecordingCodec.write(screen.toBuilder()
                .mediaFiles(screen.mediaFiles().stream().map(m -> m.withPlayId("6a3082c4-6ff9-4133-84de-b6333d36505d")).toList())
                .build(), new MediaLinks("https://rec.example.com/api/v2"));
        assertThat(view.get("mediaFiles").get(0).get("mediaUri").asText()).isEqualTo(
                "https://rec.example.com/api/v2/screen-recordings/02A1MCKSD0CDNBRP1CGQHG5AES000003_2017-03-30_17-00-18"
                        + "/content/6a3082c4-6ff9-4133-84de-b6333d36505d.mp4");
        assertThat(view.has("screenRecording")).isFalse();
    }

    @Test
    void acceptsTheGuidesSpellingVariantsAndWritesOneForm() throws Exception {
        ObjectNode post = guideCall();
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.set("mediaID", file.remove("mediaId"));
        file.set("callUuid", file.remove("callUUID"));
        file.put("size", 44928);
        ((ObjectNode) post.get("eventHistory").get(0)).put("event", "data");
        post.set("mediaFile", post.remove("mediaFiles"));

        Recording r = RecordingCodec.read(post, RecordingKind.CALL);
        Recording reference = RecordingCodec.read(guideCall(), RecordingKind.CALL);

        assertThat(r).isEqualTo(reference);
    }

    @Test
    void ignoresServerComputedUrlsOnInput() throws Exception {
        Recording r = RecordingCodec.read(guideCall(), RecordingKind.CALL);
        assertThat(r.mediaFiles()).allSatisfy(f -> assertThat(f.playId()).isNull());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                        | id",
            "{\"id\":42}                                               | id",
            "{\"id\":\"../etc\"}                                       | id",
            "{\"id\":\"a%2Fb\"}                                        | id",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\"}               | dialedPhoneNumber",
            "{\"id\":\"A\",\"callerPhoneNumber\":1,\"dialedPhoneNumber\":\"2\"} | callerPhoneNumber",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"soon\"} | startTime",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:30Z\"} | stopTime",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:31Z\"} | mediaFiles",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:31Z\",\"mediaFiles\":{}} | mediaFiles",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:31Z\",\"mediaFiles\":[{}]} | mediaFiles[0].startTime",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:31Z\",\"screenRecording\":\"yes\"} | screenRecording",
            "{\"id\":\"A\",\"callerPhoneNumber\":\"1\",\"dialedPhoneNumber\":\"2\",\"startTime\":\"2015-06-24T20:18:31Z\",\"stopTime\":\"2015-06-24T20:18:31Z\",\"callType\":\"Sideways\"} | callType",
    })
    void namesTheFieldThatIsWrong(String json, String field) throws Exception {
        assertThatThrownBy(() -> RecordingCodec.read(Json.parse(json), RecordingKind.CALL))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void namesTheWrongFieldInsideMediaFilesAndEvents() throws Exception {
        ObjectNode post = guideCall();
        ((ObjectNode) post.get("mediaFiles").get(1)).put("size", "-5");
        assertField(post, "mediaFiles[1].size");

        post = guideCall();
        ((ObjectNode) post.get("mediaFiles").get(1)).put("mediaId", "a/b.mp3");
        assertField(post, "mediaFiles[1].mediaId");

        post = guideCall();
        ((ObjectNode) post.get("mediaFiles").get(1)).put("mediaId", post.get("mediaFiles").get(0).get("mediaId").asText());
        assertField(post, "mediaFiles[1].mediaId");

        post = guideCall();
        ((ObjectNode) post.get("eventHistory").get(3)).put("event", "Exploded");
        assertField(post, "eventHistory[3].event");

        post = guideCall();
        ((ObjectNode) post.get("eventHistory").get(0).get("data").get("added")).putObject("nested");
        assertField(post, "eventHistory[0].data.added.nested");

        post = guideCall();
        ((ObjectNode) post.get("mediaFiles").get(0)).put("accessgroups", "/team1");
        assertField(post, "mediaFiles[0].accessgroups");

        post = guideCall();
        ObjectNode first = (ObjectNode) post.get("mediaFiles").get(0);
        first.put("mediaID", "other.mp3");
        assertField(post, "mediaFiles[0].mediaId");
    }

    @Test
    void refusesControlCharactersAndOversizedText() throws Exception {
        ObjectNode post = guideCall();
        post.put("callerPhoneNumber", "100\u00000");
        assertField(post, "callerPhoneNumber");

        post = guideCall();
        post.put("region", "x".repeat(10_000));
        assertField(post, "region");
    }

    private static void assertField(JsonNode post, String field) {
        assertThatThrownBy(() -> RecordingCodec.read(post, RecordingKind.CALL))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
