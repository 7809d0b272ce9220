package io.callvault.lifecycle.backup;

import io.callvault.core.codec.MediaLinks;
import io.callvault.core.codec.RecordingCodec;
import io.callvault.core.crypto.EnvelopeFiles;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.lifecycle.backup.ArchiveResult.ArchivedObject;
import io.callvault.lifecycle.backup.ArchiveResult.Content;
import io.callvault.lifecycle.backup.ArchiveResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Backs up one recording to an archive folder in the guide's unzipped layout (spec lifecycle.md §1.6, L32640-32664):
 * <pre>
 * &lt;folder&gt;&lt;ccid&gt;/Environment/yyyy/MM/dd/&lt;recording id&gt;/meta-data.json
 *                                              /&lt;mediaId&gt;.&lt;ext&gt;.p7m     (encrypted media)
 *                                              /&lt;mediaId&gt;.&lt;ext&gt;         (media stored without encryption)
 *                                              /screen/&lt;screen recording id&gt;/meta-data.json + its media
 * </pre>
 * The date is the recording's {@code startTime} in UTC. {@code meta-data.json} is the recording as the API's GET
 * returns it (play paths, no absolute URLs), read consistently from the recordings table, never from the index.
 * Encrypted media becomes the self-contained DER CMS file ({@code openssl cms -decrypt -inform DER} opens it with the
 * tenant's key): the stored envelope and the stored ciphertext joined while streaming, in one buffer of memory, never
 * decrypted. Media stored without encryption is copied by S3, server side.
 *
 * <p>{@code meta-data.json} of the recording is written last, after every other object was written and checked with
 * HeadObject: its presence means the folder is complete. Keys are deterministic (the folder comes from the run's
 * scheduled time), so a second run of the same recording writes the same objects again, and a rerun after a crash
 * completes what the first one left. A problem with the recording (a media file not stored yet, a missing object,
 * access denied, S3 failing after the SDK's retries) is a FAILED result, never an exception.
 *
 * <p>Plain Java, no Lambda types: the backup task's function calls it per recording.
 */
public final class RecordingArchiver {
    public static final String METADATA_FILE = "meta-data.json";
    public static final String SCREEN_FOLDER = "screen";
    /** RFC 5751's type for an enveloped CMS file, as the API's export serves it. */
    public static final String DER_CONTENT_TYPE = "application/pkcs7-mime; smime-type=enveloped-data";
    static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final int MAX_LISTED = 10;

    private final S3Client s3;
    private final RecordingStore recordings;
    private final String mediaBucket;
    private final String defaultArchiveBucket;
    private final Set<String> allowedBuckets;
    private final int partSize;

    /**
     * @param mediaBucket          where the media objects are ({@code StoredRecording.mediaObjects} keys)
     * @param defaultArchiveBucket where a task without {@code location} backs up; always allowed
     * @param extraBackupBuckets   the other buckets a task's {@code location} may name; any other is refused
     */
    public RecordingArchiver(S3Client s3, RecordingStore recordings, String mediaBucket, String defaultArchiveBucket,
                             Collection<String> extraBackupBuckets) {
        this(s3, recordings, mediaBucket, defaultArchiveBucket, extraBackupBuckets, DEFAULT_PART_SIZE);
    }

    /** @param partSize bytes per multipart part, and the largest DER file written with a single put */
    RecordingArchiver(S3Client s3, RecordingStore recordings, String mediaBucket, String defaultArchiveBucket,
                      Collection<String> extraBackupBuckets, int partSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.mediaBucket = Objects.requireNonNull(mediaBucket, "mediaBucket");
        this.defaultArchiveBucket = Objects.requireNonNull(defaultArchiveBucket, "defaultArchiveBucket");
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(defaultArchiveBucket);
        allowed.addAll(extraBackupBuckets);
        this.allowedBuckets = Set.copyOf(allowed);
        if (partSize < S3UploadStream.MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below S3's minimum");
        }
        this.partSize = partSize;
    }

    /** The archive folder of a backup task in the run scheduled at {@code t0}; see {@link ArchiveFolder#of}. */
    public ArchiveFolder folder(LifecycleTask task, Instant t0) {
        return ArchiveFolder.of(task, defaultArchiveBucket, t0);
    }

    public Set<String> allowedBuckets() {
        return allowedBuckets;
    }

    /**
     * Backs up one recording, and with {@code includeScreens} a call's linked screen recordings under
     * {@code screen/<id>/}. Ignored for a screen recording ({@code kind} SCREEN).
     */
    public ArchiveResult archive(ArchiveFolder folder, String ccid, RecordingKind kind, String recordingId,
                                 boolean includeScreens) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(ccid, "ccid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordingId, "recordingId");
        if (!allowedBuckets.contains(folder.bucket())) {
            return failed(kind, recordingId, folder.bucket(), null, List.of(), List.of(), "backup bucket "
                    + folder.bucket() + " is not an allowed backup destination (allowed: "
                    + String.join(", ", allowedBuckets.stream().sorted().toList()) + ")", false);
        }
        Plan plan;
        try {
            plan = plan(folder, ccid, kind, recordingId, includeScreens);
        } catch (Failure f) {
            return failed(kind, recordingId, folder.bucket(), null, List.of(), List.of(), f.getMessage(), f.retryable);
        }
        if (plan == null) {
            return new ArchiveResult(Status.NOT_FOUND, kind, recordingId, folder.bucket(), null, List.of(), List.of(),
                    (kind == RecordingKind.CALL ? "recording " : "screen recording ") + recordingId + " not found",
                    false);
        }
        List<String> missing = new ArrayList<>();
        for (Unit unit : plan.units) {
            for (MediaFile file : unit.stored.recording().mediaFiles()) {
                if (!unit.stored.mediaObjects().containsKey(file.mediaId())) {
                    missing.add(unit.stored.recording().id() + "/" + file.mediaId());
                }
            }
        }
        String folderKey = plan.call().folderKey;
        if (!missing.isEmpty()) {
            return failed(kind, recordingId, folder.bucket(), folderKey, List.of(), missing,
                    "media not stored yet: " + listed(missing), false);
        }
        List<ArchivedObject> written = new ArrayList<>();
        try {
            // Screens first, each complete with its own meta-data.json, then the call's media and its meta-data.json
            // last: the recording's meta-data.json stands for the whole folder.
            for (int i = 1; i < plan.units.size(); i++) {
                writeUnit(folder.bucket(), plan.units.get(i), written);
            }
            writeUnit(folder.bucket(), plan.call(), written);
        } catch (Failure f) {
            return failed(kind, recordingId, folder.bucket(), folderKey, written, List.of(), f.getMessage(), f.retryable);
        }
        return new ArchiveResult(Status.COMPLETED, kind, recordingId, folder.bucket(), folderKey, written, List.of(), null,
                false);
    }

    // ------------------------------------------------------------------ plan

    /** A recording and the folder it goes to. */
    private record Unit(StoredRecording stored, String folderKey) {}

    /** The recording first, then its screen recordings. */
    private record Plan(List<Unit> units) {
        Unit call() {
            return units.get(0);
        }
    }

    /** Null when the recording is not there (or being deleted). */
    private Plan plan(ArchiveFolder folder, String ccid, RecordingKind kind, String recordingId, boolean includeScreens) {
        Optional<StoredRecording> found = read(ccid, kind, recordingId);
        if (found.isEmpty()) {
            return null;
        }
        StoredRecording stored = found.get();
        String folderKey = folder.keyPrefix() + ccid + "/" + ArchiveFolder.TENANT_NAME + "/"
                + DAY_PATH.format(stored.recording().startTime()) + "/" + recordingId + "/";
        List<Unit> units = new ArrayList<>();
        units.add(new Unit(stored, folderKey));
        if (includeScreens && kind == RecordingKind.CALL) {
            for (String screenId : stored.screenRecordingIds()) {
                // A link whose screen recording is gone (deleted in between) has nothing to back up.
                read(ccid, RecordingKind.SCREEN, screenId).ifPresent(screen ->
                        units.add(new Unit(screen, folderKey + SCREEN_FOLDER + "/" + screenId + "/")));
            }
        }
        return new Plan(units);
    }

    private Optional<StoredRecording> read(String ccid, RecordingKind kind, String id) {
        try {
            return recordings.find(ccid, kind, id).filter(r -> !r.deleting());
        } catch (SdkException e) {
            throw new Failure("reading " + noun(kind) + " " + id + " from the recordings table failed: " + describe(e),
                    retryable(e));
        }
    }

    // ------------------------------------------------------------------ writing

    private void writeUnit(String bucket, Unit unit, List<ArchivedObject> written) {
        StoredRecording stored = unit.stored;
        String id = stored.recording().id();
        for (MediaFile file : stored.recording().mediaFiles()) {
            String source = stored.mediaObjects().get(file.mediaId());
            if (file.pkcs7() != null) {
                written.add(writeDer(bucket, unit.folderKey + mediaFileName(file) + ".p7m", id, file, source));
            } else {
                written.add(copyPlain(bucket, unit.folderKey + mediaFileName(file), id, file, source));
            }
        }
        byte[] metadata = metadata(stored);
        String key = unit.folderKey + METADATA_FILE;
        s3Call("writing " + key, () -> s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(metadata)));
        verify(bucket, key, metadata.length);
        written.add(new ArchivedObject(key, Content.METADATA, id, null, metadata.length, sha256Hex(metadata)));
    }

    /** The recording as {@code GET /api/v2/recordings/{id}} (or screen-recordings) returns it, paths without a host. */
    static byte[] metadata(StoredRecording stored) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(RecordingCodec.write(stored.recording(), MediaLinks.PATHS_ONLY));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON encoding failed", e);
        }
    }

    /** The stored envelope and the stored ciphertext as one DER file, streamed in bounded memory. */
    private ArchivedObject writeDer(String bucket, String key, String recordingId, MediaFile file, String source) {
        long ciphertextSize = sourceSize(source);
        long size;
        try {
            size = EnvelopeFiles.derFile(file.pkcs7(), ciphertextSize).size();
        } catch (IllegalArgumentException e) {
            throw new Failure("media " + file.mediaId() + " of " + recordingId + " cannot be archived: " + e.getMessage(),
                    false);
        }
        MessageDigest sha = sha256();
        S3UploadStream upload = new S3UploadStream(s3, bucket, key, DER_CONTENT_TYPE, partSize, size);
        try (InputStream ciphertext = s3Call("reading " + source,
                () -> s3.getObject(r -> r.bucket(mediaBucket).key(source)))) {
            EnvelopeFiles.writeDer(file.pkcs7(), ciphertextSize, ciphertext, new DigestOutputStream(upload, sha));
            s3Call("writing " + key, () -> {
                upload.complete();
                return null;
            });
        } catch (NoSuchKeyException e) {
            throw new Failure("media object missing: " + source, false);
        } catch (IOException e) {
            throw new Failure("copying " + source + " to " + key + " failed: " + e.getMessage(), true);
        } catch (SdkException e) {
            throw new Failure("writing " + key + " failed: " + describe(e), retryable(e));
        } finally {
            upload.abort();
        }
        verify(bucket, key, size);
        return new ArchivedObject(key, Content.ENCRYPTED_MEDIA, recordingId, file.mediaId(), size,
                HexFormat.of().formatHex(sha.digest()));
    }

    /** Media stored without encryption: copied by S3 as it is. */
    private ArchivedObject copyPlain(String bucket, String key, String recordingId, MediaFile file, String source) {
        long size = sourceSize(source);
        try {
            s3.copyObject(r -> r.sourceBucket(mediaBucket).sourceKey(source).destinationBucket(bucket)
                    .destinationKey(key));
        } catch (NoSuchKeyException e) {
            throw new Failure("media object missing: " + source, false);
        } catch (SdkException e) {
            throw new Failure("copying " + source + " to " + key + " failed: " + describe(e), retryable(e));
        }
        verify(bucket, key, size);
        return new ArchivedObject(key, Content.PLAIN_MEDIA, recordingId, file.mediaId(), size, null);
    }

    private long sourceSize(String source) {
        try {
            return s3.headObject(r -> r.bucket(mediaBucket).key(source)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new Failure("media object missing: " + source, false);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new Failure("media object missing: " + source, false);
            }
            throw new Failure("reading " + source + " failed: " + describe(e), retryable(e));
        } catch (SdkException e) {
            throw new Failure("reading " + source + " failed: " + describe(e), retryable(e));
        }
    }

    /** What was written is there, with the size it should have. */
    private void verify(String bucket, String key, long expected) {
        long actual;
        try {
            actual = s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new Failure("archived object " + key + " is not there after it was written", true);
        } catch (SdkException e) {
            throw new Failure("checking " + key + " failed: " + describe(e), retryable(e));
        }
        if (actual != expected) {
            throw new Failure("archived object " + key + " is " + actual + " bytes, expected " + expected, true);
        }
    }

    /**
     * {@code <mediaId>.<ext>}, the extension from the media type ({@code audio/mp3} gives mp3, {@code video/mp4} mp4),
     * {@code bin} for a type it does not know. Always appended, also to a mediaId that already ends in one, so that two
     * media files never share a name.
     */
    static String mediaFileName(MediaFile file) {
        return file.mediaId() + "." + extension(file.type());
    }

    static String extension(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        int semicolon = t.indexOf(';');
        if (semicolon >= 0) {
            t = t.substring(0, semicolon).trim();
        }
        return switch (t) {
            case "audio/mp3", "audio/mpeg", "audio/mpeg3", "audio/x-mp3" -> "mp3";
            case "video/mp4", "audio/mp4" -> "mp4";
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> "wav";
            case "video/webm", "audio/webm" -> "webm";
            case "audio/ogg", "video/ogg" -> "ogg";
            default -> "bin";
        };
    }

    // ------------------------------------------------------------------ failures

    /** A per-recording problem: becomes a FAILED result with this message as its reason. */
    private static final class Failure extends RuntimeException {
        final boolean retryable;

        Failure(String reason, boolean retryable) {
            super(reason, null, false, false);
            this.retryable = retryable;
        }
    }

    private static <T> T s3Call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (Failure f) {
            throw f;
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (SdkException e) {
            throw new Failure(what + " failed: " + describe(e), retryable(e));
        }
    }

    /** Throttling, 5xx and connection failures may pass; denied access, a missing object or a bad request do not. */
    static boolean retryable(SdkException e) {
        if (e instanceof SdkServiceException service) {
            return service.statusCode() >= 500 || service.statusCode() == 429 || service.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode();
        }
        if (e instanceof SdkServiceException service) {
            return service.statusCode() + " " + e.getClass().getSimpleName();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static ArchiveResult failed(RecordingKind kind, String recordingId, String bucket, String folderKey,
                                        List<ArchivedObject> written, List<String> missing, String reason,
                                        boolean retryable) {
        System.err.println("{\"event\":\"archive-failed\",\"recordingId\":" + quoted(recordingId) + ",\"reason\":"
                + quoted(reason) + ",\"retryable\":" + retryable + "}");
        return new ArchiveResult(Status.FAILED, kind, recordingId, bucket, folderKey, written, missing, reason,
                retryable);
    }

    private static String quoted(String s) {
        return Json.MAPPER.getNodeFactory().textNode(s).toString();
    }

    private static String listed(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(items.size(), MAX_LISTED)));
        return items.size() > MAX_LISTED ? shown + " and " + (items.size() - MAX_LISTED) + " more" : shown;
    }

    private static String noun(RecordingKind kind) {
        return kind == RecordingKind.CALL ? "recording" : "screen recording";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
