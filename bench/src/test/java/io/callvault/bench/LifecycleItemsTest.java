package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LifecycleItemsTest {
    private static final String TABLE = "RecordingsTable";
    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    /** Recording {@code i} of a set stored through the real store code against a capture, media attached. */
    private static PartitionCapture stored(LifecycleRecordings set, int i) {
        PartitionCapture capture = new PartitionCapture(TABLE);
        RecordingStore store = new RecordingStore(capture.client(), TABLE, Clock.systemUTC());
        store.ingest("cc-1", set.recording(i));
        MediaLocation location = store.locateMedia("cc-1", set.mediaId(i)).orElseThrow();
        MediaFile updated = location.media().toBuilder().pkcs7("-----BEGIN PKCS7-----\nAA==\n-----END PKCS7-----\n")
                .certAlias(List.of("bench")).size(16_384L).build();
        assertThat(store.attachObject(location, updated, "cc-1/voice/x/" + set.mediaId(i) + ".abc", "sha")).isTrue();
        return capture;
    }

    @Test
    void theStoreComputesANewRecordingsItemsAgainstTheCaptureAndTheyReadBackAsTheRecording() {
        LifecycleRecordings set = new LifecycleRecordings("LCT", NOW, 16_384);
        PartitionCapture capture = stored(set, 3);
        List<Map<String, AttributeValue>> items = capture.items();
        // META, MEDIA#, the mediaId guard and 5 events.
        assertThat(items).hasSize(8);
        Map<String, AttributeValue> meta = items.stream().filter(i -> i.get("SK").s().equals("META")).findFirst().orElseThrow();
        assertThat(meta.get("version").n()).isEqualTo("2");
        StoredRecording back = new RecordingStore(capture.client(), TABLE, Clock.systemUTC())
                .find("cc-1", RecordingKind.CALL, set.id(3)).orElseThrow();
        assertThat(back.mediaObjects()).containsEntry(set.mediaId(3), "cc-1/voice/x/" + set.mediaId(3) + ".abc");
        assertThat(back.recording().startTime()).isEqualTo(set.start(3));
        assertThat(back.recording().region()).isEqualTo("us");
        assertThat(back.recording().eventHistory()).hasSize(5);
    }

    @Test
    void twoRecordingsOfASetHaveTheSameShapeAndAMissingAttributeIsNamed() {
        LifecycleRecordings set = new LifecycleRecordings("LCT", NOW, 16_384);
        List<Map<String, AttributeValue>> a = stored(set, 1).items();
        List<Map<String, AttributeValue>> b = stored(set, 2).items();
        assertThat(LifecycleItems.sameShape(a, b)).isNull();

        List<Map<String, AttributeValue>> changed = b.stream().map(i -> {
            Map<String, AttributeValue> copy = new HashMap<>(i);
            if (copy.get("SK").s().startsWith("MEDIA#")) {
                copy.remove("objectKey");
            }
            return (Map<String, AttributeValue>) copy;
        }).toList();
        assertThat(LifecycleItems.sameShape(a, changed)).contains("objectKey");
    }

    @Test
    void recordingsAreOverAYearOldAndSpreadOverManyDays() {
        assertThat(LifecycleRecordings.ageOf(0).toDays()).isEqualTo(366);
        assertThat(LifecycleRecordings.ageOf(364).toDays()).isEqualTo(730);
        assertThat(LifecycleRecordings.ageOf(365).toDays()).isEqualTo(366);
        assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> LifecycleRecordings.ageOf(i).toDays())
                .distinct().count()).isEqualTo(365);
    }

    @Test
    void threadNamesAreGroupedWithoutTheirNumbers() {
        assertThat(CpuMeter.group("qtp1234-56")).isEqualTo("qtp#-#");
        assertThat(CpuMeter.group("pool-89-thread-3")).isEqualTo(LifecycleBenchmark.RAW_THREADS);
        assertThat(CpuMeter.group("lifecycle-worker")).isEqualTo("lifecycle-worker");
    }

    @Test
    void callsAreSplitIntoTheLifecycleFunctionsAndTheOtherThreads() {
        Map<String, Map<String, Long>> byThreads = Map.of(
                "lifecycle-worker", Map.of("DynamoDb Query", 500L, "S3 HeadObject", 300L),
                "lambda-invoke", Map.of("DynamoDb GetItem", 8L, "DynamoDb Query", 100L),
                "indexer-read", Map.of("DynamoDb Query", 233L));
        assertThat(LifecycleBenchmark.calls(byThreads, true)).containsEntry("DynamoDb Query", 600L)
                .containsEntry("S3 HeadObject", 300L).containsEntry("DynamoDb GetItem", 8L);
        assertThat(LifecycleBenchmark.calls(byThreads, false)).containsExactly(Map.entry("DynamoDb Query", 233L));
    }
}
