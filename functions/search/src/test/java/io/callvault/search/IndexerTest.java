package io.callvault.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.GuideFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The indexer function against DynamoDB Local and the OpenSearch node, fed stream records as Lambda would. */
class IndexerTest {
    static final Instant T0 = Instant.parse("2024-04-01T10:00:00Z");
    final SearchCorpus corpus = new SearchCorpus();
    final IndexerHandler handler = new IndexerHandler(corpus.indexer);
    String ccid;
    String run;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("indexer-");
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    static DynamodbEvent.DynamodbStreamRecord record(String sequence, String event, String pk, String sk) {
        var r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(event);
        r.setDynamodb(new StreamRecord().withSequenceNumber(sequence)
                .withKeys(Map.of("PK", new AttributeValue().withS(pk), "SK", new AttributeValue().withS(sk))));
        return r;
    }

    static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(List.of(records));
        return e;
    }

    JsonNode doc(RecordingKind kind, String id) {
        corpus.refresh(ccid);
        JsonNode hits = corpus.cluster.post("/" + RecordingIndices.alias(kind, ccid) + "/_search", Map.of(),
                Json.object().set("query", Json.object().set("ids", Json.object().set("values", Json.array().add(id)))))
                .path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).get("_source");
    }

    ObjectNode call(String id) {
        return SearchCorpus.call(id, T0, "1000", "2000", List.of("Ann Lee ann"), Map.of("Queue", "Gold"),
                List.of("/team1|sales|ann"));
    }

    @Test
    void aChangeIndexesTheRecordingsCurrentStateAndOtherItemsAreIgnored() {
        String id = "IDX-A-" + run;
        corpus.store(ccid, RecordingKind.CALL, call(id));
        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "INSERT", Keys.mediaGuard(ccid, id + "-m0.mp3"), Keys.OWNER),
                record("2", "INSERT", Keys.recording(ccid, RecordingKind.CALL, id), Keys.META),
                record("3", "INSERT", Keys.recording(ccid, RecordingKind.CALL, id), Keys.MEDIA_PREFIX + id + "-m0.mp3"),
                record("4", "INSERT", "CC#" + ccid + "#JOB#x", "JOB")), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        JsonNode doc = doc(RecordingKind.CALL, id);
        assertThat(doc.get("mediaIds")).hasSize(1);
        assertThat(doc.get("userData").toString()).contains("Gold");

        ObjectNode second = call(id);
        ((ObjectNode) second.get("mediaFiles").get(0)).put("mediaId", id + "-m1.mp3");
        corpus.store(ccid, RecordingKind.CALL, second);
        handler.handleRequest(event(record("5", "MODIFY", Keys.recording(ccid, RecordingKind.CALL, id), Keys.META)), null);
        assertThat(doc(RecordingKind.CALL, id).get("mediaIds")).hasSize(2);
        assertThat(doc(RecordingKind.CALL, id).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aDeletedRecordingLeavesTheIndexAndARepeatedRecordChangesNothing() {
        String id = "IDX-D-" + run;
        corpus.store(ccid, RecordingKind.CALL, call(id));
        corpus.index(ccid, RecordingKind.CALL, List.of(id));
        corpus.store.markDeleting(ccid, RecordingKind.CALL, id);
        corpus.store.deleteItems(ccid, RecordingKind.CALL, id);
        var remove = record("9", "REMOVE", Keys.recording(ccid, RecordingKind.CALL, id), Keys.META);
        assertThat(handler.handleRequest(event(remove), null).getBatchItemFailures()).isEmpty();
        assertThat(doc(RecordingKind.CALL, id)).isNull();
        assertThat(handler.handleRequest(event(remove), null).getBatchItemFailures()).isEmpty();
        assertThat(doc(RecordingKind.CALL, id)).isNull();
    }

    @Test
    void aScreenCarriesItsCallsAccessAndLosesItWhenTheCallGoes() {
        String callId = "IDX-C-" + run;
        String screenId = "IDX-S-" + run;
        corpus.store(ccid, RecordingKind.CALL, call(callId));
        ObjectNode screen = GuideFixtures.screenRecording();
        screen.put("id", screenId).put("callRecordingId", callId);
        ((ObjectNode) screen.get("mediaFiles").get(0)).put("mediaId", screenId + ".mp4");
        corpus.store(ccid, RecordingKind.SCREEN, screen);
        handler.handleRequest(event(record("1", "INSERT", Keys.recording(ccid, RecordingKind.CALL, callId),
                Keys.SCREEN_LINK_PREFIX + screenId)), null);
        JsonNode doc = doc(RecordingKind.SCREEN, screenId);
        assertThat(doc.get("accessgroups").toString()).contains("/team1");
        assertThat(doc(RecordingKind.CALL, callId).get("screenRecordingIds").toString()).contains(screenId);

        corpus.store.markDeleting(ccid, RecordingKind.CALL, callId);
        corpus.store.deleteItems(ccid, RecordingKind.CALL, callId);
        handler.handleRequest(event(
                record("2", "REMOVE", Keys.recording(ccid, RecordingKind.CALL, callId), Keys.SCREEN_LINK_PREFIX + screenId),
                record("3", "REMOVE", Keys.recording(ccid, RecordingKind.CALL, callId), Keys.META)), null);
        assertThat(doc(RecordingKind.CALL, callId)).isNull();
        assertThat(doc(RecordingKind.SCREEN, screenId).get("accessgroups")).isEmpty();
    }

    @Test
    void aScreenIndexedBeforeItsCallGetsTheCallsAccessWhenTheCallArrives() {
        String callId = "IDX-LC-" + run;
        String screenId = "IDX-LS-" + run;
        ObjectNode screen = GuideFixtures.screenRecording();
        screen.put("id", screenId).put("callRecordingId", callId);
        ((ObjectNode) screen.get("mediaFiles").get(0)).put("mediaId", screenId + ".mp4");
        corpus.store(ccid, RecordingKind.SCREEN, screen);
        handler.handleRequest(event(record("1", "INSERT", Keys.recording(ccid, RecordingKind.SCREEN, screenId), Keys.META)), null);
        assertThat(doc(RecordingKind.SCREEN, screenId).get("accessgroups")).isEmpty();

        corpus.store(ccid, RecordingKind.CALL, call(callId));
        handler.handleRequest(event(record("2", "INSERT", Keys.recording(ccid, RecordingKind.CALL, callId), Keys.META)), null);
        assertThat(doc(RecordingKind.SCREEN, screenId).get("accessgroups").toString()).contains("/team1");
        assertThat(doc(RecordingKind.CALL, callId).get("screenRecording").asBoolean()).isTrue();
    }

    @Test
    void aWriteBlockedIndexIsAPartialBatchFailureRetriedFromTheFirstRecordOfTheRecording() {
        String a = "IDX-W1-" + run;
        String b = "IDX-W2-" + run;
        corpus.store(ccid, RecordingKind.CALL, call(a));
        corpus.index(ccid, RecordingKind.CALL, List.of(a));
        corpus.store(ccid, RecordingKind.CALL, call(b));
        String index = RecordingIndices.index(RecordingKind.CALL, "us", ccid);
        corpus.cluster.put("/" + index + "/_settings", Json.object().put("index.blocks.write", true));
        try {
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            records.add(record("10", "MODIFY", "CC#" + ccid + "#SETTINGS", "encryption"));
            records.add(record("11", "INSERT", Keys.recording(ccid, RecordingKind.CALL, b), Keys.META));
            records.add(record("12", "INSERT", Keys.recording(ccid, RecordingKind.CALL, b), Keys.MEDIA_PREFIX + "x"));
            StreamsEventResponse response = handler.handleRequest(event(records.toArray(DynamodbEvent.DynamodbStreamRecord[]::new)), null);
            assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("11");
        } finally {
            corpus.cluster.put("/" + index + "/_settings", Json.object().putNull("index.blocks.write"));
        }
        assertThat(handler.handleRequest(event(record("11", "INSERT", Keys.recording(ccid, RecordingKind.CALL, b),
                Keys.META)), null).getBatchItemFailures()).isEmpty();
        assertThat(doc(RecordingKind.CALL, b)).isNotNull();
    }

    @Test
    void anIndexDeletedBehindTheIndexersBackGetsItsAliasBack() {
        String id = "IDX-R-" + run;
        corpus.store(ccid, RecordingKind.CALL, call(id));
        corpus.index(ccid, RecordingKind.CALL, List.of(id));
        corpus.cluster.delete("/" + RecordingIndices.index(RecordingKind.CALL, "us", ccid), null);
        RecordingIndices fresh = new RecordingIndices(corpus.cluster);
        fresh.ensureIndex(RecordingKind.CALL, "us", ccid);
        assertThat(fresh.indicesOf(RecordingKind.CALL, ccid)).containsExactly(RecordingIndices.index(RecordingKind.CALL, "us", ccid));
    }
}
