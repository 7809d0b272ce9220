package io.callvault.api.intake;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeStatus;
import io.callvault.core.time.GuideTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code IntakeOpsFunction}: intake-status counted from the status index against known items, dead-letter re-drive of
 * both stages (once, however often asked), the analytics repost over a window with its continuation, and what an
 * operator (or anyone else) can get wrong.
 */
class IntakeOpsApiTest {
    final IntakeFixture f = new IntakeFixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** An enrichment {@code STATE} item as the enrichment worker would leave it. */
    void putState(String callUuid, IntakeStatus status, Instant since, Map<String, AttributeValue> extra) {
        String pk = IntakeKeys.call(f.ccid, callUuid);
        Map<String, AttributeValue> item = new HashMap<>(IntakeKeys.status(f.ccid, status, since, pk, IntakeKeys.STATE));
        item.put(IntakeKeys.PK, AttributeValue.fromS(pk));
        item.put(IntakeKeys.SK, AttributeValue.fromS(IntakeKeys.STATE));
        item.put("status", AttributeValue.fromS(status.name()));
        item.putAll(extra);
        IntakeFixture.STACK.dynamo().putItem(b -> b.tableName(IntakeFixture.INTAKE_TABLE).item(item));
    }

    static void fails(APIGatewayV2HTTPResponse r, int status, String field) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("statusCode").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(body.path("field").asText()).as(r.getBody()).isEqualTo(field);
        }
        assertThat(body.get("message").asText().length()).as(r.getBody()).isLessThan(700);
        assertThat(r.getBody()).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]");
    }

    static JsonNode ok(APIGatewayV2HTTPResponse r) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("statusCode").asInt()).isZero();
        return body;
    }

    // ------------------------------------------------------------------ intake-status

    @Test
    void intakeStatusCountsKnownItemsByStatusAndStageWithTheOldestPendingAge() {
        Instant t0 = f.clock.instant();
        putState("s-pending", IntakeStatus.PENDING, t0.minus(Duration.ofHours(1)), Map.of());
        putState("s-awaiting-1", IntakeStatus.AWAITING_MEDIA, t0.minus(Duration.ofHours(5)), Map.of());
        putState("s-awaiting-2", IntakeStatus.AWAITING_MEDIA, t0, Map.of());
        putState("s-retrying", IntakeStatus.RETRYING, t0.minus(Duration.ofMinutes(30)), Map.of());
        putState("s-dead", IntakeStatus.DEAD, t0.minus(Duration.ofDays(2)), Map.of());
        f.notifications.schedule(f.ccid, "n-pending-1", 1, t0.plus(Duration.ofMinutes(30)));
        f.clock.advance(Duration.ofMinutes(10));
        f.notifications.schedule(f.ccid, "n-pending-2", 4, f.clock.instant());
        f.configureReceiver();
        f.receiver.answer(503);
        f.notifications.schedule(f.ccid, f.storeRecording("n-retrying", t0), 1, f.clock.instant());
        f.deliver("n-retrying");
        f.receiver.answer(400);
        f.notifications.schedule(f.ccid, f.storeRecording("n-dead", t0), 1, f.clock.instant());
        f.deliver("n-dead");
        f.notifications.schedule(f.ccid, f.storeGuideRecording(), 1, f.clock.instant());
        f.receiver.answer(200);
        f.deliver(io.callvault.core.GuideFixtures.CALL_ID);
        // Another tenant's work is not counted.
        f.notifications.schedule("other-" + f.ccid.substring(0, 8), "x", 1, t0.minus(Duration.ofDays(9)));
        f.clock.advance(Duration.ofMinutes(5));

        JsonNode s = ok(f.status());
        assertThat(s.get("ccid").asText()).isEqualTo(f.ccid);
        assertThat(s.get("pending").asInt()).isEqualTo(3);
        assertThat(s.get("retrying").asInt()).isEqualTo(2);
        assertThat(s.get("deadLettered").asInt()).isEqualTo(2);
        assertThat(s.get("awaitingMedia").asInt()).isEqualTo(2);
        JsonNode analytics = s.get("stages").get("analytics");
        JsonNode enrichment = s.get("stages").get("enrichment");
        assertThat(List.of(analytics.get("pending").asInt(), analytics.get("retrying").asInt(),
                analytics.get("deadLettered").asInt(), analytics.get("awaitingMedia").asInt())).containsExactly(2, 1, 1, 0);
        assertThat(List.of(enrichment.get("pending").asInt(), enrichment.get("retrying").asInt(),
                enrichment.get("deadLettered").asInt(), enrichment.get("awaitingMedia").asInt())).containsExactly(1, 1, 1, 2);
        // The oldest unfinished item: the enrichment pending since an hour before t0; now is t0 + 15 min.
        assertThat(s.get("oldestPendingSince").asText()).isEqualTo(GuideTime.format(t0.minus(Duration.ofHours(1))));
        assertThat(s.get("oldestPendingAgeSeconds").asLong()).isEqualTo(Duration.ofMinutes(75).toSeconds());
        assertThat(s.get("asOf").asText()).isEqualTo(GuideTime.format(f.clock.instant()));
        assertThat(s.get("complete").asBoolean()).isTrue();
    }

    @Test
    void aTenantWithoutIntakeWorkHasZeroCountsAndNoOldest() {
        JsonNode s = ok(f.status());
        assertThat(s.get("pending").asInt()).isZero();
        assertThat(s.get("retrying").asInt()).isZero();
        assertThat(s.get("deadLettered").asInt()).isZero();
        assertThat(s.get("awaitingMedia").asInt()).isZero();
        assertThat(s.get("oldestPendingAgeSeconds").isNull()).isTrue();
        assertThat(s.get("oldestPendingSince").isNull()).isTrue();
    }

    // ------------------------------------------------------------------ re-drive

    @Test
    void redrivingTwiceRedeliversADeadLetterOnce() throws Exception {
        f.configureReceiver();
        String call = f.storeGuideRecording();
        String other = f.storeRecording("second-call", f.clock.instant());
        f.receiver.answer(400);
        f.notifications.schedule(f.ccid, call, 1, f.clock.instant());
        f.notifications.schedule(f.ccid, other, 1, f.clock.instant());
        f.deliver(call, other);
        assertThat(f.status(call)).isEqualTo("DEAD");
        assertThat(f.status(other)).isEqualTo("DEAD");
        f.receiver.answer(200);
        f.clock.advance(Duration.ofDays(3));

        // Two operators at once, then again: each item moves once.
        CompletableFuture<APIGatewayV2HTTPResponse> a = CompletableFuture.supplyAsync(() -> f.redrive("{\"operation\":\"redriveDeadLetters\"}"));
        CompletableFuture<APIGatewayV2HTTPResponse> b = CompletableFuture.supplyAsync(() -> f.redrive(null));
        JsonNode first = ok(a.get(30, TimeUnit.SECONDS));
        JsonNode second = ok(b.get(30, TimeUnit.SECONDS));
        assertThat(first.get("redriven").asInt() + second.get("redriven").asInt()).isEqualTo(2);
        assertThat(first.get("more").asBoolean()).isFalse();
        JsonNode again = ok(f.redrive("{\"operation\":\"redriveDeadLetters\",\"stage\":\"analytics\"}"));
        assertThat(again.get("redriven").asInt()).isZero();

        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("attempts").n()).isEqualTo("0");
        assertThat(item).doesNotContainKeys("firstAttemptAt", "deadLetterKey", "deadAt");
        assertThat(item.get(IntakeKeys.DUE_SK).s()).startsWith(IntakeKeys.sortableTime(f.clock.instant()));
        assertThat(item.get(IntakeKeys.STATUS_PK).s()).endsWith("#PENDING");
        assertThat(ok(f.status()).get("deadLettered").asInt()).isZero();

        List<Message> sent = f.drain(f.notifyQueue);
        assertThat(sent).extracting(m -> IntakeMessage.parse(m.body()).callUuid()).containsExactlyInAnyOrder(call, other);
        f.deliver(sent.stream().map(m -> IntakeMessage.parse(m.body()).callUuid()).toArray(String[]::new));
        f.deliver(call, other);
        assertThat(f.receiver.answered(200)).isEqualTo(2);
        assertThat(f.receiver.received()).hasSize(4);
        assertThat(f.status(call)).isEqualTo("DELIVERED");
        // The dead-letter copy stays as a record of what happened.
        assertThat(AnalyticsNotifyTest.deadLetter("unrecoverable/" + f.ccid + "/" + call + "/1.json").get("reason").asText())
                .contains("HTTP 400");
    }

    @Test
    void deadEnrichmentStatesGoBackToTheEnrichQueueWithAFreshWindow() {
        Instant dead = f.clock.instant().minus(Duration.ofDays(1));
        Map<String, AttributeValue> failed = Map.of("attempts", AttributeValue.fromN("960"),
                "firstAttemptAt", AttributeValue.fromS(IntakeKeys.sortableTime(dead.minus(Duration.ofDays(40)))),
                "lastError", AttributeValue.fromS("store failed: HTTP 503"),
                "dueAt", AttributeValue.fromS(IntakeKeys.sortableTime(dead)));
        putState("enrich-dead", IntakeStatus.DEAD, dead, failed);
        putState("enrich-dead-text", IntakeStatus.DEAD, dead, Map.of("dueAt", AttributeValue.fromS(IntakeKeys.sortableTime(dead))));
        f.notifications.schedule(f.ccid, "notify-untouched", 1, f.clock.instant());

        JsonNode onlyAnalytics = ok(f.redrive("{\"stage\":\"analytics\"}"));
        assertThat(onlyAnalytics.get("redriven").asInt()).isZero();
        JsonNode r = ok(f.redrive("{\"operation\":\"redriveDeadLetters\",\"stage\":\"enrichment\",\"limit\":1}"));
        assertThat(r.get("redriven").asInt()).isEqualTo(1);
        assertThat(r.get("more").asBoolean()).isTrue();
        r = ok(f.redrive("{\"operation\":\"redriveDeadLetters\",\"stage\":\"enrichment\",\"limit\":1}"));
        assertThat(r.get("redriven").asInt()).isEqualTo(1);
        assertThat(r.get("more").asBoolean()).isFalse();

        Map<String, AttributeValue> state = f.item("enrich-dead", IntakeKeys.STATE);
        assertThat(state.get("status").s()).isEqualTo("PENDING");
        assertThat(state.get("attempts").n()).isEqualTo("0");
        assertThat(state).doesNotContainKey("firstAttemptAt");
        assertThat(state.get("dueAt").s()).isEqualTo(IntakeKeys.sortableTime(f.clock.instant()));
        assertThat(state.get(IntakeKeys.DUE_PK).s()).isEqualTo(IntakeKeys.dueShard(IntakeKeys.call(f.ccid, "enrich-dead")));
        assertThat(state.get(IntakeKeys.STATUS_PK).s()).isEqualTo("CC#" + f.ccid + "#PENDING");
        assertThat(f.item("enrich-dead-text", IntakeKeys.STATE).get("dueAt").s())
                .isEqualTo(IntakeKeys.sortableTime(f.clock.instant()));
        assertThat(f.drain(f.enrichQueue)).extracting(m -> IntakeMessage.parse(m.body()))
                .containsExactlyInAnyOrder(new IntakeMessage(f.ccid, "enrich-dead"), new IntakeMessage(f.ccid, "enrich-dead-text"));
        assertThat(f.drain(f.notifyQueue)).isEmpty();
        assertThat(f.status("notify-untouched")).isEqualTo("PENDING");
    }

    // ------------------------------------------------------------------ repost

    @Test
    void repostAnnouncesTheCallsOfAWindowAgainPageByPage() {
        f.configureReceiver();
        Instant day1 = Instant.parse("2026-02-10T00:00:00Z");
        String a = f.storeRecording("repost-a", day1.plus(Duration.ofHours(10)));
        String b = f.storeRecording("repost-b", day1.plus(Duration.ofHours(23)));
        String c = f.storeRecording("repost-c", day1.plus(Duration.ofHours(32)));
        f.storeRecording("repost-outside", day1.plus(Duration.ofHours(49)));
        // a was delivered before; b is on its way already.
        f.notifications.schedule(f.ccid, a, 3, f.clock.instant());
        f.deliver(a);
        assertThat(f.status(a)).isEqualTo("DELIVERED");
        f.notifications.schedule(f.ccid, b, 2, f.clock.instant().plusSeconds(600));

        String window = "\"startTime\":" + day1.toEpochMilli() + ",\"endTime\":\"" + GuideTime.format(day1.plus(Duration.ofDays(2))) + "\"";
        JsonNode first = ok(f.redrive("{\"operation\":\"repostAnalytics\"," + window + ",\"limit\":2}"));
        assertThat(first.get("scheduled").asInt() + first.get("alreadyPending").asInt()).isEqualTo(2);
        String continuation = first.get("continuation").asText();
        assertThat(continuation).isNotBlank();
        JsonNode second = ok(f.redrive("{\"operation\":\"repostAnalytics\"," + window + ",\"limit\":2,\"continuation\":\""
                + continuation + "\"}"));
        assertThat(second.get("continuation").isNull()).isTrue();
        assertThat(first.get("scheduled").asInt() + second.get("scheduled").asInt()).isEqualTo(2);
        assertThat(first.get("alreadyPending").asInt() + second.get("alreadyPending").asInt()).isEqualTo(1);

        // The continuation belongs to its window.
        fails(f.redrive("{\"operation\":\"repostAnalytics\",\"startTime\":" + day1.toEpochMilli() + ",\"endTime\":"
                + day1.plus(Duration.ofDays(3)).toEpochMilli() + ",\"continuation\":\"" + continuation + "\"}"), 400, "continuation");

        List<Message> sent = f.drain(f.notifyQueue);
        List<String> calls = sent.stream().map(m -> IntakeMessage.parse(m.body()).callUuid()).collect(Collectors.toList());
        assertThat(calls).containsExactlyInAnyOrder(a, c);
        Map<String, AttributeValue> reannounced = f.notifyItem(a);
        assertThat(reannounced.get("status").s()).isEqualTo("PENDING");
        assertThat(reannounced.get("generation").n()).as("the enrichment's generation is kept").isEqualTo("3");
        assertThat(f.notifyItem(c).get("generation").n()).isEqualTo("0");
        f.deliver(calls.toArray(String[]::new));
        assertThat(f.receiver.received()).hasSize(3);
        assertThat(f.receiver.received()).extracting(r -> AnalyticsNotifyTest.parse(r.body()).get("id").asText())
                .containsExactlyInAnyOrder(a, a, c);
        // The enrichment can still announce its next generation.
        assertThat(f.notifications.schedule(f.ccid, a, 4, f.clock.instant())).isTrue();
    }

    // ------------------------------------------------------------------ who may, and bad input

    @Test
    void onlyOpsMayUseEitherRoute() {
        Map<String, String> admin = claims(f.ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN", "RECORDING_READ"), List.of("/"), false);
        fails(f.ops(IntakeOpsHandler.STATUS, f.ccid, null, admin), 403, null);
        fails(f.ops(IntakeOpsHandler.REDRIVE, f.ccid, "{}", admin), 403, null);
        fails(f.ops(IntakeOpsHandler.STATUS, f.ccid, null, null), 401, null);
        fails(f.ops(IntakeOpsHandler.REDRIVE, f.ccid, "{}", null), 401, null);
        // OPS reaches any contact center, its own claim notwithstanding.
        ok(f.ops(IntakeOpsHandler.STATUS, f.ccid, null, claims("some-other-cc", "op", List.of("OPS"), List.of(), false)));
        fails(f.ops(IntakeOpsHandler.STATUS, "../etc", null, IntakeFixture.opsCaller()), 400, "ccid");
        fails(f.ops(IntakeOpsHandler.REDRIVE, "a b", "{}", IntakeFixture.opsCaller()), 400, "ccid");
        fails(f.ops("DELETE /api/v2/ops/contact-centers/{ccid}/intake-status", f.ccid, null, IntakeFixture.opsCaller()), 404, null);
    }

    @ParameterizedTest(name = "refused [{0}] on [{1}]")
    @CsvSource(delimiter = '|', value = {
            "{\"operation\":\"explode\"}|operation",
            "{\"operation\":5}|operation",
            "{\"operation\":[\"redriveDeadLetters\"]}|operation",
            "{\"stage\":\"both\"}|stage",
            "{\"stage\":7}|stage",
            "{\"operation\":\"redriveDeadLetters\",\"stage\":null,\"limit\":0}|limit",
            "{\"limit\":1001}|limit",
            "{\"limit\":\"10\"}|limit",
            "{\"limit\":1.5}|limit",
            "{\"limit\":99999999999999999999}|limit",
            "{\"extra\":1}|extra",
            "{\"operation\":\"redriveDeadLetters\",\"startTime\":0}|startTime",
            "[]|body",
            "\"redriveDeadLetters\"|body",
            "7|body",
            "{\"operation\":\"repostAnalytics\"}|startTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0}|endTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":1,\"endTime\":0}|endTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":1,\"endTime\":1}|endTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":2678400001}|endTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":\"yesterday\",\"endTime\":1}|startTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":\"2026-03-01T00:00:00\",\"endTime\":1}|startTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":-1,\"endTime\":1}|startTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":99999999999999}|endTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":{},\"endTime\":1}|startTime",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":1,\"continuation\":\"!!!\"}|continuation",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":1,\"continuation\":5}|continuation",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":1,\"continuation\":\"e30\"}|continuation",
            "{\"operation\":\"repostAnalytics\",\"startTime\":0,\"endTime\":1,\"stage\":\"analytics\"}|stage"})
    void badRedriveBodiesAreRefusedNamingTheField(String body, String field) {
        fails(f.redrive(body), 400, field);
    }

    @Test
    void malformedHostileAndHugeBodiesAreClientErrors() {
        fails(f.redrive("{"), 400, null);
        fails(f.redrive("{\"operation\":\"redriveDeadLetters\",}"), 400, null);
        fails(f.redrive("{\"a\\u0001\\u001b[31m\":1}"), 400, null);
        fails(f.redrive("{\"stage\":\"" + "\\u0007".repeat(500) + "\"}"), 400, "stage");
        fails(f.redrive("[".repeat(5000) + "]".repeat(5000)), 400, null);
        fails(f.redrive("{\"stage\":\"" + "x".repeat(2 << 20) + "\"}"), 413, null);
        // A GET carries no body to read: a stray one is ignored.
        ok(f.ops(IntakeOpsHandler.STATUS, f.ccid, "{not json", IntakeFixture.opsCaller()));
        // Nothing was moved by any of it.
        assertThat(f.drain(f.notifyQueue)).isEmpty();
        assertThat(f.drain(f.enrichQueue)).isEmpty();
    }
}
