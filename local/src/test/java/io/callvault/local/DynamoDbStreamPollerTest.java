package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;

/** The DynamoDB stream event source on DynamoDB Local, against Lambda's documented behaviour. */
class DynamoDbStreamPollerTest {
    @TempDir
    static Path stateDir;
    static StandInStack stack;
    static FunctionHost functions;
    static DynamoDbStreamPoller poller;

    @BeforeAll
    static void start() throws Exception {
        Path template = Path.of(DynamoDbStreamPollerTest.class.getResource("/stream-trigger-template.yaml").toURI());
        stack = StandInStack.start(SamTemplate.read(template), null);
        functions = new FunctionHost(stack);
        // Written before the mappings exist: a LATEST mapping never sees it.
        put("LateTable", "before-the-mapping");
        // The timer stays out of the way; tests deliver synchronously.
        poller = new DynamoDbStreamPoller(stack, functions, stateDir, 3_600_000);
    }

    @AfterAll
    static void stop() {
        poller.close();
        stack.close();
    }

    @BeforeEach
    void reset() {
        RecordingStreamHandler.reset();
    }

    @Test
    void insertModifyAndRemoveArriveInOrderWithKeysImagesAndSequenceNumbersIntact() {
        stack.dynamo().putItem(b -> b.tableName("ItemsTable").item(Map.of(
                "PK", s("order-1"),
                "amount", n("42.50"),
                "open", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(true),
                "lines", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(List.of(s("a"), n("1"),
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(false))),
                "customer", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(Map.of(
                        "name", s("Ada"),
                        "address", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(Map.of("zip", n("75001"))))),
                "note", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true),
                "blob", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "tags", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("x", "y")),
                "sizes", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(List.of("1", "2")))));
        stack.dynamo().updateItem(b -> b.tableName("ItemsTable").key(Map.of("PK", s("order-1"))).attributeUpdates(Map.of(
                "amount", AttributeValueUpdate.builder().value(n("43")).action("PUT").build(),
                "open", AttributeValueUpdate.builder().value(
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(false)).action("PUT").build())));
        stack.dynamo().deleteItem(b -> b.tableName("ItemsTable").key(Map.of("PK", s("order-1"))));

        assertThat(poller.deliverNow()).isEqualTo(3);

        List<DynamodbEvent.DynamodbStreamRecord> records = records("Indexer");
        assertThat(records).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getDynamodb().getKeys()).containsOnlyKeys("PK");
            assertThat(r.getDynamodb().getKeys().get("PK").getS()).isEqualTo("order-1");
            assertThat(r.getEventSourceARN()).isEqualTo(streamArn("ItemsTable"));
            assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.getAwsRegion()).isEqualTo("us-east-1");
            assertThat(r.getEventID()).isNotBlank();
            assertThat(r.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(r.getDynamodb().getApproximateCreationDateTime()).isNotNull();
            assertThat(r.getDynamodb().getSizeBytes()).isPositive();
        });
        List<BigInteger> sequence = records.stream().map(r -> new BigInteger(r.getDynamodb().getSequenceNumber())).toList();
        assertThat(sequence).isSorted().doesNotHaveDuplicates();

        Map<String, AttributeValue> inserted = records.get(0).getDynamodb().getNewImage();
        assertThat(records.get(0).getDynamodb().getOldImage()).isNull();
        assertThat(inserted.get("PK").getS()).isEqualTo("order-1");
        assertThat(inserted.get("amount").getN()).isEqualTo("42.5");
        assertThat(inserted.get("open").getBOOL()).isTrue();
        assertThat(inserted.get("lines").getL()).satisfiesExactly(
                a -> assertThat(a.getS()).isEqualTo("a"),
                a -> assertThat(a.getN()).isEqualTo("1"),
                a -> assertThat(a.getBOOL()).isFalse());
        assertThat(inserted.get("customer").getM().get("name").getS()).isEqualTo("Ada");
        assertThat(inserted.get("customer").getM().get("address").getM().get("zip").getN()).isEqualTo("75001");
        assertThat(inserted.get("note").getNULL()).isTrue();
        assertThat(StandardCharsets.UTF_8.decode(inserted.get("blob").getB()).toString()).isEqualTo("bytes");
        assertThat(inserted.get("tags").getSS()).containsExactlyInAnyOrder("x", "y");
        assertThat(inserted.get("sizes").getNS()).containsExactlyInAnyOrder("1", "2");

        var modified = records.get(1).getDynamodb();
        assertThat(modified.getOldImage().get("amount").getN()).isEqualTo("42.5");
        assertThat(modified.getOldImage().get("open").getBOOL()).isTrue();
        assertThat(modified.getNewImage().get("amount").getN()).isEqualTo("43");
        assertThat(modified.getNewImage().get("open").getBOOL()).isFalse();
        assertThat(modified.getNewImage().get("customer").getM().get("name").getS()).isEqualTo("Ada");

        var removed = records.get(2).getDynamodb();
        assertThat(removed.getNewImage()).isNull();
        assertThat(removed.getOldImage().get("amount").getN()).isEqualTo("43");
    }

    @Test
    void batchesHoldAtMostBatchSizeRecordsInStreamOrder() {
        for (int i = 1; i <= 7; i++) {
            put("ItemsTable", "b" + i);
        }

        assertThat(poller.deliverNow()).isEqualTo(7);

        assertThat(RecordingStreamHandler.of("Indexer")).extracting(RecordingStreamHandler.Invocation::keys)
                .containsExactly(List.of("b1", "b2", "b3"), List.of("b4", "b5", "b6"), List.of("b7"));
    }

    @Test
    void aPartialBatchFailureRedeliversFromTheLowestFailedRecordAndNeverTheOnesBefore() {
        put("ItemsTable", "p1");
        put("ItemsTable", "p2");
        put("ItemsTable", "p3");
        RecordingStreamHandler.FAIL_KEYS.addAll(List.of("p2", "p3"));

        // p1 is done; p2 and p3 are retried at once, and fail again.
        assertThat(poller.deliverNow()).isEqualTo(1);
        RecordingStreamHandler.FAIL_KEYS.remove("p2");
        // p2 is done this time; p3 is retried alone, and fails again.
        assertThat(poller.deliverNow()).isEqualTo(1);
        RecordingStreamHandler.FAIL_KEYS.clear();
        assertThat(poller.deliverNow()).isEqualTo(1);

        assertThat(RecordingStreamHandler.of("Indexer")).extracting(RecordingStreamHandler.Invocation::keys).containsExactly(
                List.of("p1", "p2", "p3"), List.of("p2", "p3"),
                List.of("p2", "p3"), List.of("p3"),
                List.of("p3"));
        assertThat(poller.deliverNow()).isZero();
    }

    @Test
    void anItemIdentifierThatIsNoRecordOfTheBatchFailsTheWholeBatch() {
        put("ItemsTable", "u1");
        put("ItemsTable", "u2");
        RecordingStreamHandler.reportUnknownItem = true;

        assertThat(poller.deliverNow()).isZero();
        RecordingStreamHandler.reportUnknownItem = false;
        assertThat(poller.deliverNow()).isEqualTo(2);

        List<RecordingStreamHandler.Invocation> calls = RecordingStreamHandler.of("Indexer");
        assertThat(calls).extracting(RecordingStreamHandler.Invocation::keys)
                .containsExactly(List.of("u1", "u2"), List.of("u1", "u2"));
    }

    @Test
    void aThrownExceptionRetriesTheWholeBatch() {
        put("ItemsTable", "t1");
        put("ItemsTable", "t2");
        RecordingStreamHandler.THROWS_TO_INJECT.set(2);

        assertThat(poller.deliverNow()).isZero();
        assertThat(poller.deliverNow()).isZero();
        assertThat(poller.deliverNow()).isEqualTo(2);

        List<RecordingStreamHandler.Invocation> calls = RecordingStreamHandler.of("Indexer");
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(RecordingStreamHandler.Invocation::sequenceNumbers).containsOnly(calls.get(0).sequenceNumbers());
        assertThat(calls.get(0).keys()).containsExactly("t1", "t2");
    }

    @Test
    void bisectsAThrowingBatchAndAfterTheLastRetryDiscardsTheRecordLoudlyAndMovesOn() throws Exception {
        for (int i = 1; i <= 4; i++) {
            put("RetriedTable", "r" + i);
        }
        RecordingStreamHandler.THROW_ON_KEYS.add("r3");

        for (int i = 0; i < 4; i++) {
            poller.deliverNow();
        }

        assertThat(RecordingStreamHandler.of("Retrier")).extracting(RecordingStreamHandler.Invocation::keys).containsExactly(
                List.of("r1", "r2", "r3", "r4"),    // throws: halved
                List.of("r1", "r2"),                // done
                List.of("r3", "r4"),                // throws: halved
                List.of("r3"), List.of("r3"),       // MaximumRetryAttempts: 2, then discarded
                List.of("r4"));                     // done: the stream moves on
        List<JsonNode> discarded = poller.discarded();
        assertThat(discarded).hasSize(1);
        JsonNode info = discarded.get(0).get("DDBStreamBatchInfo");
        String r3 = RecordingStreamHandler.of("Retrier").get(3).sequenceNumbers().get(0);
        assertThat(info.get("startSequenceNumber").asText()).isEqualTo(r3);
        assertThat(info.get("endSequenceNumber").asText()).isEqualTo(r3);
        assertThat(info.get("batchSize").asInt()).isEqualTo(1);
        assertThat(info.get("streamArn").asText()).isEqualTo(streamArn("RetriedTable"));
        assertThat(discarded.get(0).at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(discarded.get(0).at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(discarded.get(0).at("/destinationNotSentLocally/Fn::GetAtt/0").asText()).isEqualTo("StreamFailures");
        assertThat(Files.readAllLines(stateDir.resolve("failures/Retrier.Changes.jsonl"))).hasSize(1);
    }

    @Test
    void aLatestMappingStartsWhenItIsCreated() {
        put("LateTable", "after-the-mapping");

        assertThat(poller.deliverNow()).isEqualTo(1);

        assertThat(RecordingStreamHandler.of("Latecomer")).extracting(RecordingStreamHandler.Invocation::keys)
                .containsExactly(List.of("after-the-mapping"));
    }

    @Test
    void retriesBackOffSoAFailingFunctionDoesNotSpinAndDeliveryResumesWhenItRecovers() throws Exception {
        put("ItemsTable", "backoff-1");
        RecordingStreamHandler.alwaysThrow = true;
        // A second poller with a busy timer and no checkpoints: it starts again from the stream's beginning.
        try (DynamoDbStreamPoller busy = new DynamoDbStreamPoller(stack, functions, null, 20)) {
            Thread.sleep(1_500);
            int attempts = RecordingStreamHandler.of("Indexer").size();
            // Back-off after each failure: 200, 400, 800 ms... (without it, 75 ticks in 1.5 s).
            assertThat(attempts).isBetween(1, 6);

            RecordingStreamHandler.alwaysThrow = false;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (RecordingStreamHandler.RETURNED.stream()
                    .noneMatch(i -> i.function().equals("Indexer") && i.keys().contains("backoff-1"))) {
                assertThat(System.nanoTime()).as("delivery resumes after the back-off").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        poller.deliverNow();
    }

    @Test
    void filterCriteriaDeliverOnlyMatchingRecordsAndTheCheckpointMovesPastTheOthers() throws Exception {
        job("job-1", "JOB", "RUNNING");     // delivered
        job("job-1", "RETRY", "RUNNING");   // another item of the job: SK is not JOB
        job("rec-1", "META", "RUNNING");    // a recording
        job("job-1", "JOB", "DONE");        // the job ended: NewImage.status is not RUNNING
        job("job-2", "JOB", "RUNNING");     // delivered
        stack.dynamo().deleteItem(b -> b.tableName("FilteredTable").key(Map.of("PK", s("job-2"), "SK", s("JOB"))));
        stack.dynamo().putItem(b -> b.tableName("FilteredTable").item(Map.of("PK", s("tagged"), "SK", s("X"),
                "tags", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("other", "keep")))));
        // REMOVE of an item whose old image lists "keep" among its tags: the second pattern (a set matches by any element).
        stack.dynamo().deleteItem(b -> b.tableName("FilteredTable").key(Map.of("PK", s("tagged"), "SK", s("X"))));

        assertThat(poller.deliverNow()).as("delivered records; filtered ones do not count").isEqualTo(3);

        List<RecordingStreamHandler.Invocation> calls = RecordingStreamHandler.of("Picky");
        assertThat(calls).extracting(RecordingStreamHandler.Invocation::keys)
                .as("batches are made of matching records only").containsExactly(List.of("job-1", "job-2"), List.of("tagged"));
        assertThat(records("Picky")).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("INSERT", "INSERT", "REMOVE");
        Path state = stateDir.resolve("Picky.Jobs.json");
        String checkpoint = Json.MAPPER.readTree(state.toFile()).get("shards").elements().next().get("checkpoint").asText();

        // Only filtered records after the last delivery: nothing is invoked, and they count as done.
        job("rec-2", "META", "RUNNING");
        job("job-3", "JOB", "DONE");
        assertThat(poller.deliverNow()).isZero();
        assertThat(RecordingStreamHandler.of("Picky")).hasSize(2);
        String after = Json.MAPPER.readTree(state.toFile()).get("shards").elements().next().get("checkpoint").asText();
        assertThat(new BigInteger(after)).as("the checkpoint moved past the filtered records").isGreaterThan(new BigInteger(checkpoint));
        assertThat(poller.deliverNow()).isZero();
        assertThat(RecordingStreamHandler.of("Picky")).hasSize(2);
    }

    @Test
    void onlyExactValueFiltersAreSupportedAndTheRestIsRefusedWhenTheMappingIsMade() {
        for (String pattern : List.of(
                "{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[{\"prefix\":\"JOB\"}]}}}}",
                "{\"eventName\":[{\"anything-but\":[\"REMOVE\"]}]}",
                "{\"dynamodb\":{\"NewImage\":{\"page\":{\"N\":[{\"numeric\":[\">\",0]}]}}}}",
                "{\"dynamodb\":{\"NewImage\":{\"x\":[{\"exists\":false}]}}}",
                "{\"eventName\":\"INSERT\"}",
                "{\"eventName\":[]}",
                "{}",
                "[\"INSERT\"]",
                "not json")) {
            assertThatThrownBy(() -> StreamFilter.compile("F.E", List.of(pattern))).as(pattern)
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("F.E: FilterCriteria pattern");
        }
        assertThatThrownBy(() -> StreamFilter.compile("F.E", List.of("{\"eventName\":[{\"prefix\":\"IN\"}]}")))
                .hasMessageContaining("content filter \"prefix\"").hasMessageContaining("exact values only");

        var record = software.amazon.awssdk.services.dynamodb.model.Record.builder().eventID("e").eventName("MODIFY")
                .dynamodb(software.amazon.awssdk.services.dynamodb.model.StreamRecord.builder().sequenceNumber("1")
                        .keys(Map.of("PK", s("a")))
                        .newImage(Map.of("PK", s("a"), "page", n("3"), "open",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(true)))
                        .build()).build();
        assertThat(StreamFilter.compile("F.E", List.of("{\"dynamodb\":{\"NewImage\":{\"page\":{\"N\":[\"3\"]},"
                + "\"open\":{\"BOOL\":[true]}}}}")).matches(record)).isTrue();
        assertThat(StreamFilter.compile("F.E", List.of("{\"dynamodb\":{\"NewImage\":{\"page\":{\"N\":[\"4\"]}}}}",
                "{\"eventName\":[\"INSERT\",\"MODIFY\"]}")).matches(record)).as("any pattern may match").isTrue();
        assertThat(StreamFilter.compile("F.E", List.of("{\"dynamodb\":{\"OldImage\":{\"page\":{\"N\":[\"3\"]}}}}")).matches(record))
                .as("a field the record lacks never matches").isFalse();
        assertThat(StreamFilter.compile("F.E", List.of("{\"eventName\":[\"MODIFY\"],\"awsRegion\":[\"eu-west-1\"]}")).matches(record))
                .as("every field must match").isFalse();
    }

    private static void job(String pk, String sk, String status) {
        stack.dynamo().putItem(b -> b.tableName("FilteredTable").item(Map.of("PK", s(pk), "SK", s(sk), "status", s(status))));
    }

    private static List<DynamodbEvent.DynamodbStreamRecord> records(String function) {
        return RecordingStreamHandler.of(function).stream().flatMap(i -> i.event().getRecords().stream()).toList();
    }

    static void put(String table, String key) {
        stack.dynamo().putItem(b -> b.tableName(table).item(Map.of("PK", s(key))));
    }

    private static String streamArn(String table) {
        return stack.dynamo().describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(v);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue n(String v) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(v);
    }
}
