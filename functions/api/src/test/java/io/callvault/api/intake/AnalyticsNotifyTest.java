package io.callvault.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.GuideFixtures;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code AnalyticsNotifyFunction} end to end on the stand-ins: DynamoDB Local (the intake, recordings and control
 * tables), the Secrets Manager stand-in (the receiver's credentials), s3proxy (dead-letter copies), ElasticMQ (what the
 * function sends itself), and a real HTTP receiver on 127.0.0.1. The clock is moved by hand; "delivering" a message is
 * calling the handler as Lambda's SQS event source would, when the sweeper or a delayed message brings it.
 */
class AnalyticsNotifyTest {
    final IntakeFixture f = new IntakeFixture();

    @AfterEach
    void close() {
        f.close();
    }

    Instant nextAttemptAt(String callUuid) {
        AttributeValue v = f.notifyItem(callUuid).get("nextAttemptAt");
        return v == null ? null : Instant.parse(v.s());
    }

    long number(String callUuid, String attribute) {
        return Long.parseLong(f.notifyItem(callUuid).get(attribute).n());
    }

    @Test
    void scheduleIsIdempotentPerGeneration() {
        String call = "sched-1";
        assertThat(f.notifications.schedule(f.ccid, call, 3, f.clock.instant())).isTrue();
        assertThat(f.notifications.schedule(f.ccid, call, 3, f.clock.instant())).as("same generation").isFalse();
        assertThat(f.notifications.schedule(f.ccid, call, 2, f.clock.instant())).as("older generation").isFalse();
        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("generation").n()).isEqualTo("3");
        assertThat(item.get("attempts").n()).isEqualTo("0");
        assertThat(item).doesNotContainKeys("firstAttemptAt", "leaseUntil");
        String pk = IntakeKeys.call(f.ccid, call);
        assertThat(item.get(IntakeKeys.DUE_PK).s()).isEqualTo(IntakeKeys.dueShard(pk));
        assertThat(item.get(IntakeKeys.DUE_SK).s()).isEqualTo(IntakeKeys.dueSort(f.clock.instant(), pk, IntakeKeys.NOTIFY));
        assertThat(item.get(IntakeKeys.STATUS_PK).s()).isEqualTo("CC#" + f.ccid + "#PENDING");
        assertThat(IntakeKeys.callOf(pk)).isEqualTo(new IntakeMessage(f.ccid, call));
        assertThat(f.notifications.schedule(f.ccid, call, 4, f.clock.instant().plusSeconds(60))).isTrue();
        assertThat(nextAttemptAt(call)).isEqualTo(f.clock.instant().plusSeconds(60));
    }

    @Test
    void aReceiverDownForHoursGetsTheRecordingExactlyOnceWhenItIsBackWithGrowingBackOff() {
        String call = f.scheduledGuideRecording(503);

        // Too early: nothing is posted, the message goes back with a delay.
        f.notifications.schedule(f.ccid, "later", 1, f.clock.instant().plusSeconds(300));
        f.deliver("later");
        assertThat(f.receiver.received()).isEmpty();
        assertThat(f.queued(f.notifyQueue)).isEqualTo(1);

        List<Duration> intervals = new ArrayList<>();
        Instant firstAttempt = f.clock.instant();
        while (Duration.between(firstAttempt, f.clock.instant()).compareTo(Duration.ofHours(6)) < 0) {
            SQSBatchResponse r = f.deliver(call);
            assertThat(r.getBatchItemFailures()).isEmpty();
            assertThat(f.status(call)).isEqualTo("RETRYING");
            Instant next = nextAttemptAt(call);
            intervals.add(Duration.between(f.clock.instant(), next));
            // A duplicate before the next attempt posts nothing.
            f.deliver(call);
            f.clock.advance(Duration.between(f.clock.instant(), next));
        }
        int failures = intervals.size();
        assertThat(f.receiver.received()).hasSize(failures);
        assertThat(intervals.subList(0, 8)).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofSeconds(240), Duration.ofSeconds(480), Duration.ofSeconds(960),
                Duration.ofSeconds(1920), Duration.ofHours(1));
        assertThat(intervals).isSorted();
        assertThat(intervals.get(failures - 1)).isEqualTo(Duration.ofHours(1));
        assertThat(number(call, "attempts")).isEqualTo(failures);
        assertThat(f.notifyItem(call).get("firstAttemptAt").s()).isEqualTo(IntakeKeys.sortableTime(firstAttempt));
        assertThat(f.notifyItem(call).get("lastStatusCode").n()).isEqualTo("503");
        assertThat(f.notifyItem(call).get(IntakeKeys.STATUS_PK).s()).endsWith("#RETRYING");
        // Retries within 15 minutes went back to the queue with their delay; later ones are the sweeper's.
        assertThat(f.queued(f.notifyQueue)).isGreaterThanOrEqualTo(6);

        f.receiver.answer(200);
        f.deliver(call);
        f.deliver(call);
        f.clock.advance(Duration.ofHours(2));
        f.deliver(call);
        assertThat(f.receiver.answered(200)).isEqualTo(1);
        assertThat(f.receiver.received()).hasSize(failures + 1);
        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("DELIVERED");
        assertThat(item.get("deliveredGeneration").n()).isEqualTo("1");
        assertThat(item).doesNotContainKeys(IntakeKeys.DUE_PK, IntakeKeys.DUE_SK, IntakeKeys.STATUS_PK,
                IntakeKeys.STATUS_SK, "leaseUntil", "lastError");
        assertThat(Long.parseLong(item.get(IntakeKeys.EXPIRES_AT).n()))
                .isEqualTo(Instant.parse(item.get("deliveredAt").s()).plus(Duration.ofDays(45)).getEpochSecond());

        // What the receiver got: the stored recording as the recordings API shows it, with Basic credentials.
        TestReceiver.Received posted = f.receiver.received().get(failures);
        assertThat(posted.method()).isEqualTo("POST");
        assertThat(posted.path()).isEqualTo("/interactionreceiver");
        assertThat(posted.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (IntakeFixture.USER + ":" + IntakeFixture.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(posted.contentType()).startsWith("application/json");
        JsonNode body = parse(posted.body());
        assertThat(body.get("id").asText()).isEqualTo(GuideFixtures.CALL_ID);
        assertThat(body.get("mediaFiles").get(0).get("mediaPath").asText()).startsWith("/recordings/" + call + "/play/");
        assertThat(body.get("eventHistory")).hasSize(10);
        assertThat(posted.body()).doesNotContain("rp.speechminer_auth");
    }

    @Test
    void aReceiverThatRefusesTheRecordingDeadLettersItAtOnceWithACopyInS3() {
        String call = f.scheduledGuideRecording(400);
        f.deliver(call);

        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("DEAD");
        assertThat(item.get("attempts").n()).isEqualTo("1");
        assertThat(item.get("lastStatusCode").n()).isEqualTo("400");
        assertThat(item.get("lastError").s()).contains("HTTP 400");
        assertThat(item.get(IntakeKeys.STATUS_PK).s()).isEqualTo("CC#" + f.ccid + "#DEAD");
        assertThat(item).doesNotContainKeys(IntakeKeys.DUE_PK, IntakeKeys.EXPIRES_AT, "leaseUntil");
        String key = "unrecoverable/" + f.ccid + "/" + call + "/1.json";
        assertThat(item.get("deadLetterKey").s()).isEqualTo(key);

        JsonNode copy = deadLetter(key);
        assertThat(copy.get("stage").asText()).isEqualTo("analytics");
        assertThat(copy.get("reason").asText()).contains("HTTP 400");
        assertThat(copy.get("attempts").asInt()).isEqualTo(1);
        assertThat(copy.get("lastStatusCode").asInt()).isEqualTo(400);
        assertThat(copy.get("recording").get("id").asText()).isEqualTo(call);

        // Later messages for it post nothing more.
        f.deliver(call);
        assertThat(f.receiver.received()).hasSize(1);

        JsonNode status = ApiEvents.json(f.status());
        assertThat(status.get("deadLettered").asInt()).isEqualTo(1);
        assertThat(status.get("stages").get("analytics").get("deadLettered").asInt()).isEqualTo(1);
        assertThat(status.get("pending").asInt()).isZero();
    }

    @Test
    void aDeadLetterCopyThatCouldNotBeWrittenIsWrittenByTheNextMessage() {
        String call = f.scheduledGuideRecording(404);
        f.deliver(call);
        String key = f.notifyItem(call).get("deadLetterKey").s();
        // As if S3 had failed after the item died: no copy, no key.
        IntakeFixture.STACK.s3().deleteObject(b -> b.bucket(IntakeFixture.ARCHIVE_BUCKET).key(key));
        IntakeFixture.STACK.dynamo().updateItem(b -> b.tableName(IntakeFixture.INTAKE_TABLE)
                .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(IntakeKeys.call(f.ccid, call)),
                        IntakeKeys.SK, AttributeValue.fromS(IntakeKeys.NOTIFY)))
                .updateExpression("REMOVE deadLetterKey"));
        f.deliver(call);
        assertThat(deadLetter(key).get("reason").asText()).contains("HTTP 404");
        assertThat(f.notifyItem(call).get("deadLetterKey").s()).isEqualTo(key);
        assertThat(f.receiver.received()).hasSize(1);
    }

    @Test
    void aReceiverFailingForFortyDaysIsDeadLettered() {
        f.configureReceiver();
        String call = f.storeGuideRecording();
        f.receiver.answer(500);
        Instant start = f.clock.instant();
        f.notifications.schedule(f.ccid, call, 1, start);
        // The first day attempt by attempt: each message comes when due (a delayed message or the sweeper).
        int posts = failUntil(call, start.plus(Duration.ofDays(1)));
        assertThat(posts).as("7 doublings from 30 s to 1 h (3,810 s), then hourly").isEqualTo(7 + 23);
        // Weeks later (the sweeper brings the overdue item): the round still runs until 40 days after its first attempt.
        f.clock.advance(Duration.between(f.clock.instant(), start.plus(Duration.ofDays(40)).minus(Duration.ofHours(2))));
        posts += failUntil(call, start.plus(Duration.ofDays(40)).minusSeconds(1));
        assertThat(f.status(call)).isEqualTo("RETRYING");
        posts += failUntil(call, start.plus(Duration.ofDays(41)));

        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("DEAD");
        Instant first = Instant.parse(item.get("firstAttemptAt").s());
        Instant dead = Instant.parse(item.get("deadAt").s());
        assertThat(first).isEqualTo(start);
        assertThat(Duration.between(first, dead)).isBetween(Duration.ofDays(40).minusHours(1), Duration.ofDays(40));
        assertThat(f.receiver.received()).hasSize(posts);
        assertThat(item.get("attempts").n()).isEqualTo(Integer.toString(posts));
        assertThat(item.get("lastError").s()).contains("HTTP 500", "past the retry deadline");
        assertThat(item).doesNotContainKeys(IntakeKeys.DUE_PK, IntakeKeys.EXPIRES_AT);
        assertThat(deadLetter(item.get("deadLetterKey").s()).get("attempts").asInt()).isEqualTo(posts);
        JsonNode status = ApiEvents.json(f.status());
        assertThat(status.get("deadLettered").asInt()).isEqualTo(1);
        assertThat(status.get("retrying").asInt()).isZero();
    }

    /** Delivers the call's message whenever it is due until the item is dead or due after {@code until}; the posts. */
    int failUntil(String call, Instant until) {
        int posts = 0;
        Map<String, AttributeValue> item = f.notifyItem(call);
        while (!item.get("status").s().equals("DEAD")) {
            Instant next = item.containsKey("nextAttemptAt") ? Instant.parse(item.get("nextAttemptAt").s()) : null;
            if (next.isAfter(until)) {
                return posts;
            }
            if (next.isAfter(f.clock.instant())) {
                f.clock.advance(Duration.between(f.clock.instant(), next));
            }
            f.deliver(call);
            posts++;
            item = f.notifyItem(call);
        }
        return posts;
    }

    @Test
    void threeConcurrentCopiesOfAMessagePostOnce() throws Exception {
        f.configureReceiver();
        String call = f.storeGuideRecording();
        f.receiver.delay(Duration.ofMillis(700));
        f.notifications.schedule(f.ccid, call, 1, f.clock.instant());
        // One batch of three copies (handled in parallel), and a fourth invocation at the same time.
        CompletableFuture<SQSBatchResponse> other = CompletableFuture.supplyAsync(() -> f.deliver(call));
        SQSBatchResponse batch = f.deliver(call, call, call);
        assertThat(batch.getBatchItemFailures()).isEmpty();
        assertThat(other.get(30, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
        assertThat(f.receiver.received()).hasSize(1);
        assertThat(f.status(call)).isEqualTo("DELIVERED");
        // The copies that found it leased came back for when the lease runs out; then they find it delivered.
        f.clock.advance(AnalyticsNotifications.LEASE);
        f.deliver(call, call, call);
        assertThat(f.receiver.received()).hasSize(1);
    }

    @Test
    void aNewerGenerationScheduledWhilePostingIsDeliveredAgainOnce() throws Exception {
        f.configureReceiver();
        String call = f.storeGuideRecording();
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch rescheduled = new CountDownLatch(1);
        f.receiver.onRequest(() -> {
            posting.countDown();
            await(rescheduled);
        });
        f.notifications.schedule(f.ccid, call, 1, f.clock.instant());
        CompletableFuture<SQSBatchResponse> first = CompletableFuture.supplyAsync(() -> f.deliver(call));
        await(posting);
        // Late data was stored while the first generation was on the wire.
        assertThat(f.notifications.schedule(f.ccid, call, 2, f.clock.instant())).isTrue();
        rescheduled.countDown();
        first.get(30, TimeUnit.SECONDS);

        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("generation").n()).isEqualTo("2");
        assertThat(item.get("deliveredGeneration").n()).isEqualTo("1");
        assertThat(item).doesNotContainKey("leaseUntil");
        assertThat(item.get(IntakeKeys.STATUS_PK).s()).endsWith("#PENDING");

        f.receiver.onRequest(() -> { });
        f.deliver(call);
        f.deliver(call);
        assertThat(f.receiver.received()).hasSize(2);
        assertThat(f.receiver.answered(200)).isEqualTo(2);
        assertThat(f.status(call)).isEqualTo("DELIVERED");
        assertThat(f.notifyItem(call).get("deliveredGeneration").n()).isEqualTo("2");
    }

    @Test
    void withoutAReceiverNothingIsPostedAndTheItemIsSkipped() {
        String call = f.storeGuideRecording();
        f.notifications.schedule(f.ccid, call, 1, f.clock.instant());
        f.deliver(call);
        Map<String, AttributeValue> item = f.notifyItem(call);
        assertThat(item.get("status").s()).isEqualTo("SKIPPED");
        assertThat(item.get("lastError").s()).contains("no analytics receiver");
        assertThat(item).doesNotContainKeys(IntakeKeys.STATUS_PK, IntakeKeys.STATUS_SK, IntakeKeys.DUE_PK, "leaseUntil");
        assertThat(item).containsKey(IntakeKeys.EXPIRES_AT);
        JsonNode status = ApiEvents.json(f.status());
        assertThat(status.get("pending").asInt()).isZero();
        assertThat(status.get("deadLettered").asInt()).isZero();
        assertThat(status.get("oldestPendingSince").isNull()).isTrue();
    }

    @Test
    void aDeletedRecordingIsSkippedWithTheReason() {
        f.configureReceiver();
        f.notifications.schedule(f.ccid, "never-stored-or-deleted", 1, f.clock.instant());
        f.deliver("never-stored-or-deleted");
        assertThat(f.status("never-stored-or-deleted")).isEqualTo("SKIPPED");
        assertThat(f.notifyItem("never-stored-or-deleted").get("lastError").s()).contains("no longer stored");
        assertThat(f.receiver.received()).isEmpty();
    }

    @Test
    void messagesThatAreNotNotifyMessagesAreDroppedAndUnknownCallsIgnored() {
        var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        event.setRecords(List.of(IntakeFixture.message("not json"), IntakeFixture.message("{\"ccid\":5}"),
                IntakeFixture.message(new IntakeMessage(f.ccid, "no-such-call").toJson())));
        assertThat(f.notifyHandler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(f.receiver.received()).isEmpty();
    }

    @Test
    void credentialsNeverReachLogsItemsOrDeadLetters() {
        String basic = Base64.getEncoder().encodeToString((IntakeFixture.USER + ":" + IntakeFixture.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String out = captured(() -> {
            String call = f.scheduledGuideRecording(503);
            f.deliver(call);
            f.clock.advance(Duration.ofMinutes(1));
            f.receiver.answer(401);
            f.deliver(call);
            return f.notifyItem(call).toString() + deadLetter(f.notifyItem(call).get("deadLetterKey").s());
        });
        assertThat(out).contains("analytics-notify", "RETRYING", "DEAD", "HTTP 401");
        assertThat(out).doesNotContain(IntakeFixture.PASSWORD, IntakeFixture.USER, basic);
    }

    @Test
    void aSlowReceiverIsATimeoutAndRetried() {
        try (IntakeFixture slow = new IntakeFixture(Duration.ofMillis(500))) {
            slow.configureReceiver();
            String call = slow.storeGuideRecording();
            slow.receiver.delay(Duration.ofSeconds(2));
            slow.notifications.schedule(slow.ccid, call, 1, slow.clock.instant());
            slow.deliver(call);
            Map<String, AttributeValue> item = slow.notifyItem(call);
            assertThat(item.get("status").s()).isEqualTo("RETRYING");
            assertThat(item.get("lastError").s()).contains("did not answer");
            assertThat(item).doesNotContainKey("lastStatusCode");
        }
    }

    /** Runs the block with stdout and stderr captured; returns what it printed and what it returned. */
    static String captured(Supplier<String> block) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        String result;
        try {
            result = block.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        out.print(printed);
        return printed + result;
    }

    static JsonNode deadLetter(String key) {
        try {
            return parse(IntakeFixture.STACK.s3().getObjectAsBytes(b -> b.bucket(IntakeFixture.ARCHIVE_BUCKET).key(key))
                    .asUtf8String());
        } catch (NoSuchKeyException e) {
            throw new AssertionError("no dead-letter copy at " + key, e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
