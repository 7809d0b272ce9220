package io.callvault.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start baseline: the ingest function as it is commonly written with SDK defaults. A default
 * client builder (Apache HTTP client, default region and credential provider chains, endpoint from the
 * environment), an enhanced client and bean table schemas made per call, and Jackson data binding into
 * beans. It does the equivalent work of callvault's ingest: check the caller, look the tenant up, and
 * write the recording's META, MEDIA#, guard and EVT# items in one transaction.
 */
public final class BaselineIngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final DateTimeFormatter GUIDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo = DynamoDbClient.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    private final String recordingsTable = System.getenv("RECORDINGS_TABLE");
    private final String controlTable = System.getenv("CONTROL_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> claims = event.getRequestContext().getAuthorizer().getJwt().getClaims();
        String ccid = event.getPathParameters().get("ccid");
        if (!ccid.equals(claims.get("ccid")) || !claims.getOrDefault("permissions", "").contains("RECORDING_INGEST")) {
            return respond(403, "{\"statusCode\":403,\"message\":\"forbidden\"}");
        }
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        DynamoDbTable<ContactCenterItem> tenants = enhanced.table(controlTable, TableSchema.fromBean(ContactCenterItem.class));
        if (tenants.getItem(Key.builder().partitionValue("TENANT").sortValue("CC#" + ccid).build()) == null) {
            return respond(404, "{\"statusCode\":404,\"message\":\"contact center not found\"}");
        }
        try {
            RecordingPost post = MAPPER.readValue(event.getBody(), RecordingPost.class);
            DynamoDbTable<RecordingItem> recordings = enhanced.table(recordingsTable, TableSchema.fromBean(RecordingItem.class));
            TransactWriteItemsEnhancedRequest.Builder transaction = TransactWriteItemsEnhancedRequest.builder();
            for (RecordingItem item : items(ccid, post)) {
                transaction.addPutItem(recordings, item);
            }
            enhanced.transactWriteItems(transaction.build());
            return respond(200, MAPPER.writeValueAsString(Map.of("statusCode", 0, "id", post.id)));
        } catch (JsonProcessingException e) {
            return respond(400, "{\"statusCode\":400,\"message\":\"invalid body\"}");
        }
    }

    private static List<RecordingItem> items(String ccid, RecordingPost post) throws JsonProcessingException {
        String pk = "CC#" + ccid + "#REC#" + post.id;
        long now = System.currentTimeMillis();
        long start = millis(post.startTime);
        List<RecordingItem> items = new ArrayList<>();
        RecordingItem meta = item(pk, "META");
        meta.setKind("CALL");
        meta.setCcid(ccid);
        meta.setId(post.id);
        meta.setCallerPhoneNumber(post.callerPhoneNumber);
        meta.setDialedPhoneNumber(post.dialedPhoneNumber);
        meta.setStartTime(start);
        meta.setStopTime(millis(post.stopTime));
        meta.setGsi1pk("CC#" + ccid + "#DAY#" + DAY.format(OffsetDateTime.parse(post.startTime, GUIDE_TIME)));
        meta.setGsi1sk(String.format("%013d#CALL#%s", start, post.id));
        meta.setCreatedAt(now);
        meta.setVersion(1L);
        items.add(meta);
        for (RecordingPost.MediaFile file : post.mediaFiles) {
            RecordingItem media = item(pk, "MEDIA#" + file.mediaId);
            media.setDoc(MAPPER.writeValueAsString(file));
            media.setStartTime(millis(file.startTime));
            media.setCreatedAt(now);
            items.add(media);
            RecordingItem guard = item("CC#" + ccid + "#MID#" + file.mediaId, "OWNER");
            guard.setOwner(pk);
            items.add(guard);
        }
        for (RecordingPost.CallEvent e : post.eventHistory) {
            RecordingItem event = item(pk, "EVT#" + e.eventId);
            event.setDoc(MAPPER.writeValueAsString(e));
            items.add(event);
        }
        return items;
    }

    private static RecordingItem item(String pk, String sk) {
        RecordingItem item = new RecordingItem();
        item.setPk(pk);
        item.setSk(sk);
        return item;
    }

    private static long millis(String guideTime) {
        return OffsetDateTime.parse(guideTime, GUIDE_TIME).toInstant().toEpochMilli();
    }

    private static APIGatewayV2HTTPResponse respond(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(body)
                .build();
    }
}
