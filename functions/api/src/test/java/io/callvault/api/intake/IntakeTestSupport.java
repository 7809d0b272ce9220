package io.callvault.api.intake;

import static io.callvault.core.ApiEvents.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.IntakeFixtures;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.standins.StandInStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** The stand-ins, posts and reads the intake tests share. Every test makes its own tenant, calls and mediaIds. */
final class IntakeTestSupport {
    static final StandInStack STACK = StandInStack.shared();
    static final String TABLE = STACK.resourceName("IntakeTable");
    static final String RAW = "POST /api/contact-centers/{ccid}/recordings/";
    static final String RAW_NO_SLASH = "POST /api/contact-centers/{ccid}/recordings";
    static final String EVENTS = "POST /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events";

    private IntakeTestSupport() {}

    /** The media server's service token: what {@code callvault-local.jar token --user mcp --permissions RECORDING_INGEST} mints. */
    static Map<String, String> mediaServer(String ccid) {
        return claims(ccid, "mcp", List.of("RECORDING_INGEST"), List.of(), false);
    }

    static String newCallUuid() {
        return "CALL" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    }

    static String mediaId(String callUuid, int n) {
        return callUuid + "_2015-06-24_20-18-30-00710158-100043FD-" + String.format("%08d", n) + ".mp3";
    }

    /** The guide's first media server post (credential and all), moved to another call and mediaId. */
    static ObjectNode rawPost(String callUuid, String mediaId) {
        ObjectNode post = IntakeFixtures.rawPost(0);
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.put("mediaId", mediaId);
        file.put("callUUID", callUuid);
        ObjectNode parameters = (ObjectNode) file.get("parameters");
        parameters.put("callUuid", callUuid);
        parameters.put("id", callUuid + "_2015-06-24_20-18-30");
        return post;
    }

    static ObjectNode file(ObjectNode post) {
        return (ObjectNode) post.get("mediaFiles").get(0);
    }

    /** Every item of a call's partition, in key order. */
    static List<Map<String, AttributeValue>> partition(String ccid, String callUuid) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        STACK.dynamo().queryPaginator(b -> b.tableName(TABLE).consistentRead(true).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)))))
                .items().forEach(items::add);
        return items;
    }

    static Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = STACK.dynamo().getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    static Map<String, AttributeValue> state(String ccid, String callUuid) {
        return item(IntakeKeys.call(ccid, callUuid), IntakeKeys.STATE);
    }

    static Map<String, AttributeValue> guard(String mediaId) {
        return item(IntakeKeys.mediaGuard(mediaId), IntakeKeys.MEDIA_GUARD);
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    /** Sets a STATE's status as the enrichment would (STORED: out of both indexes, no due time). */
    static void setStatus(String ccid, String callUuid, String status) {
        STACK.dynamo().updateItem(b -> b.tableName(TABLE)
                .key(Map.of("PK", AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)), "SK", AttributeValue.fromS("STATE")))
                .updateExpression("SET #s = :s REMOVE dueAt, duePK, dueSK" + ("STORED".equals(status) ? ", statusPK, statusSK" : ""))
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status))));
    }

    /**
     * The enrichment checks queued for this tenant since the last call: received and deleted. Other tenants'
     * messages (parallel tests) are made visible again.
     */
    static List<IntakeMessage> enrichMessages(String ccid) {
        String url = STACK.queueUrl("EnrichQueue");
        List<IntakeMessage> mine = new ArrayList<>();
        List<Message> others = new ArrayList<>();
        while (true) {
            List<Message> got = STACK.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)).messages();
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                IntakeMessage message = IntakeMessage.parse(m.body());
                if (message.ccid().equals(ccid)) {
                    mine.add(message);
                    STACK.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                } else {
                    others.add(m);
                }
            }
        }
        for (Message m : others) {
            STACK.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        return mine;
    }

    static String newContactCenter(String prefix) {
        return ApiEvents.newContactCenter(prefix);
    }
}
