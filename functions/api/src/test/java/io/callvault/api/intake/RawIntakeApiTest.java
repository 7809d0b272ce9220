package io.callvault.api.intake;

import static io.callvault.api.intake.IntakeTestSupport.RAW;
import static io.callvault.api.intake.IntakeTestSupport.RAW_NO_SLASH;
import static io.callvault.api.intake.IntakeTestSupport.STACK;
import static io.callvault.api.intake.IntakeTestSupport.TABLE;
import static io.callvault.api.intake.IntakeTestSupport.enrichMessages;
import static io.callvault.api.intake.IntakeTestSupport.file;
import static io.callvault.api.intake.IntakeTestSupport.guard;
import static io.callvault.api.intake.IntakeTestSupport.mediaId;
import static io.callvault.api.intake.IntakeTestSupport.mediaServer;
import static io.callvault.api.intake.IntakeTestSupport.newCallUuid;
import static io.callvault.api.intake.IntakeTestSupport.number;
import static io.callvault.api.intake.IntakeTestSupport.partition;
import static io.callvault.api.intake.IntakeTestSupport.rawPost;
import static io.callvault.api.intake.IntakeTestSupport.setStatus;
import static io.callvault.api.intake.IntakeTestSupport.state;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.MovableClock;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.RawSegment;
import io.callvault.core.model.SegmentFlag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The media server's raw post ({@link RawIntakeHandler}) on DynamoDB Local and ElasticMQ: what is answered, what
 * lands in the intake table, which enrichment checks are queued (spec intake.md §7.4 items 1-9, 17).
 */
class RawIntakeApiTest {
    final MovableClock clock = new MovableClock(Instant.parse("2030-01-02T03:04:05.678Z"));
    final IntakeDependencies deps = new IntakeDependencies(ApiEvents.env(RawIntakeHandler.class), clock);
    final RawIntakeHandler handler = new RawIntakeHandler(RawIntakeHandler.services(deps));
    final IntakeLedger ledger = deps.ledger();
    String ccid;
    String callUuid;

    @BeforeEach
    void tenant() {
        ccid = IntakeTestSupport.newContactCenter("raw-intake-");
        callUuid = newCallUuid();
    }

    APIGatewayV2HTTPResponse post(String body) {
        return post(body, mediaServer(ccid));
    }

    APIGatewayV2HTTPResponse post(String body, Map<String, String> who) {
        return handler.handleRequest(event(RAW, Map.of("ccid", ccid), null, body, who), null);
    }

    APIGatewayV2HTTPResponse post(JsonNode body) {
        return post(Json.write(body));
    }

    static void status(APIGatewayV2HTTPResponse r, int status, String field) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        if (field != null) {
            assertThat(json(r).path("field").asText()).as(r.getBody()).isEqualTo(field);
        }
        assertThat(r.getBody()).doesNotContain("user:password").doesNotContainIgnoringCase("speechminer_auth");
    }

    static JsonNode outcome(APIGatewayV2HTTPResponse r, int index) {
        return json(r).get("mediaFiles").get(index);
    }

    /** Nothing of this tenant's call and no guard of the mediaId: a refused post wrote nothing. */
    void nothingWritten(String mediaId) {
        assertThat(partition(ccid, callUuid)).isEmpty();
        assertThat(guard(mediaId)).isNull();
    }

    // ------------------------------------------------------------------ the good path

    @Test
    void aNewMediaFileIsKeptRegisteredAndScheduledOnceAndItsRepeatIsADuplicate() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        APIGatewayV2HTTPResponse created = post(body);
        status(created, 201, null);
        assertThat(json(created).get("statusCode").asInt()).isZero();
        assertThat(outcome(created, 0).get("mediaId").asText()).isEqualTo(mediaId);
        assertThat(outcome(created, 0).get("callUuid").asText()).isEqualTo(callUuid);
        assertThat(outcome(created, 0).get("outcome").asText()).isEqualTo("STORED");
        assertThat(outcome(created, 0).get("flags").toString()).isEqualTo("[\"RECEIVER_CREDENTIALS_STRIPPED\"]");

        Instant now = clock.instant();
        long expires = now.plus(Duration.ofDays(45)).getEpochSecond();
        Map<String, AttributeValue> g = guard(mediaId);
        RawSegment parsed = MediaServerPostCodec.read(ccid, body).segments().get(0);
        assertThat(g.get("ccid").s()).isEqualTo(ccid);
        assertThat(g.get("callUuid").s()).isEqualTo(callUuid);
        assertThat(g.get("fingerprint").s()).isEqualTo(parsed.fingerprint());
        assertThat(g.get("receivedAt").s()).isEqualTo(IntakeKeys.sortableTime(now));
        assertThat(number(g, "expiresAt")).isEqualTo(expires);

        String pk = IntakeKeys.call(ccid, callUuid);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        assertThat(number(st, "changeSeq")).isEqualTo(1);
        assertThat(number(st, "segments")).isEqualTo(1);
        assertThat(st.get("mediaIds").ss()).containsExactly(mediaId);
        assertThat(st.get("firstSeenAt").s()).isEqualTo(IntakeKeys.sortableTime(now));
        assertThat(st.get("dueAt").s()).isEqualTo(IntakeKeys.sortableTime(now));
        assertThat(st.get("duePK").s()).isEqualTo(IntakeKeys.dueShard(pk));
        assertThat(st.get("dueSK").s()).isEqualTo(IntakeKeys.dueSort(now, pk, "STATE"));
        assertThat(st.get("statusPK").s()).isEqualTo("CC#" + ccid + "#PENDING");
        assertThat(st.get("statusSK").s()).isEqualTo(IntakeKeys.sortableTime(now) + "#" + pk + "#STATE");
        assertThat(number(st, "expiresAt")).isEqualTo(expires);
        assertThat(partition(ccid, callUuid)).extracting(i -> i.get("SK").s())
                .containsExactly("SEG#" + mediaId, "STATE");
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));

        // The retry, later, through the route without the slash: nothing new, nothing queued (a check is on its way
        // and not due yet as far as this post can tell: the enrichment moved dueAt).
        clock.advance(Duration.ofMinutes(1));
        STACK.dynamo().updateItem(b -> b.tableName(TABLE).key(Map.of("PK", AttributeValue.fromS(pk),
                        "SK", AttributeValue.fromS("STATE")))
                .updateExpression("SET dueAt = :later").expressionAttributeValues(Map.of(":later",
                        AttributeValue.fromS(IntakeKeys.sortableTime(clock.instant().plus(Duration.ofMinutes(5)))))));
        APIGatewayV2HTTPResponse again = handler.handleRequest(event(RAW_NO_SLASH, Map.of("ccid", ccid), null,
                Json.write(body), mediaServer(ccid)), null);
        status(again, 200, null);
        assertThat(outcome(again, 0).get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(1);
        assertThat(guard(mediaId)).isEqualTo(g);
        assertThat(enrichMessages(ccid)).isEmpty();
    }

    @Test
    void casingKeyOrderAndTimeOffsetVariantsParseIdenticallyAndAreDuplicates() {
        String mediaId = mediaId(callUuid, 1);
        status(post(rawPost(callUuid, mediaId)), 201, null);
        String variant = """
                {"MEDIAFILE": [{"PARAMETERS": {"CALLUUID": "%s", "ID": "%s_2015-06-24_20-18-30", "recordDn": "1000",
                  "AgentID": "1000", "ANI": "1000", "DNIS": "1002", "connid": "007002684ae93003",
                  "datetime": "2015-06-24T20:18:30Z", "SipsAppName": "SIPS_vagrant.genesys.com", "PARTITIONS": "sales",
                  "RP.SpeechMiner_URI": "http://sm/interactionreceiver", "RP_SPEECHMINER_AUTH": "user:password"},
                  "stoptime": "2015-06-24T22:18:42+02:00", "STARTTIME": "2015-06-24T20:18:31.000+0000",
                  "mediaID": "%s", "TYPE": "audio/mp3", "Duration": "11300", "SIZE": 44928, "Tenant": "Environment",
                  "IVRProfile": "DefaultIVRProfile", "callUuid": "%s"}]}
                """.formatted(callUuid, callUuid, mediaId, callUuid);
        APIGatewayV2HTTPResponse r = post(variant);
        status(r, 200, null);
        assertThat(outcome(r, 0).get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(guard(mediaId)).doesNotContainKey("conflicts");
    }

    @Test
    void stopTimeEqualToStartTimeIsAcceptedAndFlagged() {
        ObjectNode body = rawPost(callUuid, mediaId(callUuid, 1));
        file(body).put("stopTime", file(body).get("startTime").asText());
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 201, null);
        assertThat(outcome(r, 0).get("flags").toString()).contains("STOP_TIME_EQUALS_START_TIME");
        assertThat(ledger.load(ccid, callUuid).segments().get(0).flags()).contains(SegmentFlag.STOP_TIME_EQUALS_START_TIME);
    }

    @Test
    void aDifferentBodyUnderAKnownMediaIdIsAConflictThatKeepsTheFirst() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode first = rawPost(callUuid, mediaId);
        status(post(first), 201, null);
        enrichMessages(ccid);
        Map<String, AttributeValue> before = guard(mediaId);

        ObjectNode other = rawPost(callUuid, mediaId);
        file(other).put("size", "99999");
        APIGatewayV2HTTPResponse r = post(other);
        status(r, 200, null);
        assertThat(outcome(r, 0).get("outcome").asText()).isEqualTo("CONFLICT");
        status(post(other), 200, null);
        Map<String, AttributeValue> after = guard(mediaId);
        assertThat(number(after, "conflicts")).isEqualTo(2);
        assertThat(after.get("fingerprint")).isEqualTo(before.get("fingerprint"));
        assertThat(after.get("receivedAt")).isEqualTo(before.get("receivedAt"));
        CallIntake call = ledger.load(ccid, callUuid);
        assertThat(call.segments()).containsExactly(MediaServerPostCodec.read(ccid, first).segments().get(0));
        assertThat(call.changeSeq()).isEqualTo(1);
        assertThat(enrichMessages(ccid)).isEmpty();
    }

    // ------------------------------------------------------------------ refused posts write nothing

    @ParameterizedTest
    @ValueSource(strings = {"{\"mediaFiles\":[{\"mediaId\":\"M1\",", "{\"mediaFiles\": [}", "not json", "[1,2",
            "{\"mediaFiles\":[{\"parameters\":{\"rp.speechminer_auth\":\"user:password\"", "{} {}"})
    void malformedAndTruncatedBodiesAre400NamingTheBodyOnly(String body) {
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 400, "body");
        assertThat(json(r).get("message").asText()).startsWith("body: ");
    }

    @Test
    void anEmptyBodyIs400() {
        status(post(""), 400, null);
        status(post((String) null), 400, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mediaId", "startTime", "parameters", "parameters.callUuid", "parameters.id"})
    void missingIdsAre400NamingTheFieldAndWriteNothing(String missing) {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        ObjectNode file = file(body);
        if (missing.startsWith("parameters.")) {
            ((ObjectNode) file.get("parameters")).remove(missing.substring("parameters.".length()));
        } else {
            file.remove(missing);
        }
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 400, "mediaFiles[0]." + missing);
        nothingWritten(mediaId);
    }

    @Test
    void wrongTypesAre400NamingTheFieldOrFlaggedWhereTheGuideTolerates() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        file(body).put("parameters", "user:password");
        status(post(body), 400, "mediaFiles[0].parameters");
        body = rawPost(callUuid, mediaId);
        file(body).putObject("startTime").put("at", 1);
        status(post(body), 400, "mediaFiles[0].startTime");
        status(post("{\"mediaFiles\":\"" + mediaId + "\"}"), 400, "mediaFiles");
        status(post("{\"mediaFiles\":[]}"), 400, "mediaFiles");
        body = rawPost(callUuid, mediaId);
        file(body).put("startTime", "yesterday");
        status(post(body), 400, "mediaFiles[0].startTime");
        nothingWritten(mediaId);

        body = rawPost(callUuid, mediaId);
        file(body).put("size", "a lot");
        file(body).put("duration", -5);
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 201, null);
        assertThat(outcome(r, 0).get("flags").toString()).contains("SIZE_DROPPED", "DURATION_DROPPED");
    }

    @Test
    void stopTimeBeforeStartTimeIs400() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        file(body).put("stopTime", "2015-06-24T20:18:30Z");
        status(post(body), 400, "mediaFiles[0].stopTime");
        nothingWritten(mediaId);
    }

    @Test
    void pkcs7WithoutCertAliasIs400() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        file(body).put("pkcs7", "-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----");
        status(post(body), 400, "mediaFiles[0].certAlias");
        file(body).putArray("certAlias");
        status(post(body), 400, "mediaFiles[0].certAlias");
        nothingWritten(mediaId);
        file(body).putArray("certAlias").add("tenant-key-2024");
        status(post(body), 201, null);
    }

    @Test
    void aBodyOverOneMebibyteIs413AndABase64BodyIsRead() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        file(body).putObject("mediaDescriptor").put("padding", "x".repeat(1 << 20));
        status(post(body), 413, null);
        nothingWritten(mediaId);

        APIGatewayV2HTTPEvent encoded = event(RAW, Map.of("ccid", ccid), null, Base64.getEncoder().encodeToString(
                Json.write(rawPost(callUuid, mediaId)).getBytes(StandardCharsets.UTF_8)), mediaServer(ccid));
        encoded.setIsBase64Encoded(true);
        status(handler.handleRequest(encoded, null), 201, null);
        APIGatewayV2HTTPEvent broken = event(RAW, Map.of("ccid", ccid), null, "%%%", mediaServer(ccid));
        broken.setIsBase64Encoded(true);
        status(handler.handleRequest(broken, null), 400, null);
    }

    @Test
    void hostileValuesAreBoundedWithAClear400AndNoTimeout() {
        String mediaId = mediaId(callUuid, 1);
        long start = System.nanoTime();
        ObjectNode manyKeys = rawPost(callUuid, mediaId);
        ObjectNode parameters = (ObjectNode) file(manyKeys).get("parameters");
        IntStream.range(0, 10_000).forEach(i -> parameters.put("k" + i, "v"));
        status(post(manyKeys), 400, "mediaFiles[0].parameters");

        ObjectNode bigValue = rawPost(callUuid, mediaId);
        ((ObjectNode) file(bigValue).get("parameters")).put("GSIP_NOTE", "x".repeat(900_000));
        status(post(bigValue), 400, "mediaFiles[0].parameters");

        ObjectNode megabyte = rawPost(callUuid, mediaId);
        ((ObjectNode) file(megabyte).get("parameters")).put("GSIP_NOTE", "x".repeat(1 << 20));
        status(post(megabyte), 413, null);

        ObjectNode deep = rawPost(callUuid, mediaId);
        ObjectNode at = file(deep).putObject("mediaDescriptor");
        for (int i = 0; i < 200; i++) {
            at = at.putObject("d");
        }
        status(post(deep), 400, "body");

        ObjectNode hugeDescriptor = rawPost(callUuid, mediaId);
        ObjectNode descriptor = file(hugeDescriptor).putObject("mediaDescriptor");
        IntStream.range(0, 40).forEach(i -> descriptor.put("p" + i, "y".repeat(10_000)));
        status(post(hugeDescriptor), 400, "mediaFiles[0]");
        nothingWritten(mediaId);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------ who may post

    @Test
    void anotherTenantsTokenOrAMissingPermissionIs403AndAnUnknownTenant404() {
        String mediaId = mediaId(callUuid, 1);
        String body = Json.write(rawPost(callUuid, mediaId));
        status(post(body, mediaServer(IntakeTestSupport.newContactCenter("raw-other-"))), 403, null);
        status(post(body, claims(ccid, "mcp", List.of("RECORDING_READ", "CONTACT_CENTER_ADMIN"), List.of(), false)), 403, null);
        status(post(body, null), 401, null);
        // An unauthorised caller learns nothing about the body, not even that it is too large.
        status(post("x".repeat((1 << 20) + 1), claims(ccid, "mcp", List.of(), List.of(), false)), 403, null);
        nothingWritten(mediaId);
        String unknown = java.util.UUID.randomUUID().toString();
        status(handler.handleRequest(event(RAW, Map.of("ccid", unknown), null, body, mediaServer(unknown)), null), 404, null);
        assertThat(guard(mediaId)).isNull();
    }

    @Test
    void aMediaIdOfAnotherContactCenterIs409AndLeavesTheFirstUntouched() {
        String mediaId = mediaId(callUuid, 1);
        status(post(rawPost(callUuid, mediaId)), 201, null);
        Map<String, AttributeValue> first = guard(mediaId);
        List<Map<String, AttributeValue>> firstPartition = partition(ccid, callUuid);

        String owner = ccid;
        ccid = IntakeTestSupport.newContactCenter("raw-thief-");
        APIGatewayV2HTTPResponse r = post(rawPost(callUuid, mediaId));
        status(r, 409, null);
        assertThat(json(r).get("message").asText()).contains(mediaId).doesNotContain(owner);
        assertThat(guard(mediaId)).isEqualTo(first);
        assertThat(partition(ccid, callUuid)).isEmpty();
        assertThat(partition(owner, callUuid)).isEqualTo(firstPartition);

        // A post of two files, one new and one taken: nothing of it is written.
        String fresh = mediaId(callUuid, 2);
        ObjectNode two = rawPost(callUuid, fresh);
        ((ArrayNode) two.get("mediaFiles")).add(file(rawPost(callUuid, mediaId)));
        status(post(two), 409, null);
        nothingWritten(fresh);
        assertThat(enrichMessages(ccid)).isEmpty();
    }

    // ------------------------------------------------------------------ the credential

    @Test
    void theReceiverCredentialIsInNoItemAndNoAnswerInAnySpelling() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        ObjectNode parameters = (ObjectNode) file(body).get("parameters");
        parameters.put("RP_SPEECHMINER_AUTH", "user:password");
        parameters.put("Rp.SpeechMiner_Auth", "user:password");
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 201, null);
        List<Map<String, AttributeValue>> items = new ArrayList<>(partition(ccid, callUuid));
        items.add(guard(mediaId));
        assertThat(items).hasSize(3);
        assertThat(items.toString()).doesNotContain("user:password").doesNotContainIgnoringCase("speechminer_auth")
                .contains("rp.speechminer_uri");
        ObjectNode bad = rawPost(callUuid, mediaId(callUuid, 2));
        file(bad).remove("startTime");
        status(post(bad), 400, "mediaFiles[0].startTime");
    }

    // ------------------------------------------------------------------ state transitions and recovery

    @Test
    void aSegmentAfterTheStoreMakesTheCallPendingAgainWithOneCheck() {
        status(post(rawPost(callUuid, mediaId(callUuid, 1))), 201, null);
        assertThat(enrichMessages(ccid)).hasSize(1);
        setStatus(ccid, callUuid, "STORED");
        clock.advance(Duration.ofMinutes(30));

        status(post(rawPost(callUuid, mediaId(callUuid, 2))), 201, null);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        assertThat(number(st, "changeSeq")).isEqualTo(2);
        assertThat(number(st, "segments")).isEqualTo(2);
        assertThat(st.get("dueAt").s()).isEqualTo(IntakeKeys.sortableTime(clock.instant()));
        assertThat(st.get("statusSK").s()).startsWith(IntakeKeys.sortableTime(clock.instant()));
        assertThat(st.get("firstSeenAt").s()).isEqualTo(IntakeKeys.sortableTime(clock.instant().minus(Duration.ofMinutes(30))));
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));
    }

    @Test
    void retryingAndDeadCallsKeepTheirStatusAndQueueNothing() {
        status(post(rawPost(callUuid, mediaId(callUuid, 1))), 201, null);
        enrichMessages(ccid);
        setStatus(ccid, callUuid, "RETRYING");
        clock.advance(Duration.ofMinutes(1));
        status(post(rawPost(callUuid, mediaId(callUuid, 2))), 201, null);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("RETRYING");
        assertThat(number(st, "changeSeq")).isEqualTo(2);
        assertThat(st).doesNotContainKeys("dueAt", "duePK");
        assertThat(number(st, "expiresAt")).isEqualTo(clock.instant().plus(Duration.ofDays(45)).getEpochSecond());

        setStatus(ccid, callUuid, "DEAD");
        long expiresBefore = number(state(ccid, callUuid), "expiresAt");
        clock.advance(Duration.ofMinutes(1));
        status(post(rawPost(callUuid, mediaId(callUuid, 3))), 201, null);
        st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("DEAD");
        assertThat(number(st, "changeSeq")).isEqualTo(3);
        assertThat(number(st, "expiresAt")).as("a dead call's expiry is the re-drive's business").isEqualTo(expiresBefore);
        assertThat(enrichMessages(ccid)).isEmpty();
    }

    @Test
    void aRetryFinishesWhatAnAttemptThatDiedAfterItsGuardLeftUndone() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        assertThat(ledger.claim(MediaServerPostCodec.read(ccid, body).segments().get(0))).isEmpty();
        APIGatewayV2HTTPResponse r = post(body);
        status(r, 200, null);
        assertThat(outcome(r, 0).get("outcome").asText()).isEqualTo("DUPLICATE");
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        assertThat(number(st, "changeSeq")).isEqualTo(1);
        assertThat(ledger.load(ccid, callUuid).segments()).hasSize(1);
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));
    }

    @Test
    void aCheckThatCouldNotBeQueuedIs503AndTheRetryQueuesIt() {
        String mediaId = mediaId(callUuid, 1);
        ObjectNode body = rawPost(callUuid, mediaId);
        IntakeQueue broken = new IntakeQueue(deps.sqs(), STACK.queueUrl("EnrichQueue") + "-missing");
        RawIntakeHandler failing = new RawIntakeHandler(new RawIntake(ledger, deps.contactCenters(), broken,
                new Metrics(clock), clock));
        APIGatewayV2HTTPResponse r = failing.handleRequest(event(RAW, Map.of("ccid", ccid), null, Json.write(body),
                mediaServer(ccid)), null);
        status(r, 503, null);
        assertThat(state(ccid, callUuid).get("status").s()).as("the post is durable").isEqualTo("PENDING");
        assertThat(enrichMessages(ccid)).isEmpty();

        clock.advance(Duration.ofSeconds(100));
        APIGatewayV2HTTPResponse retry = post(body);
        status(retry, 200, null);
        assertThat(outcome(retry, 0).get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(1);
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));
    }

    // ------------------------------------------------------------------ storms

    @Test
    void thirtyParallelPostsOfOneBodyStoreItOnce() throws Exception {
        String mediaId = mediaId(callUuid, 1);
        String body = Json.write(rawPost(callUuid, mediaId));
        List<APIGatewayV2HTTPResponse> answers = parallel(30, i -> post(body));
        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(200, 201);
        assertThat(answers).filteredOn(a -> a.getStatusCode() == 201).hasSize(1);
        assertThat(answers).extracting(a -> outcome(a, 0).get("outcome").asText())
                .filteredOn("STORED"::equals).hasSize(1);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(number(st, "changeSeq")).isEqualTo(1);
        assertThat(number(st, "segments")).isEqualTo(1);
        assertThat(partition(ccid, callUuid)).hasSize(2);
        assertThat(guard(mediaId)).doesNotContainKey("conflicts");
        assertThat(enrichMessages(ccid)).isNotEmpty().containsOnly(new IntakeMessage(ccid, callUuid));
    }

    @Test
    void thirtyParallelPostsOfThirtySegmentsOfOneCallAllLand() throws Exception {
        List<APIGatewayV2HTTPResponse> answers = parallel(30, i -> post(Json.write(rawPost(callUuid, mediaId(callUuid, i)))));
        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(201);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        assertThat(number(st, "changeSeq")).isEqualTo(30);
        assertThat(number(st, "segments")).isEqualTo(30);
        assertThat(st.get("mediaIds").ss()).hasSize(30);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        CallIntake call = ledger.load(ccid, callUuid);
        assertThat(call.segments()).extracting(RawSegment::mediaId)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).mapToObj(i -> mediaId(callUuid, i)).toList());
        IntStream.range(0, 30).forEach(i -> assertThat(guard(mediaId(callUuid, i))).isNotNull());
        assertThat(enrichMessages(ccid)).as("only the post that made the call PENDING queues a check")
                .containsExactly(new IntakeMessage(ccid, callUuid));
    }

    interface Post {
        APIGatewayV2HTTPResponse post(int i);
    }

    static List<APIGatewayV2HTTPResponse> parallel(int n, Post post) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<APIGatewayV2HTTPResponse>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> post.post(index));
            }
            List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
            for (Future<APIGatewayV2HTTPResponse> f : pool.invokeAll(tasks)) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ reading a call back

    @Test
    void loadRebuildsEverySegmentExactlyAsParsed() {
        ObjectNode precise = rawPost(callUuid, mediaId(callUuid, 1));
        file(precise).put("startTime", "2015-06-24T20:18:31.123456789Z");
        file(precise).put("stopTime", "2015-06-24T22:18:42.5+02:00");
        file(precise).putArray("masks").addObject().put("time", "2015-06-24T20:18:35.000001Z").put("type", "pause");
        file(precise).putObject("mediaDescriptor").put("storage", "s").put("path", "a/b.mp3").putObject("data")
                .put("bucket", "b").put("n", 1.5).put("big", 12345678901234567L);
        ObjectNode tolerated = rawPost(callUuid, mediaId(callUuid, 2));
        file(tolerated).remove(List.of("stopTime", "tenant"));
        file(tolerated).put("size", -1);
        file(tolerated).put("partitions", "/sales, /support,,/sales");
        ObjectNode encrypted = rawPost(callUuid, mediaId(callUuid, 3));
        file(encrypted).put("pkcs7", "-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----");
        file(encrypted).putArray("certAlias").add("a1").add("a2");
        file(encrypted).put("channels", 2);
        List<RawSegment> expected = new ArrayList<>();
        for (ObjectNode body : List.of(precise, tolerated, encrypted)) {
            status(post(body), 201, null);
            expected.add(MediaServerPostCodec.read(ccid, body).segments().get(0));
        }
        assertThat(expected.get(1).flags()).contains(SegmentFlag.STOP_TIME_MISSING, SegmentFlag.TENANT_MISSING,
                SegmentFlag.SIZE_DROPPED, SegmentFlag.RECEIVER_CREDENTIALS_STRIPPED);

        CallIntake call = ledger.load(ccid, callUuid);
        assertThat(call.segments()).containsExactlyElementsOf(expected);
        assertThat(call.segments()).extracting(RawSegment::fingerprint)
                .containsExactlyElementsOf(expected.stream().map(RawSegment::fingerprint).toList());
        assertThat(call.events()).isEmpty();
        assertThat(call.status()).isEqualTo("PENDING");
        assertThat(call.state()).isEqualTo(CallIntake.Status.PENDING);
        assertThat(call.changeSeq()).isEqualTo(3);
        assertThat(call.segmentCount()).isEqualTo(3);
        assertThat(call.storedSeq()).isZero();
        assertThat(call.firstSeenAt()).isEqualTo(clock.instant());
        assertThat(call.dueAt()).isEqualTo(clock.instant());
        assertThat(call.attempts()).isZero();
        assertThat(call.firstAttemptAt()).isNull();
        assertThat(ledger.load(ccid, newCallUuid()).exists()).isFalse();
    }
}
