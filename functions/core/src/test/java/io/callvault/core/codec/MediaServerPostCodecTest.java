package io.callvault.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaServerPost;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.SegmentFlag;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The media server's bare post (spec intake.md §1.2) and the bad-input cases of §7.4 that concern parsing. */
class MediaServerPostCodecTest {
    static final String CCID = IntakeFixtures.CCID;
    static final String CALL_ID = GuideFixtures.CALL_ID;
    static final String SECRET = "user:password";

    static ObjectNode mcpPost() {
        return (ObjectNode) GuideFixtures.load("mcp-media-file.json");
    }

    static ObjectNode file(ObjectNode post) {
        return (ObjectNode) post.get("mediaFiles").get(0);
    }

    static ObjectNode parameters(ObjectNode post) {
        return (ObjectNode) file(post).get("parameters");
    }

    static RawSegment read(JsonNode post) {
        MediaServerPost parsed = MediaServerPostCodec.read(CCID, post);
        assertThat(parsed.segments()).hasSize(1);
        return parsed.segments().get(0);
    }

    static InvalidFieldException invalid(Runnable r) {
        return Invalid.thrownBy(r);
    }

    @Test
    void readsTheGuidesMetadataFormatExample() {
        RawSegment s = read(mcpPost());

        assertThat(s.recordingId()).isEqualTo(CALL_ID);
        assertThat(s.sessionId()).isEqualTo(CALL_ID + "_2015-06-24_20-19-03");
        assertThat(s.mediaId()).isEqualTo(CALL_ID + "_2015-06-24_20-19-03-00710158-100043FF-00000001.mp3");
        assertThat(s.idempotencyKey()).isEqualTo(new RawSegment.IdempotencyKey(CCID, s.mediaId()));
        assertThat(s.aggregationKey()).isEqualTo(new RawSegment.AggregationKey(CCID, CALL_ID));
        assertThat(s.mediaFile().startTime()).isEqualTo(Instant.parse("2015-06-24T20:19:03Z"));
        assertThat(s.mediaFile().stopTime()).isEqualTo(Instant.parse("2015-06-24T20:19:36Z"));
        assertThat(s.mediaFile().size()).isEqualTo(129888L);
        assertThat(s.mediaFile().duration()).isEqualTo("32662");
        assertThat(s.mediaFile().callUuid()).as("media-level callUUID defaults to the parameter").isEqualTo(CALL_ID);
        assertThat(s.mediaFile().mediaDescriptor().path("data").path("bucket").asText()).isEqualTo("bucket2");
        assertThat(s.agentId()).isEqualTo("1001");
        assertThat(s.recordDn()).isEqualTo("1001");
        assertThat(s.ani()).isEqualTo("1000");
        assertThat(s.dnis()).isEqualTo("1002");
        assertThat(s.username()).isNull();
        assertThat(s.flags()).containsExactly(SegmentFlag.RECEIVER_CREDENTIALS_STRIPPED);
        assertThat(s.mediaFile().parameters().get("rp.speechminer_uri").asText()).isEqualTo("http://sm/interactionreceiver");
    }

    @Test
    void theReceiverCredentialIsGoneInEverySpellingAndNeverPrinted() {
        for (String name : new String[] {"rp.speechminer_auth", "RP.SpeechMiner_Auth", "rp.speechminer.auth", "rp_speechminer_auth"}) {
            ObjectNode post = mcpPost();
            parameters(post).remove("rp.speechminer_auth");
            parameters(post).put(name, SECRET);
            RawSegment s = read(post);
            assertThat(Json.write(s.mediaFile().parameters())).as(name).doesNotContain(SECRET).doesNotContainIgnoringCase("speechminer_auth");
            assertThat(s.toString()).doesNotContain(SECRET);
            assertThat(s.flags()).contains(SegmentFlag.RECEIVER_CREDENTIALS_STRIPPED);
        }
    }

    @Test
    void errorsNeverQuoteTheCredential() {
        // Two spellings of the credential with different values: the fold must not be what reports it.
        ObjectNode post = mcpPost();
        parameters(post).put("RP.SPEECHMINER_AUTH", "other:secret");
        assertThat(read(post).toString()).doesNotContain("other:secret").doesNotContain(SECRET);

        ObjectNode asText = mcpPost();
        file(asText).put("parameters", "rp.speechminer_auth=" + SECRET);
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, asText)).getMessage()).doesNotContain(SECRET);

        String unquoted = "{\"mediaFiles\":[{\"parameters\":{\"rp.speechminer_auth\": hunter2secret}}]}";
        InvalidFieldException e = invalid(() -> MediaServerPostCodec.parse(CCID, unquoted));
        assertThat(e.field()).isEqualTo("body");
        assertThat(e.getMessage()).contains("not valid JSON at line 1").doesNotContain("hunter2");

        String truncated = "{\"mediaFiles\":[{\"parameters\":{\"rp.speechminer_auth\":\"" + SECRET;
        e = invalid(() -> MediaServerPostCodec.parse(CCID, truncated));
        assertThat(e.getMessage()).contains("truncated").doesNotContain(SECRET);
    }

    @Test
    void keyCasingVariantsParseIdentically() {
        RawSegment reference = read(mcpPost());

        ObjectNode post = mcpPost();
        ObjectNode f = file(post);
        f.set("mediaID", f.remove("mediaId"));
        f.set("StartTime", f.remove("startTime"));
        f.put("callUUID", CALL_ID);
        ObjectNode p = parameters(post);
        p.set("calluuid", p.remove("callUuid"));
        p.set("connid", p.remove("connId"));
        p.set("recordDn", p.remove("recordDN"));
        p.set("ID", p.remove("id"));
        post.set("MediaFile", post.remove("mediaFiles"));
        RawSegment variant = read(post);

        assertThat(variant.mediaFile()).isEqualTo(reference.mediaFile());
        assertThat(variant.fingerprint()).isEqualTo(reference.fingerprint());
        assertThat(variant.mediaFile().parameters().has("recordDN")).as("written in the example's casing").isTrue();
        assertThat(variant.mediaFile().parameters().has("connId")).isTrue();

        ObjectNode upper = mcpPost();
        parameters(upper).set("CALLUUID", parameters(upper).remove("callUuid"));
        file(upper).set("MEDIAID", file(upper).remove("mediaId"));
        assertThat(read(upper).mediaFile()).isEqualTo(reference.mediaFile());
    }

    @Test
    void twoSpellingsWithDifferentValuesAreAmbiguous() {
        ObjectNode post = mcpPost();
        parameters(post).put("calluuid", "029UDMMJ90A0L8151CGQHG5AES000099");
        InvalidFieldException e = invalid(() -> MediaServerPostCodec.read(CCID, post));
        assertThat(e.field()).isEqualTo("mediaFiles[0].parameters.callUuid");
        assertThat(e.getMessage()).contains("given twice with different values");

        ObjectNode same = mcpPost();
        parameters(same).put("CALLUUID", CALL_ID);
        assertThat(read(same).recordingId()).isEqualTo(CALL_ID);
    }

    @Test
    void theSameFileInAnotherFormHasTheSameFingerprint() {
        RawSegment reference = read(mcpPost());
        ObjectNode post = mcpPost();
        file(post).put("startTime", "2015-06-24T20:19:03.000+0000");
        file(post).put("size", 129888);
        ObjectNode reordered = Json.object();
        var names = new java.util.ArrayList<String>();
        file(post).fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, file(post).get(n)));
        post.putArray("mediaFiles").add(reordered);
        assertThat(read(post).fingerprint()).isEqualTo(reference.fingerprint());

        ObjectNode other = mcpPost();
        file(other).put("size", "129889");
        assertThat(read(other).fingerprint()).isNotEqualTo(reference.fingerprint());
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({
            "mediaId,              mediaFiles[0].mediaId",
            "startTime,            mediaFiles[0].startTime",
            "parameters,           mediaFiles[0].parameters",
            "parameters.callUuid,  mediaFiles[0].parameters.callUuid",
            "parameters.id,        mediaFiles[0].parameters.id",
    })
    void missingIdsAreRefusedNamingTheField(String missing, String field) {
        ObjectNode post = mcpPost();
        if (missing.startsWith("parameters.")) {
            parameters(post).remove(missing.substring("parameters.".length()));
        } else {
            file(post).remove(missing);
        }
        InvalidFieldException e = invalid(() -> MediaServerPostCodec.read(CCID, post));
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains("required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mediaId with a control char | mediaId    | \"a\\u0001b.mp3\"",
            "mediaId with a slash        | mediaId    | \"../x.mp3\"",
            "mediaId not a string        | mediaId    | 42",
            "callUuid with a space       | parameters.callUuid | \"029U DMM\"",
            "id with a control char      | parameters.id | \"x\\u0000y\"",
            "startTime unparseable       | startTime  | \"yesterday\"",
            "startTime without an offset | startTime  | \"2015-06-24T20:19:03\"",
            "stopTime unparseable        | stopTime   | \"2015-13-24T20:19:36Z\"",
            "stopTime before startTime   | stopTime   | \"2015-06-24T20:19:02Z\"",
            "type not a string           | type       | 7",
            "channels out of range       | channels   | 33",
            "mediaDescriptor not an object | mediaDescriptor | \"bucket2\"",
    })
    void badValuesAreRefusedNamingTheField(String name, String field, String json) throws Exception {
        ObjectNode post = mcpPost();
        JsonNode value = Json.parse(json);
        if (field.startsWith("parameters.")) {
            parameters(post).set(field.substring("parameters.".length()), value);
        } else {
            file(post).set(field, value);
        }
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, post)).field()).isEqualTo("mediaFiles[0]." + field);
    }

    @Test
    void stopTimeEqualToStartTimeIsTheMediaServersFailureCaseAndIsAcceptedWithAFlag() {
        ObjectNode post = mcpPost();
        file(post).put("stopTime", "2015-06-24T20:19:03Z");
        RawSegment s = read(post);
        assertThat(s.mediaFile().stopTime()).isEqualTo(s.mediaFile().startTime());
        assertThat(s.flags()).contains(SegmentFlag.STOP_TIME_EQUALS_START_TIME);
    }

    @Test
    void aMissingStopTimeIsTakenAsTheStartTimeAndFlagged() {
        ObjectNode post = mcpPost();
        file(post).remove("stopTime");
        RawSegment s = read(post);
        assertThat(s.mediaFile().stopTime()).isEqualTo(Instant.parse("2015-06-24T20:19:03Z"));
        assertThat(s.flags()).contains(SegmentFlag.STOP_TIME_MISSING).doesNotContain(SegmentFlag.STOP_TIME_EQUALS_START_TIME);
    }

    @Test
    void aMissingTenantIsFlaggedNotFatal() {
        ObjectNode post = mcpPost();
        file(post).remove("tenant");
        RawSegment s = read(post);
        assertThat(s.mediaFile().tenant()).isNull();
        assertThat(s.flags()).contains(SegmentFlag.TENANT_MISSING);
    }

    @ParameterizedTest(name = "duration {0}")
    @ValueSource(strings = {"\"-5\"", "-5", "\"12.5\"", "\"0:01:51\"", "true", "{\"ms\":1}", "1.5"})
    void anInvalidDurationIsLeftOutAndFlagged(String json) throws Exception {
        ObjectNode post = mcpPost();
        file(post).set("duration", Json.parse(json));
        RawSegment s = read(post);
        assertThat(s.mediaFile().duration()).isNull();
        assertThat(s.flags()).contains(SegmentFlag.DURATION_DROPPED);
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(strings = {"\"-1\"", "-1", "\"big\"", "false", "[1]", "{\"bytes\":1}", "\"99999999999999999999999\""})
    void anInvalidSizeIsLeftOutAndFlagged(String json) throws Exception {
        ObjectNode post = mcpPost();
        file(post).set("size", Json.parse(json));
        RawSegment s = read(post);
        assertThat(s.mediaFile().size()).isNull();
        assertThat(s.flags()).contains(SegmentFlag.SIZE_DROPPED);
    }

    @Test
    void aNumericSizeAndDurationAreFine() {
        ObjectNode post = mcpPost();
        file(post).put("size", 129888).put("duration", 32662);
        RawSegment s = read(post);
        assertThat(s.mediaFile().size()).isEqualTo(129888L);
        assertThat(s.mediaFile().duration()).isEqualTo("32662");
        assertThat(s.flags()).doesNotContain(SegmentFlag.SIZE_DROPPED, SegmentFlag.DURATION_DROPPED);
    }

    @Test
    void pkcs7WithoutCertAliasIsRefused() {
        ObjectNode post = mcpPost();
        file(post).put("pkcs7", "-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----");
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, post)).field()).isEqualTo("mediaFiles[0].certAlias");
        file(post).putArray("certAlias");
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, post)).field()).isEqualTo("mediaFiles[0].certAlias");
        file(post).putArray("certAlias").add("prefix_Environment:1:CN=ca:01");
        assertThat(read(post).mediaFile().certAlias()).containsExactly("prefix_Environment:1:CN=ca:01");
    }

    @Test
    void aPartitionsStringOnTheMediaFileBecomesAnArray() {
        ObjectNode post = mcpPost();
        file(post).put("partitions", "/sales, /support,,/sales");
        assertThat(read(post).mediaFile().partitions()).containsExactly("/sales", "/support");
    }

    @Test
    void aBareMediaFileIsAcceptedToo() {
        RawSegment wrapped = read(mcpPost());
        RawSegment bare = read(file(mcpPost()));
        assertThat(bare.mediaFile()).isEqualTo(wrapped.mediaFile());
    }

    @Test
    void severalMediaFilesInOnePostAreSeveralSegments() {
        ObjectNode post = IntakeFixtures.rawPost(0);
        post.withArray("mediaFiles").add(IntakeFixtures.rawPost(1).get("mediaFiles").get(0));
        MediaServerPost parsed = MediaServerPostCodec.read(CCID, post);
        assertThat(parsed.segments()).extracting(RawSegment::recordingId).containsOnly(CALL_ID);
        assertThat(parsed.segments()).extracting(RawSegment::agentId).containsExactly("1000", "1001");

        post.withArray("mediaFiles").add(IntakeFixtures.rawPost(0).get("mediaFiles").get(0));
        InvalidFieldException e = invalid(() -> MediaServerPostCodec.read(CCID, post));
        assertThat(e.field()).isEqualTo("mediaFiles[2].mediaId");
        assertThat(e.getMessage()).contains("repeats");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty                 | ''",
            "blank                 | '   '",
            "truncated object      | '{\"mediaFiles\":[{\"mediaId\":\"a.mp3\"'",
            "truncated string      | '{\"mediaFiles\":[{\"mediaId\":\"a.mp'",
            "cut after a key       | '{\"mediaFiles\"'",
            "not JSON              | 'mediaId=a.mp3'",
            "trailing garbage      | '{\"mediaFiles\":[]} {\"x\":1}'",
            "a single quote string | '{''mediaFiles'':[]}'",
            "duplicate key         | '{\"mediaFiles\":[],\"mediaFiles\":[]}'",
    })
    void malformedAndTruncatedBodiesAreRefusedAsTheBody(String name, String body) {
        InvalidFieldException e = invalid(() -> MediaServerPostCodec.parse(CCID, body));
        assertThat(e.field()).isEqualTo("body");
        if (name.startsWith("truncated") || name.startsWith("cut")) {
            assertThat(e.getMessage()).contains("truncated");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an array               | '[1,2]'                          | body",
            "a string               | '\"mediaFiles\"'                 | body",
            "no media file          | '{\"files\":[]}'                 | mediaFiles",
            "empty media files      | '{\"mediaFiles\":[]}'            | mediaFiles",
            "media files an object  | '{\"mediaFiles\":{}}'            | mediaFiles",
            "a media file a number  | '{\"mediaFiles\":[3]}'           | mediaFiles[0]",
    })
    void wrongShapesNameWhatIsWrong(String name, String body, String field) {
        assertThat(invalid(() -> MediaServerPostCodec.parse(CCID, body)).field()).isEqualTo(field);
    }

    @Test
    void hostileSizesAreBounded() {
        ObjectNode many = mcpPost();
        for (int i = 0; i < MediaServerPostCodec.MAX_PARAMETERS; i++) {
            parameters(many).put("k" + i, "v");
        }
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, many)).field()).isEqualTo("mediaFiles[0].parameters");

        ObjectNode huge = mcpPost();
        parameters(huge).put("notes", "x".repeat(MediaServerPostCodec.MAX_PARAMETERS_CHARS));
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, huge)).field()).isEqualTo("mediaFiles[0].parameters");

        ObjectNode files = Json.object();
        for (int i = 0; i <= MediaServerPostCodec.MAX_MEDIA_FILES; i++) {
            ObjectNode f = file(mcpPost());
            f.put("mediaId", "m" + i + ".mp3");
            files.withArray("mediaFiles").add(f);
        }
        assertThat(invalid(() -> MediaServerPostCodec.read(CCID, files)).field()).isEqualTo("mediaFiles");

        String deep = "[".repeat(100) + "]".repeat(100);
        assertThat(invalid(() -> MediaServerPostCodec.parse(CCID, deep)).getMessage()).contains("size limit");

        String long1 = "{\"mediaFiles\":[{\"mediaId\":\"" + "a".repeat((1 << 20) + 10) + "\"}]}";
        assertThat(invalid(() -> MediaServerPostCodec.parse(CCID, long1)).field()).isEqualTo("body");
    }

    @Test
    void aSegmentKeptAsItsMediaFileJsonReadsBackTheSame() {
        // How a queue message or the intake table can carry a segment: no credential left to leak.
        RawSegment s = read(mcpPost());
        ObjectNode kept = Json.object();
        kept.putArray("mediaFiles").add(RecordingCodec.writeMediaFile(
                io.callvault.core.model.RecordingKind.CALL, s.recordingId(), s.mediaFile(), null, false));
        RawSegment back = MediaServerPostCodec.parse(CCID, Json.write(kept)).segments().get(0);
        assertThat(back.mediaFile()).isEqualTo(s.mediaFile());
        assertThat(back.fingerprint()).isEqualTo(s.fingerprint());
        assertThat(back.sessionId()).isEqualTo(s.sessionId());
        assertThat(Json.write(kept)).doesNotContain(SECRET);
    }

    @Test
    void theContactCenterMustBeAnId() {
        assertThat(invalid(() -> MediaServerPostCodec.read("../x", mcpPost())).field()).isEqualTo("ccid");
    }

    @Test
    void multibyteValuesRoundTripUnchanged() {
        ObjectNode post = mcpPost();
        parameters(post).put("username", "Zoë_Łukasz_山田");
        RawSegment s = read(post);
        assertThat(s.username()).isEqualTo("Zoë_Łukasz_山田");
        RawSegment again = MediaServerPostCodec.parse(CCID, Json.write(post)).segments().get(0);
        assertThat(again.mediaFile()).isEqualTo(s.mediaFile());
    }
}
