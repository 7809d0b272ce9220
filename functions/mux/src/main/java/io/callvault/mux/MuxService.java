package io.callvault.mux;

import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.MediaDecryptionException;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.PrivateKeys;
import io.callvault.core.store.TenantRecipients;
import io.callvault.mux.media.CorruptMediaException;
import io.callvault.mux.media.MediaSegment;
import io.callvault.mux.media.MuxJob;
import io.callvault.mux.media.MuxedMedia;
import io.callvault.mux.media.ScreenMuxer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The Mux task (spec muxer.md §5.2): for one screen recording, checks that the inputs are still the planned ones,
 * takes the lease on them (two runs never mux the same inputs at once), decrypts every input into a private scratch
 * directory, joins them with ffmpeg ({@link ScreenMuxer}), encrypts the result to the tenant's deployed certificates
 * and uploads it under a key of its own. It does not touch the metadata; the Commit task does.
 */
public final class MuxService {
    public enum Status { MUXED, STALE, ALREADY_MUXED, DUPLICATE }

    /** What one Map iteration carries: ids only, so thousands of segments never approach the 256 KB payload limit. */
    public record Task(String ccid, String callRecordingId, String screenRecordingId, String inputsHash, String runId) {}

    /** The Mux task's result, handed to Commit. Only {@code status} is set unless it is MUXED. */
    public record Result(Status status, String objectKey, long size, String plaintextSha256, String pkcs7,
                         List<String> certAlias, long startMillis, long stopMillis, long durationMillis, String videoPath,
                         int width, int height) {
        static Result of(Status status) {
            return new Result(status, null, 0, null, null, List.of(), 0, 0, 0, null, 0, 0);
        }
    }

    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final MuxStore store;
    private final S3Client s3;
    private final String mediaBucket;
    private final PrivateKeys keys;
    private final TenantRecipients recipients;
    private final EncryptionSettingsStore encryption;
    private final EnvelopeEncryptor encryptor;
    private final ScreenMuxer muxer;
    private final Path scratchRoot;

    public MuxService(MuxStore store, S3Client s3, String mediaBucket, PrivateKeys keys, TenantRecipients recipients,
                      EncryptionSettingsStore encryption, EnvelopeEncryptor encryptor, ScreenMuxer muxer, Path scratchRoot) {
        this.store = store;
        this.s3 = s3;
        this.mediaBucket = mediaBucket;
        this.keys = keys;
        this.recipients = recipients;
        this.encryption = encryption;
        this.encryptor = encryptor;
        this.muxer = muxer;
        this.scratchRoot = scratchRoot;
    }

    public Result mux(Task task, Duration timeLeft) throws DecryptionFailedException, InputMissingException,
            CorruptMediaException, NoUsableCertificateException {
        CallSide call = store.call(task.ccid(), task.callRecordingId());
        ScreenSide screen = store.screen(task.ccid(), task.screenRecordingId());
        if (!call.exists() || call.deleting() || !screen.exists() || screen.deleting()) {
            return Result.of(Status.STALE);
        }
        List<InputMedia> video = screen.originals();
        List<InputMedia> audio = call.audio();
        if (video.stream().anyMatch(m -> !m.arrived()) || audio.stream().anyMatch(m -> !m.arrived())
                || !MuxPlanner.inputsHash(video, audio).equals(task.inputsHash())) {
            return Result.of(Status.STALE); // inputs changed since the plan: the change started a run of its own
        }
        if (task.inputsHash().equals(screen.muxedInputsHash())) {
            return Result.of(Status.ALREADY_MUXED);
        }
        if (!store.claim(task.ccid(), task.screenRecordingId(), task.inputsHash(), task.runId())) {
            return Result.of(Status.DUPLICATE);
        }
        List<Recipient> to = recipients.usable(task.ccid());
        if (to.isEmpty()) {
            throw new NoUsableCertificateException("contact center " + task.ccid()
                    + " has no usable deployed certificate; the muxed file would be plaintext");
        }
        Path work = scratch();
        try {
            List<MediaSegment> videoFiles = plaintext(task.ccid(), video, work, "v");
            List<MediaSegment> audioFiles = plaintext(task.ccid(), audio, work, "a");
            MuxedMedia muxed = muxer.mux(new MuxJob(videoFiles, audioFiles, work.resolve("out"),
                    Pauses.of(audio.stream().map(InputMedia::file).toList())), timeLeft);
            String key = objectKey(task, screen, video);
            EncryptedMedia encrypted = encryptAndUpload(task.ccid(), muxed.file(), work.resolve("muxed.enc"), key, to);
            return new Result(Status.MUXED, key, encrypted.plaintextSize(), encrypted.plaintextSha256(),
                    encrypted.pkcs7Pem(), encrypted.certAliases(), muxed.start().toEpochMilli(),
                    muxed.stop().toEpochMilli(), muxed.durationMillis(), muxed.videoPath().name(), muxed.width(),
                    muxed.height());
        } finally {
            deleteTree(work);
        }
    }

    /** {@code {ccid}/screen/yyyy/MM/dd/{screenId}/muxed/{inputsHash}.{random}}: next to the screen's own media. */
    private static String objectKey(Task task, ScreenSide screen, List<InputMedia> video) {
        var start = video.stream().map(m -> m.file().startTime()).min(java.util.Comparator.naturalOrder()).orElseThrow();
        // A key of its own per run: two runs never overwrite each other's object (each has its own content key).
        return task.ccid() + "/screen/" + DAY_PATH.format(start) + "/" + screen.id() + "/muxed/" + task.inputsHash()
                + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<MediaSegment> plaintext(String ccid, List<InputMedia> inputs, Path work, String prefix)
            throws DecryptionFailedException, InputMissingException {
        List<MediaSegment> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputMedia input = inputs.get(i);
            Path file = work.resolve(prefix + i);
            try (InputStream stored = s3.getObject(b -> b.bucket(mediaBucket).key(input.objectKey()));
                 OutputStream plain = Files.newOutputStream(file)) {
                if (input.file().pkcs7() == null) {
                    stored.transferTo(plain); // media stored without an envelope (imported before encryption)
                } else {
                    try (ContentKey key = keys.open(ccid, input.file())) {
                        EnvelopeDecryptor.decryptAll(key, stored, plain);
                    }
                }
            } catch (NoSuchKeyException missing) {
                throw new InputMissingException("media " + input.mediaId() + " is not in the media bucket");
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new InputMissingException("media " + input.mediaId() + " is not in the media bucket");
                }
                throw e;
            } catch (MediaDecryptionException e) {
                System.err.println("{\"event\":\"mux-decrypt-failed\",\"mediaId\":\"" + input.mediaId()
                        + "\",\"reason\":\"" + e.reasonForLogs().replace('"', '\'') + "\"}");
                throw new DecryptionFailedException("media " + input.mediaId()
                        + " cannot be decrypted with the private keys of its certificates " + input.file().certAlias());
            } catch (IOException e) {
                throw new UncheckedIOException("reading media " + input.mediaId(), e);
            }
            out.add(new MediaSegment(input.mediaId(), file, input.file().startTime()));
        }
        return out;
    }

    private EncryptedMedia encryptAndUpload(String ccid, Path plain, Path encryptedFile, String key, List<Recipient> to) {
        EncryptedMedia encrypted;
        try (InputStream in = Files.newInputStream(plain); OutputStream out = Files.newOutputStream(encryptedFile)) {
            encrypted = encryptor.encrypt(in, out, to, encryption.keyTransport(ccid));
        } catch (IOException e) {
            throw new UncheckedIOException("encrypting the muxed file", e);
        }
        s3.putObject(b -> b.bucket(mediaBucket).key(key).contentType("application/octet-stream")
                .metadata(Map.of("callvault-encryption", "cms-aes256-cbc")), RequestBody.fromFile(encryptedFile));
        return encrypted;
    }

    /** A directory only this process may read: decrypted media lives there for the length of one mux. */
    private Path scratch() {
        try {
            Files.createDirectories(scratchRoot);
            return Files.createTempDirectory(scratchRoot, "mux-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + scratchRoot, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("{\"event\":\"mux-scratch-not-deleted\",\"dir\":\"" + dir + "\"}");
        }
    }
}
