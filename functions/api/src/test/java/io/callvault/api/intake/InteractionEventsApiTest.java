package io.callvault.api.intake;

import static io.callvault.api.intake.IntakeTestSupport.EVENTS;
import static io.callvault.api.intake.IntakeTestSupport.RAW;
import static io.callvault.api.intake.IntakeTestSupport.enrichMessages;
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

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.MovableClock;
import io.callvault.core.codec.InteractionEventCodec;
import io.callvault.core.codec.MediaServerPostCodec;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.json.Json;
import io.callvault.core.model.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The telephony side's interaction events ({@link InteractionEventsHandler}) on DynamoDB Local and ElasticMQ,
 * before and after the media server's posts: what is answered, kept, counted and scheduled.
 */
class InteractionEventsApiTest {
    final MovableClock clock = new MovableClock(Instant.parse("2030-02-03T04:05:06.789Z"));
    final IntakeDependencies deps = new IntakeDependencies(ApiEvents.env(InteractionEventsHandler.class), clock);
    final InteractionEventsHandler handler = new InteractionEventsHandler(InteractionEventsHandler.services(deps));
    final RawIntakeHandler raw = new RawIntakeHandler(RawIntakeHandler.services(deps));
    final IntakeLedger ledger = deps.ledger();
    String ccid;
    String callUuid;

    @BeforeEach
    void tenant() {
        ccid = IntakeTestSupport.newContactCenter("events-");
        callUuid = newCallUuid();
    }

    APIGatewayV2HTTPResponse post(String body) {
        return post(body, mediaServer(ccid));
    }

    APIGatewayV2HTTPResponse post(String body, Map<String, String> who) {
        return handler.handleRequest(event(EVENTS, Map.of("ccid", ccid, "callUuid", callUuid), null, body, who), null);
    }

    APIGatewayV2HTTPResponse post(JsonNode body) {
        return post(Json.write(body));
    }

    APIGatewayV2HTTPResponse postSegment(int n) {
        return raw.handleRequest(event(RAW, Map.of("ccid", ccid), null, Json.write(rawPost(callUuid, mediaId(callUuid, n))),
                mediaServer(ccid)), null);
    }

    /** The post's answer, which came within {@code limit} (the API's timeout is 29 s). */
    APIGatewayV2HTTPResponse postWithin(JsonNode body, Duration limit) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse r = post(body);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
        return r;
    }

    static void status(APIGatewayV2HTTPResponse r, int status, String field) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        if (field != null) {
            assertThat(json(r).path("field").asText()).as(r.getBody()).isEqualTo(field);
        }
    }

    static ObjectNode events(InteractionEvent... events) {
        return InteractionEventCodec.writeAll(List.of(events));
    }

    static InteractionEvent data(String eventId, String key, String value) {
        return InteractionEventCodec.readEvent(Json.object().put("eventId", eventId).put("type", "AttachedData")
                .put("occurredAt", "2015-06-24T20:18:50.000+0000").set("data", Json.object().set("added",
                        Json.object().put(key, value))), "", "LEG1");
    }

    static InteractionEvent callEnded(String eventId) {
        return InteractionEventCodec.readEvent(Json.object().put("eventId", eventId).put("type", "CallEnded")
                .put("occurredAt", "2015-06-24T20:19:36.500+0000").put("callType", "Inbound"), "", "LEG1");
    }

    // ------------------------------------------------------------------ before and after media

    @Test
    void eventsBeforeMediaWaitForItAndAreEnrichedWhenItArrives() {
        APIGatewayV2HTTPResponse r = post(IntakeFixtures.eventsBody());
        status(r, 201, null);
        JsonNode answer = json(r);
        assertThat(answer.get("received").asInt()).isEqualTo(12);
        assertThat(answer.get("stored").asInt()).isEqualTo(12);
        assertThat(answer.get("duplicates").asInt()).isZero();
        assertThat(answer.get("conflicts").asInt()).isZero();
        assertThat(answer.get("state").asText()).isEqualTo("AWAITING_MEDIA");

        Map<String, AttributeValue> st = state(ccid, callUuid);
        String pk = IntakeKeys.call(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("AWAITING_MEDIA");
        assertThat(number(st, "changeSeq")).isEqualTo(12);
        assertThat(st.get("statusPK").s()).isEqualTo("CC#" + ccid + "#AWAITING_MEDIA");
        assertThat(st.get("statusSK").s()).isEqualTo(IntakeKeys.sortableTime(clock.instant()) + "#" + pk + "#STATE");
        assertThat(st).doesNotContainKeys("dueAt", "duePK", "dueSK", "segments", "mediaIds");
        assertThat(number(st, "expiresAt")).isEqualTo(clock.instant().plus(Duration.ofDays(45)).getEpochSecond());
        assertThat(enrichMessages(ccid)).as("a call without media is not looked at, CallEnded or not").isEmpty();

        clock.advance(Duration.ofMinutes(2));
        status(postSegment(1), 201, null);
        st = state(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        assertThat(number(st, "changeSeq")).isEqualTo(13);
        assertThat(st.get("statusPK").s()).isEqualTo("CC#" + ccid + "#PENDING");
        assertThat(st.get("dueSK").s()).startsWith(IntakeKeys.sortableTime(clock.instant()));
        assertThat(st.get("firstSeenAt").s()).isEqualTo(IntakeKeys.sortableTime(clock.instant().minus(Duration.ofMinutes(2))));
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));

        CallIntake call = ledger.load(ccid, callUuid);
        assertThat(call.events()).containsExactlyInAnyOrderElementsOf(
                InteractionEventCodec.read(callUuid, IntakeFixtures.eventsBody()));
        assertThat(call.segments()).containsExactly(
                MediaServerPostCodec.read(ccid, rawPost(callUuid, mediaId(callUuid, 1))).segments().get(0));
        assertThat(call.changeSeq()).isEqualTo(13);
        assertThat(partition(ccid, callUuid)).hasSize(14);
        assertThat(partition(ccid, callUuid).toString()).doesNotContain("user:password")
                .doesNotContainIgnoringCase("speechminer_auth");
    }

    @Test
    void eventsAfterMediaAreCountedAndOnlyCallEndOrAcwDoneQueuesAnEarlierCheck() {
        status(postSegment(1), 201, null);
        assertThat(enrichMessages(ccid)).hasSize(1);

        status(post(events(data("d1", "GRECORD_PARTITIONS", "/sales"))), 201, null);
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(2);
        assertThat(state(ccid, callUuid).get("status").s()).isEqualTo("PENDING");
        assertThat(enrichMessages(ccid)).as("the check already queued reads it").isEmpty();

        APIGatewayV2HTTPResponse ended = post(events(callEnded("end-1")));
        status(ended, 201, null);
        assertThat(json(ended).get("state").asText()).isEqualTo("PENDING");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(3);
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));
    }

    @Test
    void eventsAfterTheStoreMakeTheCallPendingAgainWithOneCheck() {
        status(postSegment(1), 201, null);
        enrichMessages(ccid);
        setStatus(ccid, callUuid, "STORED");
        clock.advance(Duration.ofHours(1));

        status(post(events(data("late-1", "DispositionCode", "Sale"), callEnded("end-1"))), 201, null);
        Map<String, AttributeValue> st = state(ccid, callUuid);
        String pk = IntakeKeys.call(ccid, callUuid);
        assertThat(st.get("status").s()).isEqualTo("PENDING");
        assertThat(number(st, "changeSeq")).isEqualTo(3);
        assertThat(st.get("dueAt").s()).isEqualTo(IntakeKeys.sortableTime(clock.instant()));
        assertThat(st.get("dueSK").s()).isEqualTo(IntakeKeys.dueSort(clock.instant(), pk, "STATE"));
        assertThat(st.get("statusSK").s()).startsWith(IntakeKeys.sortableTime(clock.instant()));
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));

        setStatus(ccid, callUuid, "RETRYING");
        status(post(events(callEnded("end-2"))), 201, null);
        assertThat(state(ccid, callUuid).get("status").s()).isEqualTo("RETRYING");
        assertThat(enrichMessages(ccid)).as("a retry is on its schedule").isEmpty();
    }

    // ------------------------------------------------------------------ repeats

    @Test
    void aRepeatIsADuplicateAndOtherContentUnderAKnownEventIdAConflictThatKeepsTheFirst() {
        InteractionEvent first = data("d1", "K", "first");
        status(post(events(first, data("d2", "K", "v"))), 201, null);
        clock.advance(Duration.ofMinutes(1));

        APIGatewayV2HTTPResponse again = post(events(first, data("d2", "K", "v")));
        status(again, 200, null);
        assertThat(json(again).get("duplicates").asInt()).isEqualTo(2);
        assertThat(json(again).get("stored").asInt()).isZero();
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(2);

        APIGatewayV2HTTPResponse other = post(events(data("d1", "K", "second"), data("d3", "K", "v")));
        status(other, 201, null);
        assertThat(json(other).get("stored").asInt()).isEqualTo(1);
        assertThat(json(other).get("conflicts").asInt()).isEqualTo(1);
        assertThat(json(other).get("conflictingEventIds").toString()).isEqualTo("[\"d1\"]");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(3);
        assertThat(ledger.load(ccid, callUuid).events()).contains(first).hasSize(3);

        // Within one post, a repeat with other content is refused whole.
        status(post(events(data("d4", "K", "a"), data("d4", "K", "b"))), 400, "events[1].eventId");
        assertThat(ledger.load(ccid, callUuid).events()).hasSize(3);
    }

    @Test
    void aRetryCountsEventsAnAttemptWroteButDiedBeforeCounting() {
        List<InteractionEvent> fixture = InteractionEventCodec.read(callUuid, IntakeFixtures.eventsBody());
        ledger.putEvents(ccid, callUuid, fixture);
        clock.advance(Duration.ofSeconds(30));
        APIGatewayV2HTTPResponse r = post(IntakeFixtures.eventsBody());
        status(r, 200, null);
        assertThat(json(r).get("duplicates").asInt()).isEqualTo(12);
        assertThat(state(ccid, callUuid).get("status").s()).isEqualTo("AWAITING_MEDIA");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(12);

        // A stored call: the late event's write came after the last count, so the retry counts it.
        status(postSegment(1), 201, null);
        enrichMessages(ccid);
        setStatus(ccid, callUuid, "STORED");
        clock.advance(Duration.ofMinutes(5));
        InteractionEvent late = data("late", "K", "v");
        ledger.putEvents(ccid, callUuid, List.of(late));
        clock.advance(Duration.ofSeconds(30));
        status(post(events(late)), 200, null);
        assertThat(state(ccid, callUuid).get("status").s()).isEqualTo("PENDING");
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(14);
        assertThat(enrichMessages(ccid)).containsExactly(new IntakeMessage(ccid, callUuid));

        // Counted once: a later repeat counts nothing.
        clock.advance(Duration.ofMinutes(1));
        status(post(events(late)), 200, null);
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(14);
    }

    // ------------------------------------------------------------------ volume and hostile input

    @Test
    void fiveThousandEventsLandWellWithinTheApiTimeoutAndTheirRepeatToo() {
        ArrayNode list = Json.array();
        IntStream.range(0, 5_000).forEach(i -> list.addObject().put("eventId", "e" + i).put("type", "AttachedData")
                .put("occurredAt", 1435177099000L + i).putObject("data").putObject("added")
                .put("K" + i, "value " + i).put("GSIP_REC_FN", callUuid + "_2015-06-24_20-18-30"));
        ObjectNode body = Json.object().set("events", list);
        APIGatewayV2HTTPResponse r = postWithin(body, Duration.ofSeconds(20));
        status(r, 201, null);
        assertThat(json(r).get("stored").asInt()).isEqualTo(5_000);
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(5_000);

        clock.advance(Duration.ofMinutes(1));
        APIGatewayV2HTTPResponse again = postWithin(body, Duration.ofSeconds(20));
        status(again, 200, null);
        assertThat(json(again).get("duplicates").asInt()).isEqualTo(5_000);
        assertThat(number(state(ccid, callUuid), "changeSeq")).isEqualTo(5_000);
        assertThat(ledger.load(ccid, callUuid).events()).hasSize(5_000)
                .containsExactlyInAnyOrderElementsOf(InteractionEventCodec.read(callUuid, body));
    }

    @Test
    void hostileValuesAreBoundedWithAClear400Or413AndNothingWritten() {
        ObjectNode manyKeys = Json.object();
        ObjectNode added = manyKeys.put("eventId", "x").put("type", "AttachedData").put("occurredAt", "2015-06-24T20:18:50Z")
                .putObject("data").putObject("added");
        IntStream.range(0, 10_000).forEach(i -> added.put("k" + i, "v"));
        status(post(manyKeys), 400, "data");

        String longValue = "{\"events\":[{\"eventId\":\"x\",\"type\":\"AttachedData\",\"occurredAt\":\"2015-06-24T20:18:50Z\","
                + "\"data\":{\"added\":{\"K\":\"%s\"}}}]}";
        status(post(longValue.formatted("v".repeat(70_000))), 400, "events[0].data.added.K");
        status(post(longValue.formatted("v".repeat(1 << 20))), 413, null);

        ArrayNode tooMany = Json.array();
        IntStream.range(0, 5_001).forEach(i -> tooMany.addObject().put("eventId", "e" + i).put("type", "CallEnded")
                .put("occurredAt", 1435177099000L));
        status(post(tooMany), 400, "events");
        assertThat(partition(ccid, callUuid)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"events\":[{\"eventId\":\"e1\",", "{\"events\": [}", "nonsense", "", "{} []"})
    void malformedTruncatedOrEmptyBodiesAre400(String body) {
        APIGatewayV2HTTPResponse r = post(body);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
        assertThat(partition(ccid, callUuid)).isEmpty();
    }

    @Test
    void wrongTypesAndMissingFieldsAre400NamingTheField() {
        String ok = "\"eventId\":\"e1\",\"type\":\"CallEnded\",\"occurredAt\":\"2015-06-24T20:19:36Z\"";
        status(post("{\"events\":[{" + ok.replace("\"2015-06-24T20:19:36Z\"", "{\"at\":1}") + "}]}"), 400,
                "events[0].occurredAt");
        status(post("{\"events\":[{" + ok.replace("CallEnded", "Hangup") + "}]}"), 400, "events[0].type");
        status(post("{\"events\":[{" + ok.replace("\"eventId\":\"e1\",", "") + "}]}"), 400, "events[0].eventId");
        status(post("{\"events\":[{" + ok + ",\"data\":{\"added\":{\"K\":\"v\"}}}]}"), 400, "events[0].data");
        status(post("{\"events\":\"e1\"}"), 400, "events");
        assertThat(partition(ccid, callUuid)).isEmpty();
        // Casing variants of keys and type names are read alike.
        status(post("{\"EVENTS\":[{\"EventID\":\"e1\",\"TYPE\":\"callended\",\"OccurredAt\":\"2015-06-24T20:19:36Z\"}]}"), 201, null);
        status(post("{" + ok + "}"), 200, null);
    }

    @Test
    void aLongMultibyteEventIdIsKeptAndFoundAgain() {
        String id = "通話イベント".repeat(42) + "終了話";
        assertThat(id).hasSize(255);
        status(post(events(data(id, "Kunde", "Jürgen Müller-Ærø 用户"))), 201, null);
        clock.advance(Duration.ofMinutes(1));
        status(post(events(data(id, "Kunde", "Jürgen Müller-Ærø 用户"))), 200, null);
        assertThat(ledger.load(ccid, callUuid).events()).containsExactly(data(id, "Kunde", "Jürgen Müller-Ærø 用户"));
    }

    // ------------------------------------------------------------------ who may post

    @Test
    void anotherTenantsTokenOrAMissingPermissionIs403AndAnUnknownTenant404() {
        String body = Json.write(events(callEnded("end-1")));
        status(post(body, mediaServer(IntakeTestSupport.newContactCenter("events-other-"))), 403, null);
        status(post(body, claims(ccid, "telephony", List.of("RECORDING_READ"), List.of(), false)), 403, null);
        status(post(body, null), 401, null);
        String unknown = UUID.randomUUID().toString();
        status(handler.handleRequest(event(EVENTS, Map.of("ccid", unknown, "callUuid", callUuid), null, body,
                mediaServer(unknown)), null), 404, null);
        status(handler.handleRequest(event(EVENTS, Map.of("ccid", ccid, "callUuid", "a b"), null, body,
                mediaServer(ccid)), null), 400, "callUuid");
        assertThat(partition(ccid, callUuid)).isEmpty();
    }
}
