package io.callvault.lifecycle.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.OpenSsl;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.Keys;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.RecordingStore;
import io.callvault.lifecycle.backup.ArchiveResult.ArchivedObject;
import io.callvault.lifecycle.backup.ArchiveResult.Content;
import io.callvault.lifecycle.backup.ArchiveResult.Status;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backup of recordings against s3proxy and DynamoDB Local, with media encrypted by the real envelope encryptor and
 * archived DER files opened by the real {@code openssl cms}. Each test has its own contact center.
 */
class RecordingArchiverTest {
    static final StandInStack STACK = StandInStack.shared();
    static final X509Certificate CERT = TestPki.selfSigned(TestPki.ALICE, "archive-test");
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    static final String EXTRA_BUCKET = "callvault-extra-backups";
    static final String REFUSED_BUCKET = "callvault-not-for-backups";
    static final String CALL_ID = GuideFixtures.CALL_ID;
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    final S3Client s3 = STACK.s3();
    final String mediaBucket = STACK.resourceName("MediaBucket");
    final String archiveBucket = STACK.resourceName("ArchiveBucket");
    final String table = STACK.resourceName("RecordingsTable");
    final RecordingStore store = new RecordingStore(STACK.dynamo(), table, Clock.systemUTC());
    final RecordingArchiver archiver = new RecordingArchiver(s3, store, mediaBucket, archiveBucket, List.of(EXTRA_BUCKET));
    final ArchiveFolder folder = ArchiveFolder.of(null, archiveBucket, FilterType.VOICE, 2, 1, T0);
    final Map<String, byte[]> plaintexts = new HashMap<>();
    final Map<String, String> objectKeys = new HashMap<>();
    final Random random = new Random(7);
    String ccid;

    @BeforeAll
    static void buckets() {
        for (String bucket : List.of(EXTRA_BUCKET, REFUSED_BUCKET)) {
            if (STACK.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                STACK.s3().createBucket(b -> b.bucket(bucket));
            }
        }
    }

    @BeforeEach
    void newTenant() {
        ccid = UUID.randomUUID().toString();
    }

    // ------------------------------------------------------------------ the guide's layout, openable

    @Test
    void aCallWithItsScreenRecordingIsArchivedInTheGuidesLayoutAndOpensslOpensEveryMediaFile(@TempDir Path dir)
            throws Exception {
        Recording call = guideCall();
        Recording screen = guideScreen();
        storeEncrypted(call);
        storeEncrypted(screen);
        MediaFile muxed = storeMuxed(screen);
        String m1 = call.mediaFiles().get(0).mediaId();
        String m2 = call.mediaFiles().get(1).mediaId();
        String s1 = screen.mediaFiles().get(0).mediaId();

        ArchiveResult result = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).as(result.reason()).isEqualTo(Status.COMPLETED);
        String base = "Environment-voice-2-1-20261122020000/" + ccid + "/Environment/2015/06/24/" + CALL_ID + "/";
        String screenBase = base + "screen/" + screen.id() + "/";
        assertThat(result.bucket()).isEqualTo(archiveBucket);
        assertThat(result.folderKey()).isEqualTo(base);
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).containsExactly(
                base + m1 + ".mp3.p7m",
                base + m2 + ".mp3.p7m",
                base + "meta-data.json",
                screenBase + muxed.mediaId() + ".mp4.p7m",
                screenBase + s1 + ".mp4.p7m",
                screenBase + "meta-data.json");
        // meta-data.json of the recording comes last: its presence means the folder is complete.
        assertThat(result.objects()).extracting(ArchivedObject::key)
                .containsExactlyInAnyOrderElementsOf(keys(archiveBucket, base)).last().isEqualTo(base + "meta-data.json");
        assertThat(result.objects()).filteredOn(o -> o.content() == Content.METADATA).extracting(ArchivedObject::key)
                .containsExactly(screenBase + "meta-data.json", base + "meta-data.json");

        // meta-data.json is the API's GET representation of what the table holds, envelopes included.
        JsonNode callMeta = readJson(base + "meta-data.json");
        assertThat(callMeta).isEqualTo(RecordingCodec.write(
                store.find(ccid, RecordingKind.CALL, CALL_ID).orElseThrow().recording(), MediaLinks.PATHS_ONLY));
        assertThat(callMeta.get("screenRecording").asBoolean()).isTrue();
        assertThat(callMeta.get("mediaFiles")).allSatisfy(f -> {
            assertThat(f.get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
            assertThat(f.get("certAlias").get(0).asText()).isEqualTo("archive");
            assertThat(f.get("mediaPath").asText()).startsWith("/recordings/" + CALL_ID + "/play/");
        });
        JsonNode screenMeta = readJson(screenBase + "meta-data.json");
        assertThat(screenMeta).isEqualTo(RecordingCodec.write(
                store.find(ccid, RecordingKind.SCREEN, screen.id()).orElseThrow().recording(), MediaLinks.PATHS_ONLY));
        assertThat(screenMeta.get("mediaFiles")).extracting(f -> f.get("mediaId").asText())
                .containsExactlyInAnyOrder(s1, muxed.mediaId());

        // Every media file is the full DER PKCS#7 file, opened by openssl with the tenant's key.
        for (String mediaId : List.of(m1, m2)) {
            assertThat(opensslDecrypt(dir, read(archiveBucket, base + mediaId + ".mp3.p7m"))).isEqualTo(plaintexts.get(mediaId));
        }
        for (String mediaId : List.of(s1, muxed.mediaId())) {
            assertThat(opensslDecrypt(dir, read(archiveBucket, screenBase + mediaId + ".mp4.p7m")))
                    .isEqualTo(plaintexts.get(mediaId));
        }
        // Sizes and hashes reported are those of the objects written.
        for (ArchivedObject o : result.objects()) {
            byte[] bytes = read(archiveBucket, o.key());
            assertThat(o.size()).as(o.key()).isEqualTo(bytes.length);
            assertThat(o.sha256()).as(o.key()).isEqualTo(sha256(bytes));
        }
        assertThat(result.objects()).filteredOn(o -> o.content() == Content.ENCRYPTED_MEDIA)
                .extracting(ArchivedObject::recordingId, ArchivedObject::mediaId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(CALL_ID, m1),
                        org.assertj.core.groups.Tuple.tuple(CALL_ID, m2),
                        org.assertj.core.groups.Tuple.tuple(screen.id(), s1),
                        org.assertj.core.groups.Tuple.tuple(screen.id(), muxed.mediaId()));
        assertThat(s3.headObject(b -> b.bucket(archiveBucket).key(base + m1 + ".mp3.p7m")).contentType())
                .startsWith("application/pkcs7-mime");
    }

    @Test
    void mediaStoredWithoutEncryptionIsCopiedByteForByte() throws Exception {
        Recording call = guideCall();
        storePlain(call);

        ArchiveResult result = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).as(result.reason()).isEqualTo(Status.COMPLETED);
        String base = result.folderKey();
        for (MediaFile file : call.mediaFiles()) {
            String key = base + file.mediaId() + ".mp3";
            assertThat(read(archiveBucket, key)).isEqualTo(plaintexts.get(file.mediaId()));
        }
        assertThat(result.objects()).filteredOn(o -> o.content() == Content.PLAIN_MEDIA).hasSize(2)
                .allSatisfy(o -> assertThat(o.sha256()).isNull());
        assertThat(keys(archiveBucket, base)).noneMatch(k -> k.endsWith(".p7m"));
        assertThat(readJson(base + "meta-data.json").get("mediaFiles")).allSatisfy(f -> assertThat(f.has("pkcs7")).isFalse());
    }

    @Test
    void withoutScreenRecordingsThereIsNoScreenFolder() throws Exception {
        Recording call = guideCall();
        storeEncrypted(call);
        storeEncrypted(guideScreen());

        ArchiveResult result = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, false);

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).hasSize(3).noneMatch(k -> k.contains("/screen/"));
        // The metadata still says the call has a screen recording: it is the recording as the API shows it.
        assertThat(readJson(result.folderKey() + "meta-data.json").get("screenRecording").asBoolean()).isTrue();
    }

    @Test
    void aScreenRecordingOfAScreenTaskHasAFolderOfItsOwnByItsStartDay() throws Exception {
        storeEncrypted(guideCall());
        Recording screen = guideScreen();
        storeEncrypted(screen);
        ArchiveFolder screens = ArchiveFolder.of(null, archiveBucket, FilterType.SCREEN, null, 30, T0);

        ArchiveResult result = archiver.archive(screens, ccid, RecordingKind.SCREEN, screen.id(), true);

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        String base = "Environment-screen-0-30-20261122020000/" + ccid + "/Environment/2017/03/30/" + screen.id() + "/";
        assertThat(keys(archiveBucket, screens.keyPrefix() + ccid + "/")).containsExactly(
                base + screen.mediaFiles().get(0).mediaId() + ".mp4.p7m", base + "meta-data.json");
    }

    @Test
    void aLargeFileStreamsThroughAMultipartUploadAndStillOpens(@TempDir Path dir) throws Exception {
        Recording call = guideCall();
        storeEncrypted(call, 12 * 1024 * 1024 + 7, 1000);
        RecordingArchiver smallParts = new RecordingArchiver(s3, store, mediaBucket, archiveBucket, List.of(),
                S3UploadStream.MIN_PART_SIZE);

        ArchiveResult result = smallParts.archive(folder, ccid, RecordingKind.CALL, CALL_ID, false);

        assertThat(result.status()).as(result.reason()).isEqualTo(Status.COMPLETED);
        String mediaId = call.mediaFiles().get(0).mediaId();
        byte[] der = read(archiveBucket, result.folderKey() + mediaId + ".mp3.p7m");
        assertThat(der.length).isGreaterThan(2 * S3UploadStream.MIN_PART_SIZE);
        assertThat(result.objects()).filteredOn(o -> mediaId.equals(o.mediaId())).singleElement()
                .satisfies(o -> assertThat(o.sha256()).isEqualTo(sha256(der)));
        assertThat(opensslDecrypt(dir, der)).isEqualTo(plaintexts.get(mediaId));
    }

    // ------------------------------------------------------------------ incomplete media

    @Test
    void aMissingSourceObjectFailsNamingItAndWritesNoMetadata() throws Exception {
        Recording call = guideCall();
        storeEncrypted(call);
        String lost = objectKeys.get(call.mediaFiles().get(1).mediaId());
        s3.deleteObject(b -> b.bucket(mediaBucket).key(lost));

        ArchiveResult result = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("media object missing: " + lost);
        assertThat(result.retryable()).isFalse();
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).noneMatch(k -> k.endsWith("meta-data.json"));
    }

    @Test
    void mediaThatHasNotArrivedFailsTheBackupAndNothingIsWritten() throws Exception {
        Recording call = guideCall();
        store.ingest(ccid, call);
        attachEncrypted(call.mediaFiles().get(0), RecordingKind.CALL, call.id(), 500);

        ArchiveResult result = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.missingMedia()).containsExactly(CALL_ID + "/" + call.mediaFiles().get(1).mediaId());
        assertThat(result.reason()).startsWith("media not stored yet: ");
        assertThat(result.objects()).isEmpty();
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).isEmpty();
    }

    @Test
    void aScreenRecordingsMissingMediaFailsItsCallsBackup() throws Exception {
        storeEncrypted(guideCall());
        Recording screen = guideScreen();
        store.ingest(ccid, screen);

        ArchiveResult withScreens = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);
        assertThat(withScreens.status()).isEqualTo(Status.FAILED);
        assertThat(withScreens.missingMedia()).containsExactly(screen.id() + "/" + screen.mediaFiles().get(0).mediaId());

        assertThat(archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, false).status())
                .isEqualTo(Status.COMPLETED);
    }

    @Test
    void aRecordingThatIsNotThereOrIsBeingDeletedIsNotFound() throws Exception {
        assertThat(archiver.archive(folder, ccid, RecordingKind.CALL, "NOSUCHRECORDING", true).status())
                .isEqualTo(Status.NOT_FOUND);
        storeEncrypted(guideCall());
        store.markDeleting(ccid, RecordingKind.CALL, CALL_ID);
        ArchiveResult deleting = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);
        assertThat(deleting.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).isEmpty();
    }

    // ------------------------------------------------------------------ reruns

    @Test
    void runningTwiceWritesTheSameObjectsOnce() throws Exception {
        storeEncrypted(guideCall());
        storeEncrypted(guideScreen());

        ArchiveResult first = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);
        List<String> afterFirst = keys(archiveBucket, folder.keyPrefix() + ccid + "/");
        Map<String, String> hashes = new HashMap<>();
        for (String key : afterFirst) {
            hashes.put(key, sha256(read(archiveBucket, key)));
        }
        ArchiveResult second = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(second.objects()).isEqualTo(first.objects());
        List<String> afterSecond = keys(archiveBucket, folder.keyPrefix() + ccid + "/");
        assertThat(afterSecond).isEqualTo(afterFirst).doesNotHaveDuplicates().hasSize(5);
        for (String key : afterSecond) {
            assertThat(sha256(read(archiveBucket, key))).as(key).isEqualTo(hashes.get(key));
        }
    }

    @Test
    void aRunThatFailedMidwayIsCompletedByTheNextAttempt() throws Exception {
        storeEncrypted(guideCall());
        storeEncrypted(guideScreen());
        // S3 answers 503 to the recording's own meta-data.json: everything else is written by then.
        S3Client failing = failing((method, args) -> method.equals("putObject") && String.valueOf(args[0]).contains(
                CALL_ID + "/meta-data.json"), 503, "SlowDown");
        RecordingArchiver crashing = new RecordingArchiver(failing, store, mediaBucket, archiveBucket, List.of());

        ArchiveResult failed = crashing.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.reason()).contains("503 SlowDown").contains(CALL_ID + "/meta-data.json");
        assertThat(failed.objects()).hasSize(4);
        assertThat(keys(archiveBucket, failed.folderKey())).hasSize(4).doesNotContain(failed.folderKey() + "meta-data.json");

        ArchiveResult retried = archiver.archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);
        assertThat(retried.status()).isEqualTo(Status.COMPLETED);
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).hasSize(5)
                .contains(retried.folderKey() + "meta-data.json");
    }

    @Test
    void accessDeniedFailsForGoodAndAFailedPartLeavesNoObject() throws Exception {
        Recording call = guideCall();
        storePlain(call);
        S3Client denied = failing((method, args) -> method.equals("copyObject"), 403, "AccessDenied");
        ArchiveResult result = new RecordingArchiver(denied, store, mediaBucket, archiveBucket, List.of())
                .archive(folder, ccid, RecordingKind.CALL, CALL_ID, true);
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.reason()).contains("403 AccessDenied").contains(objectKeys.get(call.mediaFiles().get(0).mediaId()));
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).isEmpty();

        // A multipart upload whose second part fails is aborted: no object, no upload left behind.
        String other = UUID.randomUUID().toString();
        ccid = other;
        Recording big = guideCall();
        storeEncrypted(big, 11 * 1024 * 1024, 1000);
        AtomicInteger parts = new AtomicInteger();
        S3Client flaky = failing((method, args) -> method.equals("uploadPart") && parts.incrementAndGet() == 2, 500,
                "InternalError");
        ArchiveResult partFailed = new RecordingArchiver(flaky, store, mediaBucket, archiveBucket, List.of(),
                S3UploadStream.MIN_PART_SIZE).archive(folder, ccid, RecordingKind.CALL, CALL_ID, false);
        assertThat(partFailed.status()).isEqualTo(Status.FAILED);
        assertThat(partFailed.retryable()).isTrue();
        assertThat(partFailed.reason()).contains("500 InternalError");
        assertThat(keys(archiveBucket, folder.keyPrefix() + ccid + "/")).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(archiveBucket).prefix(folder.keyPrefix() + ccid + "/"))
                .uploads()).isEmpty();
    }

    // ------------------------------------------------------------------ destinations

    @Test
    void aLocationWritesToItsBucketUnderItsPrefix() throws Exception {
        storeEncrypted(guideCall());
        ArchiveFolder located = ArchiveFolder.of("s3://" + EXTRA_BUCKET + "/mlm/daily/", archiveBucket, FilterType.VOICE,
                null, 365, T0);

        ArchiveResult result = archiver.archive(located, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).isEqualTo(Status.COMPLETED);
        assertThat(result.bucket()).isEqualTo(EXTRA_BUCKET);
        String base = "mlm/daily/Environment-voice-0-365-20261122020000/" + ccid + "/Environment/2015/06/24/" + CALL_ID + "/";
        assertThat(result.folderKey()).isEqualTo(base);
        assertThat(keys(EXTRA_BUCKET, "mlm/daily/")).filteredOn(k -> k.contains(ccid)).hasSize(3)
                .allMatch(k -> k.startsWith(base));
        assertThat(keys(archiveBucket, located.keyPrefix())).isEmpty();
    }

    @Test
    void aBucketThatIsNotAllowedIsRefusedByName() throws Exception {
        storeEncrypted(guideCall());
        ArchiveFolder elsewhere = ArchiveFolder.of("s3://" + REFUSED_BUCKET + "/x", archiveBucket, FilterType.VOICE, 2, 1,
                T0);

        ArchiveResult result = archiver.archive(elsewhere, ccid, RecordingKind.CALL, CALL_ID, true);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).contains("backup bucket " + REFUSED_BUCKET + " is not an allowed backup destination")
                .contains(archiveBucket).contains(EXTRA_BUCKET);
        assertThat(result.retryable()).isFalse();
        assertThat(result.folderKey()).isNull();
        assertThat(keys(REFUSED_BUCKET, "")).isEmpty();
        assertThat(archiver.allowedBuckets()).containsExactlyInAnyOrder(archiveBucket, EXTRA_BUCKET);
    }

    @Test
    void theArchiveFileNameCarriesTheMediaTypesExtension() {
        assertThat(RecordingArchiver.extension("audio/mp3")).isEqualTo("mp3");
        assertThat(RecordingArchiver.extension("audio/mpeg")).isEqualTo("mp3");
        assertThat(RecordingArchiver.extension("video/mp4")).isEqualTo("mp4");
        assertThat(RecordingArchiver.extension("Audio/WAV; codecs=1")).isEqualTo("wav");
        assertThat(RecordingArchiver.extension("application/x-unknown")).isEqualTo("bin");
        assertThat(RecordingArchiver.extension(null)).isEqualTo("bin");
    }

    // ------------------------------------------------------------------ fixtures

    static Recording guideCall() {
        return RecordingCodec.read(GuideFixtures.callRecording(), RecordingKind.CALL);
    }

    /** The guide's screen recording, linked to the guide's call. */
    static Recording guideScreen() {
        ObjectNode screen = GuideFixtures.screenRecording();
        screen.put("callRecordingId", CALL_ID);
        return RecordingCodec.read(screen, RecordingKind.SCREEN);
    }

    /** Ingests the recording and stores each media file encrypted, as media ingest does: 1-200 KB of random bytes. */
    void storeEncrypted(Recording recording, int... sizes) throws Exception {
        store.ingest(ccid, recording);
        for (int i = 0; i < recording.mediaFiles().size(); i++) {
            int size = i < sizes.length ? sizes[i] : 1 + random.nextInt(200_000);
            attachEncrypted(recording.mediaFiles().get(i), recording.kind(), recording.id(), size);
        }
    }

    void attachEncrypted(MediaFile file, RecordingKind kind, String recordingId, int size) throws Exception {
        byte[] plain = randomBytes(size);
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        EncryptedMedia encrypted = new EnvelopeEncryptor().encrypt(new ByteArrayInputStream(plain), ciphertext,
                List.of(new Recipient("archive", CERT)), KeyTransport.DEFAULT);
        MediaLocation location = store.locateMedia(ccid, file.mediaId()).orElseThrow();
        String key = mediaKey(location);
        s3.putObject(b -> b.bucket(mediaBucket).key(key), RequestBody.fromBytes(ciphertext.toByteArray()));
        MediaFile updated = location.media().toBuilder().pkcs7(encrypted.pkcs7Pem()).certAlias(encrypted.certAliases())
                .size(encrypted.plaintextSize()).build();
        assertThat(store.attachObject(location, updated, key, encrypted.plaintextSha256())).isTrue();
        plaintexts.put(file.mediaId(), plain);
        objectKeys.put(file.mediaId(), key);
    }

    /** Media stored as it came, without encryption. */
    void storePlain(Recording recording) {
        store.ingest(ccid, recording);
        for (MediaFile file : recording.mediaFiles()) {
            byte[] plain = randomBytes(1 + random.nextInt(100_000));
            MediaLocation location = store.locateMedia(ccid, file.mediaId()).orElseThrow();
            String key = mediaKey(location);
            s3.putObject(b -> b.bucket(mediaBucket).key(key), RequestBody.fromBytes(plain));
            assertThat(store.attachObject(location, location.media(), key, sha256(plain))).isTrue();
            plaintexts.put(file.mediaId(), plain);
            objectKeys.put(file.mediaId(), key);
        }
    }

    /** A muxed MP4 on the screen recording, written as the mux's commit writes it (MuxStore.commit). */
    MediaFile storeMuxed(Recording screen) throws Exception {
        MediaFile original = screen.mediaFiles().get(0);
        ObjectNode parameters = Json.object();
        parameters.putArray("muxed_mediaIds").add(original.mediaId()).add(guideCall().mediaFiles().get(0).mediaId());
        parameters.put("muxed_video", "COPY");
        byte[] plain = randomBytes(300_000);
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        EncryptedMedia encrypted = new EnvelopeEncryptor().encrypt(new ByteArrayInputStream(plain), ciphertext,
                List.of(new Recipient("archive", CERT)), KeyTransport.DEFAULT);
        MediaFile muxed = MediaFile.builder().mediaId("AAAAAAAAAAAAAAAAAAAAAA_" + original.mediaId()).type("video/mp4")
                .startTime(screen.startTime().minusSeconds(1)).stopTime(screen.stopTime()).duration("0:01:52")
                .size(encrypted.plaintextSize()).parameters(parameters).pkcs7(encrypted.pkcs7Pem())
                .certAlias(encrypted.certAliases()).playId(UUID.randomUUID().toString()).build();
        String key = ccid + "/screen/" + DAY.format(screen.startTime()) + "/" + screen.id() + "/" + muxed.mediaId() + ".mux";
        s3.putObject(b -> b.bucket(mediaBucket).key(key), RequestBody.fromBytes(ciphertext.toByteArray()));
        String pk = Keys.recording(ccid, RecordingKind.SCREEN, screen.id());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(pk));
        item.put(Keys.SK, AttributeValue.fromS(Keys.MEDIA_PREFIX + muxed.mediaId()));
        item.put("doc", AttributeValue.fromS(Json.write(RecordingCodec.writeMediaFile(RecordingKind.SCREEN, screen.id(),
                muxed, null, true))));
        item.put("contentHash", AttributeValue.fromS("muxed:test"));
        item.put("startTime", AttributeValue.fromN(Long.toString(muxed.startTime().toEpochMilli())));
        item.put("objectKey", AttributeValue.fromS(key));
        item.put("plaintextSha256", AttributeValue.fromS(encrypted.plaintextSha256()));
        item.put(Keys.MEDIA_STATE, AttributeValue.fromS(Keys.MEDIA_MUXED));
        STACK.dynamo().putItem(b -> b.tableName(table).item(item));
        plaintexts.put(muxed.mediaId(), plain);
        objectKeys.put(muxed.mediaId(), key);
        return muxed;
    }

    /** Where media ingest puts a media file: {@code {ccid}/voice|screen/yyyy/MM/dd/{recordingId}/{mediaId}.{attempt}}. */
    static String mediaKey(MediaLocation l) {
        return l.ccid() + (l.kind() == RecordingKind.CALL ? "/voice/" : "/screen/") + DAY.format(l.recordingStart()) + "/"
                + l.recordingId() + "/" + l.media().mediaId() + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The real S3 stand-in, except that calls {@code when} selects answer with an S3 error. */
    S3Client failing(BiPredicate<String, Object[]> when, int status, String code) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof java.util.function.Consumer) {
                        // The interface's default method builds the request and calls the request variant on the
                        // proxy again, so that is where the request can be looked at.
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (when.test(method.getName(), args == null ? new Object[0] : args)) {
                        throw S3Exception.builder().statusCode(status).message(code)
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code)
                                        .serviceName("S3").build()).build();
                    }
                    try {
                        return method.invoke(s3, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
                .forEach(keys::add);
        return keys;
    }

    byte[] read(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    JsonNode readJson(String key) throws Exception {
        return Json.MAPPER.readTree(read(archiveBucket, key));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl cms -decrypt -inform DER -inkey key.pem -recip cert.pem}, as the guide tells operators (L32557-32574). */
    static byte[] opensslDecrypt(Path dir, byte[] der) throws Exception {
        OpenSsl.assumeAvailable();
        Path in = Files.write(dir.resolve("media.p7m"), der);
        Path key = Files.writeString(dir.resolve("key.pem"), TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()));
        Path cert = Files.writeString(dir.resolve("cert.pem"), TestPki.pem(CERT));
        Path out = dir.resolve("media.out");
        Files.deleteIfExists(out);
        OpenSsl.run(dir, "cms", "-decrypt", "-inform", "DER", "-binary", "-in", in.toString(), "-inkey", key.toString(),
                "-recip", cert.toString(), "-out", out.toString()).ok();
        return Files.readAllBytes(out);
    }
}
