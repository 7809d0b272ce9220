package io.callvault.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.mux.MuxWorld.Storage;
import io.callvault.mux.media.CorruptMediaException;
import io.callvault.mux.media.MediaChecks;
import io.callvault.mux.media.MediaFixtures;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mux, Commit and Cleanup on the real stand-ins (DynamoDB Local, s3proxy, the Secrets Manager stand-in) with media made
 * by ffmpeg: what a supervisor would check is that the muxed file is on the screen recording, plays the screen over the
 * call, is encrypted, names its sources, and that the call says it has a screen recording.
 */
class MuxServiceTest {
    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    @TempDir
    static Path dir;
    static Path screen30;
    static Path call30;

    @BeforeAll
    static void media() {
        screen30 = MediaFixtures.screen(dir.resolve("screen30.mp4"), 30, 320, 240);
        call30 = MediaFixtures.call(dir.resolve("call30.mp3"), 30);
    }

    final MuxWorld world = new MuxWorld();

    String callId() {
        return "MUXCALL" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    record Stored(String callId, String screenId, MuxPlanner.Job job) {}

    /** A call with one audio file and a screen recording with one video file starting {@code screenOffset} s later. */
    Stored callWithScreen(Storage audio, Storage video, int screenOffset, Path screenFile) throws Exception {
        String callId = callId();
        String screenId = callId + "_screen";
        world.store(RecordingKind.CALL, callId, null, callId + "-a1.mp3", "audio/mp3", START, START.plusSeconds(30),
                call30, audio, "agent1");
        world.store(RecordingKind.SCREEN, screenId, callId, screenId + "-v1", "video/mp4", START.plusSeconds(screenOffset),
                START.plusSeconds(screenOffset + 30), screenFile, video, "agent1");
        return new Stored(callId, screenId, plan(callId).jobs().get(0));
    }

    MuxPlanner.Plan plan(String callId) {
        CallSide call = world.store.call(world.ccid, callId);
        var screens = call.screenIds().stream().map(id -> world.store.screen(world.ccid, id)).toList();
        return MuxPlanner.plan(call, screens, new io.callvault.core.settings.TenantSettings.MuxerSettings(true, true,
                Duration.ZERO, Duration.ofMinutes(60)), Instant.now(), Duration.ZERO);
    }

    MuxService.Task task(Stored s, String runId) {
        return new MuxService.Task(world.ccid, s.callId(), s.screenId(), s.job().inputsHash(), runId);
    }

    /** Decrypts the muxed object with the tenant's private key, as playback does, into a file ffmpeg can measure. */
    Path decrypted(MuxService.Result result, Path out) throws Exception {
        MediaFile asStored = MediaFile.builder().mediaId("m").startTime(START).stopTime(START).pkcs7(result.pkcs7())
                .certAlias(result.certAlias()).build();
        try (var key = new io.callvault.core.store.PrivateKeys(world.vault, world.clock).open(world.ccid, asStored);
             InputStream in = MuxWorld.STACK.s3().getObject(b -> b.bucket(MuxWorld.MEDIA).key(result.objectKey()));
             OutputStream o = Files.newOutputStream(out)) {
            EnvelopeDecryptor.decryptAll(key, in, o, result.plaintextSha256());
        }
        return out;
    }

    @Test
    void encryptedInputsGiveAnEncryptedPlayableFileThatTheCommitAttachesAndTheCallAnnounces(@TempDir Path scratch)
            throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 5, screen30);
        MuxService.Result result = world.service(scratch).mux(task(s, "run-1"), Duration.ofMinutes(2));
        assertThat(result.status()).isEqualTo(MuxService.Status.MUXED);
        assertThat(result.pkcs7()).startsWith("-----BEGIN PKCS7-----");
        assertThat(result.certAlias()).containsExactly("mux");
        assertThat(result.durationMillis()).isBetween(34_900L, 35_100L); // audio 0-30 s, screen 5-35 s
        Path plain = decrypted(result, dir.resolve("out-" + UUID.randomUUID() + ".mp4"));
        assertThat(MediaChecks.streams(plain)).containsExactly("Video:h264", "Audio:aac");
        assertThat(MediaChecks.durationSeconds(plain)).isCloseTo(35.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(MediaChecks.blackIntervals(plain)).singleElement()
                .satisfies(i -> assertThat(i.to()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1.0)));
        assertThat(scratch).isEmptyDirectory(); // no decrypted media is left behind

        var outcome = new MuxCommitService(world.store, world.settings()).commit(task(s, "run-1"), result);
        assertThat(outcome.status()).isEqualTo(MuxCommitService.Status.COMMITTED);
        var screen = world.recordings.find(world.ccid, RecordingKind.SCREEN, s.screenId()).orElseThrow();
        MediaFile muxed = screen.recording().mediaFiles().stream().filter(f -> f.mediaId().equals(outcome.mediaId()))
                .findFirst().orElseThrow();
        assertThat(muxed.type()).isEqualTo("video/mp4");
        assertThat(muxed.parameters().get("muxed_mediaIds").toString())
                .isEqualTo("[\"" + s.screenId() + "-v1\",\"" + s.callId() + "-a1.mp3\"]");
        assertThat(muxed.startTime()).isEqualTo(START);
        assertThat(muxed.stopTime()).isEqualTo(START.plusSeconds(35));
        assertThat(muxed.duration()).isEqualTo("0:00:35");
        assertThat(screen.mediaObjects()).containsEntry(outcome.mediaId(), result.objectKey());
        assertThat(screen.recording().mediaFiles()).hasSize(2); // the original is kept
        var call = world.recordings.find(world.ccid, RecordingKind.CALL, s.callId()).orElseThrow().recording();
        assertThat(call.labels()).contains("screenRecording");
        assertThat(call.screenRecording()).isTrue();

        // The same inputs again: nothing to plan, and a repeated task or commit changes nothing.
        assertThat(plan(s.callId()).status()).isEqualTo(MuxPlanner.Status.NOTHING_TO_DO);
        assertThat(world.service(scratch).mux(task(s, "run-2"), Duration.ofMinutes(2)).status())
                .isEqualTo(MuxService.Status.ALREADY_MUXED);
        assertThat(new MuxCommitService(world.store, world.settings()).commit(task(s, "run-1"), result).status())
                .isEqualTo(MuxCommitService.Status.ALREADY_COMMITTED);
    }

    @Test
    void mediaServerEnvelopesAndPlainInputsAreBothRead(@TempDir Path scratch) throws Exception {
        Stored s = callWithScreen(Storage.MEDIA_SERVER_ENVELOPED, Storage.PLAIN, 0, screen30);
        MuxService.Result result = world.service(scratch).mux(task(s, "run-1"), Duration.ofMinutes(2));
        assertThat(result.status()).isEqualTo(MuxService.Status.MUXED);
        assertThat(result.videoPath()).isEqualTo("COPY");
        Path plain = decrypted(result, dir.resolve("out-" + UUID.randomUUID() + ".mp4"));
        assertThat(MediaChecks.videoPacketsMd5(plain)).isEqualTo(MediaChecks.videoPacketsMd5(screen30));
        assertThat(result.pkcs7()).as("a plain input still gives an encrypted output").isNotBlank();
    }

    @Test
    void aLateSegmentReMuxesReplacesTheOutputAndCleanupDeletesTheOldObject(@TempDir Path scratch) throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        MuxService service = world.service(scratch);
        var commits = new MuxCommitService(world.store, world.settings());
        MuxService.Result first = service.mux(task(s, "run-1"), Duration.ofMinutes(2));
        var firstCommit = commits.commit(task(s, "run-1"), first);

        world.store(RecordingKind.CALL, s.callId(), null, s.callId() + "-a2.mp3", "audio/mp3", START.plusSeconds(40),
                START.plusSeconds(70), call30, Storage.ENVELOPED, "agent1");
        MuxPlanner.Plan again = plan(s.callId());
        assertThat(again.status()).isEqualTo(MuxPlanner.Status.READY);
        Stored late = new Stored(s.callId(), s.screenId(), again.jobs().get(0));
        MuxService.Result second = service.mux(task(late, "run-2"), Duration.ofMinutes(2));
        assertThat(second.durationMillis()).isBetween(69_900L, 70_100L);
        var secondCommit = commits.commit(task(late, "run-2"), second);
        assertThat(secondCommit.status()).isEqualTo(MuxCommitService.Status.COMMITTED);
        assertThat(secondCommit.deleteKeys()).containsExactly(first.objectKey());
        var screen = world.recordings.find(world.ccid, RecordingKind.SCREEN, s.screenId()).orElseThrow();
        assertThat(screen.recording().mediaFiles()).extracting(MediaFile::mediaId)
                .contains(secondCommit.mediaId()).doesNotContain(firstCommit.mediaId());

        assertThat(new MuxCleanup(world.store, MuxWorld.STACK.s3(), MuxWorld.MEDIA, world.clock)
                .clean(world.ccid, s.screenId(), secondCommit.deleteKeys(), second.objectKey())).isEqualTo(1);
        assertThat(objectExists(first.objectKey())).isFalse();
        assertThat(objectExists(second.objectKey())).isTrue();
    }

    @Test
    void aStaleTaskIsNotMuxedAndAStaleResultIsNotCommitted(@TempDir Path scratch) throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        MuxService.Result result = world.service(scratch).mux(task(s, "run-1"), Duration.ofMinutes(2));
        world.store(RecordingKind.CALL, s.callId(), null, s.callId() + "-a2.mp3", "audio/mp3", START.plusSeconds(40),
                START.plusSeconds(70), call30, Storage.ENVELOPED, "agent1");
        var outcome = new MuxCommitService(world.store, world.settings()).commit(task(s, "run-1"), result);
        assertThat(outcome.status()).isEqualTo(MuxCommitService.Status.STALE);
        assertThat(outcome.deleteKeys()).containsExactly(result.objectKey());
        assertThat(world.store.screen(world.ccid, s.screenId()).muxed()).isEmpty();
        assertThat(world.service(scratch).mux(task(s, "run-3"), Duration.ofMinutes(2)).status())
                .isEqualTo(MuxService.Status.STALE);
    }

    @Test
    void aSecondRunOfTheSameInputsWhileOneHoldsTheLeaseIsADuplicate(@TempDir Path scratch) throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        assertThat(world.store.claim(world.ccid, s.screenId(), s.job().inputsHash(), "other-run")).isTrue();
        assertThat(world.service(scratch).mux(task(s, "run-1"), Duration.ofMinutes(2)).status())
                .isEqualTo(MuxService.Status.DUPLICATE);
        assertThat(world.store.claim(world.ccid, s.screenId(), s.job().inputsHash(), "other-run"))
                .as("the holder may take it again (a retried task)").isTrue();
    }

    @Test
    void permanentFailuresNameTheirCause(@TempDir Path scratch) throws Exception {
        Path corrupt = MediaFixtures.randomBytes(dir.resolve("corrupt-" + UUID.randomUUID() + ".mp4"), 40_000, 7);
        Stored bad = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, corrupt);
        assertThatThrownBy(() -> world.service(scratch).mux(task(bad, "run-1"), Duration.ofMinutes(2)))
                .isInstanceOf(CorruptMediaException.class).hasMessageContaining(bad.screenId() + "-v1");
        assertThat(scratch).isEmptyDirectory();

        Stored noKey = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        // The key stored for the alias is not the certificate's (replaced by mistake): nothing opens the envelopes.
        world.vault.put(world.ccid, "mux", io.callvault.core.crypto.TestPki.pkcs8Pem(io.callvault.core.crypto.TestPki.BOB.getPrivate()));
        assertThatThrownBy(() -> world.service(scratch).mux(task(noKey, "run-1"), Duration.ofMinutes(2)))
                .isInstanceOf(DecryptionFailedException.class).hasMessageContaining(noKey.screenId() + "-v1");
    }

    @Test
    void aMissingObjectIsInputMissing(@TempDir Path scratch) throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        String key = world.store.screen(world.ccid, s.screenId()).originals().get(0).objectKey();
        MuxWorld.STACK.s3().deleteObject(b -> b.bucket(MuxWorld.MEDIA).key(key));
        assertThatThrownBy(() -> world.service(scratch).mux(task(s, "run-1"), Duration.ofMinutes(2)))
                .isInstanceOf(InputMissingException.class).hasMessageContaining(s.screenId() + "-v1");
    }

    @Test
    void aFailureIsRecordedOnTheScreenRecording() throws Exception {
        Stored s = callWithScreen(Storage.ENVELOPED, Storage.ENVELOPED, 0, screen30);
        world.store.recordFailure(world.ccid, s.screenId(), MuxStore.STATE_FAILED,
                "io.callvault.mux.media.CorruptMediaException: media x is not readable");
        world.store.recordFailure(world.ccid, s.screenId(), MuxStore.STATE_FAILED, "again");
        ScreenSide screen = world.store.screen(world.ccid, s.screenId());
        assertThat(screen.muxState()).isEqualTo("FAILED");
        assertThat(screen.muxAttempts()).isEqualTo(2);
        assertThat(screen.lease()).isNull();
        assertThat(List.of(plan(s.callId()).status())).containsExactly(MuxPlanner.Status.READY);
    }

    boolean objectExists(String key) {
        try {
            MuxWorld.STACK.s3().headObject(b -> b.bucket(MuxWorld.MEDIA).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
