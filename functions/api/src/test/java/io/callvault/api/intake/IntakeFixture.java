package io.callvault.api.intake;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.SettingsHandler;
import io.callvault.core.ApiEvents;
import io.callvault.core.GuideFixtures;
import io.callvault.core.MovableClock;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.RetrySchedule;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.ReceiverClient;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.time.GuideTime;
import io.callvault.standins.StandInStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One test's world on the shared stand-ins: a new tenant, a stand-in receiver on 127.0.0.1, a notify and an enrich
 * queue of its own (so what the functions send can be counted), the notify and ops handlers on a movable clock.
 */
final class IntakeFixture implements AutoCloseable {
    static final StandInStack STACK = StandInStack.shared();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String USER = "sm-user-7f3a";
    static final String PASSWORD = "s3cret-Pa55word-91b2";
    static final String INTAKE_TABLE = STACK.resourceName("IntakeTable");
    static final String ARCHIVE_BUCKET = STACK.resourceName("ArchiveBucket");

    final MovableClock clock = new MovableClock(T0);
    final String ccid = ApiEvents.newContactCenter("intake-");
    final TestReceiver receiver = new TestReceiver();
    final String notifyQueue;
    final String enrichQueue;
    final FunctionEnvironment notifyEnv;
    final FunctionEnvironment opsEnv;
    final AnalyticsNotifications notifications;
    final AnalyticsNotifyHandler notifyHandler;
    final IntakeOpsHandler opsHandler;
    final RecordingStore recordings;

    IntakeFixture() {
        this(Duration.ofSeconds(5));
    }

    IntakeFixture(Duration requestTimeout) {
        STACK.sqs();
        notifyQueue = newQueue("notify");
        enrichQueue = newQueue("enrich");
        notifyEnv = env(AnalyticsNotifyHandler.class, Map.of("NOTIFY_QUEUE_URL", notifyQueue));
        opsEnv = env(IntakeOpsHandler.class, Map.of("NOTIFY_QUEUE_URL", notifyQueue, "ENRICH_QUEUE_URL", enrichQueue));
        notifications = new AnalyticsNotifications(STACK.dynamo(), INTAKE_TABLE, RetrySchedule.GUIDE, clock);
        notifyHandler = new AnalyticsNotifyHandler(AnalyticsNotifier.from(notifyEnv, clock,
                new ReceiverClient(ReceiverUrls.from(notifyEnv), Duration.ofSeconds(2), requestTimeout)));
        opsHandler = new IntakeOpsHandler(opsEnv, clock);
        recordings = new RecordingStore(STACK.dynamo(), STACK.resourceName("RecordingsTable"), clock);
    }

    private static FunctionEnvironment env(Class<?> handler, Map<String, String> overrides) {
        Map<String, String> vars = new HashMap<>(STACK.environmentOfHandler(handler.getName()));
        vars.putAll(overrides);
        return new FunctionEnvironment(vars);
    }

    private static String newQueue(String prefix) {
        String name = prefix + "-" + UUID.randomUUID();
        return STACK.sqs().createQueue(b -> b.queueName(name)).queueUrl();
    }

    /** The tenant's {@code speechminer/interaction-receiver} through the settings API, pointing at the stand-in. */
    void configureReceiver() {
        String value = Json.object().put("uri-prefix", receiver.url()).put("userName", USER).put("password", PASSWORD)
                .toString();
        APIGatewayV2HTTPResponse r = new SettingsHandler(ApiEvents.env(SettingsHandler.class)).handleRequest(
                event("POST /api/v2/settings/{group}", Map.of("group", "speechminer"), null,
                        "{\"name\":\"interaction-receiver\",\"value\":" + value + "}",
                        claims(ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    /** The guide's recording (id {@link GuideFixtures#CALL_ID}) stored for the tenant. */
    String storeGuideRecording() {
        recordings.ingest(ccid, RecordingCodec.read(GuideFixtures.callRecordingPost(0), RecordingKind.CALL));
        return GuideFixtures.CALL_ID;
    }

    /**
     * The receiver configured and answering {@code status}, the guide's recording stored and its generation 1 due now,
     * as the enrichment worker leaves it after a store.
     */
    String scheduledGuideRecording(int status) {
        configureReceiver();
        String call = storeGuideRecording();
        receiver.answer(status);
        notifications.schedule(ccid, call, 1, clock.instant());
        return call;
    }

    /** A call recording of its own id, started at {@code start}. */
    String storeRecording(String id, Instant start) {
        ObjectNode post = GuideFixtures.callRecordingPost(0);
        post.put("id", id).put("startTime", GuideTime.format(start)).put("stopTime", GuideTime.format(start.plusSeconds(60)));
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.put("mediaId", id + "_media.mp3").put("startTime", GuideTime.format(start))
                .put("stopTime", GuideTime.format(start.plusSeconds(60)));
        recordings.ingest(ccid, RecordingCodec.read(post, RecordingKind.CALL));
        return id;
    }

    /** Lambda's SQS event source handing the function these messages. */
    SQSBatchResponse deliver(String... callUuids) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (String callUuid : callUuids) {
            messages.add(message(new IntakeMessage(ccid, callUuid).toJson()));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return notifyHandler.handleRequest(event, null);
    }

    static SQSEvent.SQSMessage message(String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(UUID.randomUUID().toString());
        m.setBody(body);
        return m;
    }

    /** The {@code NOTIFY} (or other) item as stored. */
    Map<String, AttributeValue> item(String callUuid, String sk) {
        return STACK.dynamo().getItem(b -> b.tableName(INTAKE_TABLE).consistentRead(true).key(Map.of(
                IntakeKeys.PK, AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)), IntakeKeys.SK, AttributeValue.fromS(sk))))
                .item();
    }

    Map<String, AttributeValue> notifyItem(String callUuid) {
        return item(callUuid, IntakeKeys.NOTIFY);
    }

    String status(String callUuid) {
        return notifyItem(callUuid).get("status").s();
    }

    /** Messages that can be received now (those sent without delay), removed from the queue. */
    List<Message> drain(String queueUrl) {
        List<Message> out = new ArrayList<>();
        while (true) {
            List<Message> got = STACK.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                STACK.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            out.addAll(got);
        }
    }

    /** Messages in the queue: receivable now or waiting out a delay. */
    int queued(String queueUrl) {
        var attributes = STACK.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    APIGatewayV2HTTPResponse ops(String route, String pathCcid, String body, Map<String, String> who) {
        Map<String, String> path = new HashMap<>();
        path.put("ccid", pathCcid);
        return opsHandler.handleRequest(event(route, path, null, body, who), null);
    }

    static Map<String, String> opsCaller() {
        return claims("-", "operator", List.of("OPS"), List.of(), false);
    }

    APIGatewayV2HTTPResponse status() {
        return ops(IntakeOpsHandler.STATUS, ccid, null, opsCaller());
    }

    APIGatewayV2HTTPResponse redrive(String body) {
        return ops(IntakeOpsHandler.REDRIVE, ccid, body, opsCaller());
    }

    @Override
    public void close() {
        receiver.close();
        STACK.sqs().deleteQueue(b -> b.queueUrl(notifyQueue));
        STACK.sqs().deleteQueue(b -> b.queueUrl(enrichQueue));
    }
}
