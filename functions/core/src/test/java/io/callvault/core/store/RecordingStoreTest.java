package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.GuideFixtures;
import io.callvault.core.model.CallEvent;
import io.callvault.core.model.EventData;
import io.callvault.core.model.EventType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Against DynamoDB Local, with the tables template.yaml defines. Each test uses its own contact center. */
class RecordingStoreTest {
    static final StandInStack STACK = StandInStack.shared();
    static final ExecutorService POOL = Executors.newFixedThreadPool(8);

    final DynamoDbClient dynamo = STACK.dynamo();
    final String table = STACK.resourceName("RecordingsTable");
    final RecordingStore store = new RecordingStore(dynamo, table, Clock.systemUTC());
    String ccid;

    @BeforeEach
    void newTenant() {
        ccid = UUID.randomUUID().toString();
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    static Recording guideRecording() throws Exception {
        return RecordingCodec.read(GuideFixtures.callRecording(), RecordingKind.CALL);
    }

    /** The guide's recording as the media server posts it: one media file per post. */
    static Recording segment(Recording full, int index) {
        return full.toBuilder().mediaFiles(List.of(full.mediaFiles().get(index))).build();
    }

    @Test
    void storesAndReadsBackTheGuidesRecordingWhole() throws Exception {
        Recording full = guideRecording();
        store.ingest(ccid, segment(full, 0));
        store.ingest(ccid, segment(full, 1));

        StoredRecording stored = store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow();
        Recording r = stored.recording();
        assertThat(r.mediaFiles()).extracting(MediaFile::mediaId)
                .containsExactly(full.mediaFiles().get(0).mediaId(), full.mediaFiles().get(1).mediaId());
        assertThat(r.mediaFiles()).allSatisfy(f -> assertThat(f.playId()).matches("[0-9a-f-]{36}"));
        assertThat(r.eventHistory()).hasSize(10);
        assertThat(r.eventHistory()).isSortedAccordingTo(java.util.Comparator.comparing(CallEvent::occurredAt));
        assertThat(r.startTime()).isEqualTo(full.startTime());
        assertThat(r.stopTime()).isEqualTo(full.stopTime());
        assertThat(withoutPlayIds(r)).isEqualTo(full.toBuilder()
                .eventHistory(r.eventHistory()).build());
    }

    @Test
    void aRepeatedPostChangesNothing() throws Exception {
        Recording post = segment(guideRecording(), 0);
        IngestResult first = store.ingest(ccid, post);
        Map<String, AttributeValue> metaBefore = meta(post.id());

        IngestResult again = store.ingest(ccid, post);

        assertThat(again).isEqualTo(first);
        assertThat(meta(post.id())).isEqualTo(metaBefore);
        assertThat(partitionSize(post.id())).isEqualTo(1 + 1 + post.eventHistory().size());
    }

    @Test
    void theSameMediaIdWithOtherContentIsAConflictAndWritesNothing() throws Exception {
        Recording post = segment(guideRecording(), 0);
        store.ingest(ccid, post);
        Map<String, AttributeValue> metaBefore = meta(post.id());
        int itemsBefore = partitionSize(post.id());
        MediaFile changed = post.mediaFiles().get(0).toBuilder().size(1L).build();
        Recording conflicting = post.toBuilder().mediaFiles(List.of(changed))
                .eventHistory(List.of(event("2015-06-24T20:18:50Z", "new-event"))).build();

        assertThatThrownBy(() -> store.ingest(ccid, conflicting)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("different content");
        assertThat(meta(post.id())).isEqualTo(metaBefore);
        assertThat(partitionSize(post.id())).isEqualTo(itemsBefore);
    }

    @Test
    void aMediaIdBelongsToOneRecording() throws Exception {
        Recording post = segment(guideRecording(), 0);
        store.ingest(ccid, post);
        Recording elsewhere = post.toBuilder().id("OTHERRECORDING0000000000000001").build();

        assertThatThrownBy(() -> store.ingest(ccid, elsewhere)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("another recording");
        assertThat(store.find(ccid, RecordingKind.CALL, elsewhere.id())).isEmpty();
    }

    @Test
    void aDuplicateStormStoresOneRecordingWithOneMediaFile() throws Exception {
        Recording post = segment(guideRecording(), 0);
        List<Callable<IngestResult>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            posts.add(() -> store.ingest(ccid, post));
        }
        List<IngestResult> results = new ArrayList<>();
        for (Future<IngestResult> f : POOL.invokeAll(posts)) {
            results.add(f.get());
        }

        assertThat(results).containsOnly(results.get(0));
        Recording stored = store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow().recording();
        assertThat(stored.mediaFiles()).hasSize(1);
        assertThat(meta(post.id()).get("version").n()).isEqualTo("1");
        assertThat(partitionSize(post.id())).isEqualTo(1 + 1 + post.eventHistory().size());
    }

    @Test
    void concurrentPostsOfDifferentSegmentsAllLand() throws Exception {
        Recording base = segment(guideRecording(), 0);
        MediaFile template = base.mediaFiles().get(0);
        List<Callable<IngestResult>> posts = new ArrayList<>();
        Instant start = template.startTime();
        for (int i = 0; i < 40; i++) {
            Instant segStart = start.plusSeconds(i * 10L);
            MediaFile file = template.toBuilder().mediaId("SEG_" + i + ".mp3").startTime(segStart)
                    .stopTime(segStart.plusSeconds(9)).build();
            Recording post = base.toBuilder().startTime(segStart).stopTime(segStart.plusSeconds(9))
                    .mediaFiles(List.of(file)).eventHistory(List.of(event(segStart.toString(), "ev" + i))).build();
            posts.add(() -> store.ingest(ccid, post));
            posts.add(() -> store.ingest(ccid, post));
        }
        for (Future<IngestResult> f : POOL.invokeAll(posts)) {
            f.get();
        }

        Recording stored = store.find(ccid, RecordingKind.CALL, base.id()).orElseThrow().recording();
        assertThat(stored.mediaFiles()).hasSize(40);
        assertThat(stored.eventHistory()).hasSize(40);
        assertThat(stored.startTime()).isEqualTo(start);
        assertThat(stored.stopTime()).isEqualTo(start.plusSeconds(399));
    }

    @Test
    void anEventHistoryLargerThanOneItemStoresAndReadsBackWhole() throws Exception {
        Recording base = segment(guideRecording(), 0);
        List<CallEvent> events = new ArrayList<>();
        String bulk = "x".repeat(400);
        for (int i = 0; i < 1500; i++) {
            events.add(new CallEvent(Instant.parse("2015-06-24T20:18:31Z").plusMillis(i), base.id(), "big-" + i,
                    EventType.DATA, null, new EventData(Map.of("K" + i, bulk), null, null)));
        }
        Recording post = base.toBuilder().eventHistory(events).build();
        int bytes = RecordingCodec.writeStored(post).toString().length();
        assertThat(bytes).isGreaterThan(400 * 1024);

        store.ingest(ccid, post);

        Recording stored = store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow().recording();
        assertThat(stored.eventHistory()).hasSize(1500);
        assertThat(stored.eventHistory()).containsExactlyInAnyOrderElementsOf(events);
        store.ingest(ccid, post);
        assertThat(meta(post.id()).get("version").n()).isEqualTo("1");
    }

    @Test
    void oneEventLargerThanAnItemIsRefusedBeforeAnythingIsWritten() throws Exception {
        Recording base = segment(guideRecording(), 0);
        CallEvent huge = new CallEvent(Instant.parse("2015-06-24T20:18:31Z"), base.id(), "huge", EventType.DATA,
                null, new EventData(Map.of("K", "y".repeat(RecordingStore.MAX_EVENT_BYTES)), null, null));
        Recording post = base.toBuilder().eventHistory(List.of(huge)).build();

        assertThatThrownBy(() -> store.ingest(ccid, post)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("eventHistory[0]"));
        assertThat(partitionSize(post.id())).isZero();
    }

    @Test
    void deletingRemovesEveryItemAndFreesTheMediaIds() throws Exception {
        Recording full = guideRecording();
        store.ingest(ccid, full);
        store.markDeleting(ccid, RecordingKind.CALL, full.id());

        assertThatThrownBy(() -> store.ingest(ccid, segment(full, 0))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("being deleted");
        assertThat(store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow().deleting()).isTrue();

        store.deleteItems(ccid, RecordingKind.CALL, full.id());

        assertThat(partitionSize(full.id())).isZero();
        assertThat(store.find(ccid, RecordingKind.CALL, full.id())).isEmpty();
        store.ingest(ccid, segment(full, 1));
        assertThat(store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow().recording().mediaFiles()).hasSize(1);
    }

    @Test
    void tenantsDoNotSeeEachOthersRecordings() throws Exception {
        Recording post = segment(guideRecording(), 0);
        store.ingest(ccid, post);
        String other = UUID.randomUUID().toString();

        assertThat(store.find(other, RecordingKind.CALL, post.id())).isEmpty();
        store.ingest(other, post);
        assertThat(store.find(other, RecordingKind.CALL, post.id())).isPresent();
    }

    @Test
    void aPostWithTheMostMediaFilesTheCodecAcceptsStoresWhole() throws Exception {
        Recording full = guideRecording();
        MediaFile template = full.mediaFiles().get(0);
        List<MediaFile> files = new ArrayList<>();
        for (int i = 0; i < RecordingCodec.MAX_MEDIA_FILES; i++) {
            files.add(template.toBuilder().mediaId("many-" + i + ".mp3").build());
        }
        Recording post = full.toBuilder().mediaFiles(files).build();

        store.ingest(ccid, post);
        store.ingest(ccid, post);

        assertThat(store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow().recording().mediaFiles())
                .hasSize(RecordingCodec.MAX_MEDIA_FILES);
    }

    @Test
    void mediaFilesTooLargeToStoreTogetherAre400AndWriteNothing() throws Exception {
        Recording full = guideRecording();
        MediaFile template = full.mediaFiles().get(0);
        List<MediaFile> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            files.add(template.toBuilder().mediaId("big-" + i + ".mp3").pkcs7("x".repeat(200_000)).build());
        }
        Recording post = full.toBuilder().mediaFiles(files).build();

        assertThatThrownBy(() -> store.ingest(ccid, post)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("mediaFiles"));
        assertThat(partitionSize(post.id())).isZero();
        store.ingest(ccid, post.toBuilder().mediaFiles(files.subList(0, 10)).build());
        store.ingest(ccid, post.toBuilder().mediaFiles(files.subList(10, 20)).build());
        assertThat(store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow().recording().mediaFiles()).hasSize(20);
    }

    static Recording screenFor(String callId) {
        return RecordingCodec.read(GuideFixtures.screenRecording(), RecordingKind.SCREEN).toBuilder()
                .callRecordingId(callId).build();
    }

    @Test
    void aScreenRecordingLinksToItsCallWhicheverArrivesFirst() throws Exception {
        Recording call = guideRecording().toBuilder().screenRecording(false).build();
        Recording screenFirst = screenFor(call.id());
        store.ingest(ccid, screenFirst);
        assertThat(store.find(ccid, RecordingKind.CALL, call.id())).as("a link alone is not a recording").isEmpty();
        store.ingest(ccid, call);
        StoredRecording stored = store.find(ccid, RecordingKind.CALL, call.id()).orElseThrow();
        assertThat(stored.recording().screenRecording()).isTrue();
        assertThat(stored.screenRecordingIds()).containsExactly(screenFirst.id());

        String otherCall = "CALL2" + UUID.randomUUID().toString().replace("-", "");
        store.ingest(ccid, call.toBuilder().id(otherCall).mediaFiles(List.of(call.mediaFiles().get(0).toBuilder()
                .mediaId("m-" + otherCall).build())).build());
        assertThat(store.find(ccid, RecordingKind.CALL, otherCall).orElseThrow().recording().screenRecording()).isFalse();
        Recording screenLater = screenFor(otherCall).toBuilder().id(otherCall + "_2017-03-30_17-00-18")
                .mediaFiles(List.of(screenFirst.mediaFiles().get(0).toBuilder().mediaId("s-" + otherCall).build()))
                .build();
        store.ingest(ccid, screenLater);
        store.ingest(ccid, screenLater);
        StoredRecording later = store.find(ccid, RecordingKind.CALL, otherCall).orElseThrow();
        assertThat(later.recording().screenRecording()).isTrue();
        assertThat(later.screenRecordingIds()).containsExactly(screenLater.id());
        assertThat(store.find(ccid, RecordingKind.SCREEN, screenLater.id()).orElseThrow().recording().callRecordingId())
                .isEqualTo(otherCall);
    }

    @Test
    void deletingAScreenRemovesItsLinkAndDeletingACallRemovesItsLinks() throws Exception {
        Recording call = guideRecording().toBuilder().screenRecording(false).build();
        // The guide's screen is protected (nonDelete), and a protected recording cannot be marked for deletion.
        Recording screen = screenFor(call.id()).toBuilder().nonDelete(false).build();
        store.ingest(ccid, call);
        store.ingest(ccid, screen);

        store.markDeleting(ccid, RecordingKind.SCREEN, screen.id());
        store.deleteItems(ccid, RecordingKind.SCREEN, screen.id());
        StoredRecording stored = store.find(ccid, RecordingKind.CALL, call.id()).orElseThrow();
        assertThat(stored.recording().screenRecording()).isFalse();
        assertThat(stored.screenRecordingIds()).isEmpty();

        store.ingest(ccid, screen);
        store.deleteItems(ccid, RecordingKind.CALL, call.id());
        assertThat(partitionSize(call.id())).isZero();
    }

    // ------------------------------------------------------------------ labels and deletion protection

    private StoredRecording ingested(Recording post) {
        store.ingest(ccid, post);
        return store.find(ccid, post.kind(), post.id()).orElseThrow();
    }

    @Test
    void aManagedFieldChangeBumpsTheVersionAndAChangeThatChangesNothingWritesNothing() throws Exception {
        Recording post = segment(guideRecording(), 0);
        StoredRecording before = ingested(post);

        var changed = store.updateManagedFields(before, f -> new RecordingStore.ManagedFields(List.of("review"), true));
        assertThat(changed).hasValueSatisfying(c -> {
            assertThat(c.changed()).isTrue();
            assertThat(c.fields().labels()).containsExactly("review");
        });
        Map<String, AttributeValue> metaAfter = meta(post.id());
        assertThat(metaAfter.get("version").n()).isEqualTo(Long.toString(before.version() + 1));
        assertThat(metaAfter.get("nonDelete").bool()).isTrue();

        StoredRecording now = store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow();
        var same = store.updateManagedFields(now, f -> f);
        assertThat(same).hasValueSatisfying(c -> assertThat(c.changed()).isFalse());
        assertThat(meta(post.id())).isEqualTo(metaAfter);
    }

    @Test
    void aManagedFieldChangeFromAStaleReadIsAppliedToWhatIsStoredNow() throws Exception {
        Recording post = segment(guideRecording(), 0);
        StoredRecording stale = ingested(post);
        store.updateManagedFields(stale, f -> new RecordingStore.ManagedFields(List.of("first"), f.nonDelete()));

        var second = store.updateManagedFields(stale, f -> {
            List<String> labels = new ArrayList<>(f.labels());
            labels.add("second");
            return new RecordingStore.ManagedFields(labels, f.nonDelete());
        });

        assertThat(second.orElseThrow().fields().labels()).containsExactly("first", "second");
        assertThat(store.find(ccid, RecordingKind.CALL, post.id()).orElseThrow().recording().labels())
                .containsExactly("first", "second");
        assertThat(meta(post.id()).get("version").n()).isEqualTo(Long.toString(stale.version() + 2));
    }

    @Test
    void aRecordingBeingDeletedOrGoneTakesNoManagedFieldChange() throws Exception {
        Recording post = segment(guideRecording(), 0);
        StoredRecording stored = ingested(post);
        store.markDeleting(ccid, RecordingKind.CALL, post.id());
        Map<String, AttributeValue> marked = meta(post.id());

        assertThat(store.updateManagedFields(stored, f -> new RecordingStore.ManagedFields(List.of("x"), true))).isEmpty();
        assertThat(meta(post.id())).isEqualTo(marked);

        store.deleteItems(ccid, RecordingKind.CALL, post.id());
        assertThat(store.updateManagedFields(stored, f -> new RecordingStore.ManagedFields(List.of("x"), true))).isEmpty();
        assertThat(partitionSize(post.id())).isZero();
    }

    @Test
    void protectionAppliedAfterADeleteReadTheRecordingStillStopsTheDelete() throws Exception {
        Recording post = segment(guideRecording(), 0);
        StoredRecording readByTheDelete = ingested(post);
        assertThat(readByTheDelete.recording().nonDelete()).isFalse();
        store.updateManagedFields(readByTheDelete, f -> new RecordingStore.ManagedFields(f.labels(), true));

        assertThatThrownBy(() -> store.markDeleting(ccid, RecordingKind.CALL, post.id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("protected");
        assertThat(meta(post.id())).doesNotContainKey("deleting");
    }

    @Test
    void aRetriedPostDoesNotBringBackWhatTheApiRemovedAndANewSegmentAddsOnlyWhatItNames() throws Exception {
        Recording full = guideRecording().toBuilder().labels(List.of("fromPost")).nonDelete(true).build();
        Recording first = segment(full, 0);
        store.ingest(ccid, first);
        StoredRecording stored = store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow();
        assertThat(stored.recording().labels()).containsExactly("fromPost");
        store.updateManagedFields(stored, f -> new RecordingStore.ManagedFields(List.of("byApi"), false));
        Map<String, AttributeValue> afterApi = meta(full.id());

        store.ingest(ccid, first);
        assertThat(meta(full.id())).as("a retry writes nothing").isEqualTo(afterApi);

        store.ingest(ccid, segment(full, 1).toBuilder().labels(List.of()).nonDelete(false).build());
        Recording now = store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow().recording();
        assertThat(now.labels()).containsExactly("byApi");
        assertThat(now.nonDelete()).isFalse();
    }

    @Test
    void aNewSegmentThatNamesALabelOrProtectionAddsIt() throws Exception {
        Recording full = guideRecording();
        store.ingest(ccid, segment(full, 0));
        StoredRecording stored = store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow();
        store.updateManagedFields(stored, f -> new RecordingStore.ManagedFields(List.of("byApi"), false));

        store.ingest(ccid, segment(full, 1).toBuilder().labels(List.of("fromSegment")).nonDelete(true).build());

        Recording now = store.find(ccid, RecordingKind.CALL, full.id()).orElseThrow().recording();
        assertThat(now.labels()).containsExactly("byApi", "fromSegment");
        assertThat(now.nonDelete()).isTrue();
    }

    static CallEvent event(String at, String id) {
        return new CallEvent(Instant.parse(at), "C", id, EventType.DATA, null,
                new EventData(Map.of("GSIP_RECORD", "ON"), null, null));
    }

    private static Recording withoutPlayIds(Recording r) {
        return r.toBuilder().mediaFiles(r.mediaFiles().stream().map(f -> f.withPlayId(null)).toList()).build();
    }

    private Map<String, AttributeValue> meta(String id) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.recording(ccid, RecordingKind.CALL, id)),
                Keys.SK, AttributeValue.fromS(Keys.META)))).item();
    }

    private int partitionSize(String id) {
        return dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk",
                                AttributeValue.fromS(Keys.recording(ccid, RecordingKind.CALL, id)))))
                .items().stream().mapToInt(i -> 1).sum();
    }

}
