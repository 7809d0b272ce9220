package io.callvault.api;

import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeCheck;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.IngestKeys;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.TenantRecipients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Takes media from the ingest bucket into the media bucket, encrypted (architecture doc, data flow 3):
 * plaintext is enveloped to every usable certificate the tenant has deployed, media the media server
 * already encrypted is kept as it is once its envelope parses, and the media file's metadata records the
 * envelope, aliases, size and plaintext SHA-256. Plaintext never reaches the media bucket: without a
 * usable certificate the media waits, and a metric says so. The key transport is the tenant's setting
 * ({@code /api/v2/settings/encryption}), read at each encryption: a change applies to media ingested after
 * it, and media already stored keeps its envelope.
 */
public final class MediaIngestService {
    public enum Outcome { STORED, ALREADY_STORED, WAITING_FOR_METADATA, WAITING_FOR_CERTIFICATE, IGNORED, REJECTED }

    static final String METRIC_WAITING_FOR_CERTIFICATE = "MediaWaitingForCertificate";
    static final String METRIC_REJECTED = "MediaRejected";
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String ingestBucket;
    private final String mediaBucket;
    private final RecordingStore recordings;
    private final TenantRecipients recipients;
    private final EncryptionSettingsStore settings;
    private final EnvelopeEncryptor encryptor;
    private final Metrics metrics;
    private final java.util.function.Consumer<MediaLocation> stored;

    public MediaIngestService(S3Client s3, String ingestBucket, String mediaBucket, RecordingStore recordings,
                              CertificateStore certificates, EncryptionSettingsStore settings, EnvelopeEncryptor encryptor,
                              Metrics metrics, Clock clock) {
        this(s3, ingestBucket, mediaBucket, recordings, certificates, settings, encryptor, metrics, clock, location -> { });
    }

    /** @param stored told of each media file whose content was just attached (the mux trigger); not told of repeats */
    public MediaIngestService(S3Client s3, String ingestBucket, String mediaBucket, RecordingStore recordings,
                              CertificateStore certificates, EncryptionSettingsStore settings, EnvelopeEncryptor encryptor,
                              Metrics metrics, Clock clock, java.util.function.Consumer<MediaLocation> stored) {
        this.stored = stored;
        this.s3 = s3;
        this.ingestBucket = ingestBucket;
        this.mediaBucket = mediaBucket;
        this.recordings = recordings;
        this.recipients = new TenantRecipients(certificates, clock);
        this.settings = settings;
        this.encryptor = encryptor;
        this.metrics = metrics;
    }

    public Outcome ingest(String objectKey) {
        Optional<IngestKeys.IngestKey> parsed = IngestKeys.parse(objectKey);
        if (parsed.isEmpty()) {
            log("ignored", objectKey, "not an ingest key ({ccid}/calls|screens/{mediaId})");
            return Outcome.IGNORED;
        }
        IngestKeys.IngestKey key = parsed.get();
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(ingestBucket).key(objectKey));
        } catch (NoSuchKeyException gone) {
            return Outcome.ALREADY_STORED;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Outcome.ALREADY_STORED;
            }
            throw e;
        }
        if (head.contentLength() > MediaUploadService.MAX_UPLOAD_BYTES) {
            metrics.count(METRIC_REJECTED, key.ccid());
            log("rejected", objectKey, "larger than " + MediaUploadService.MAX_UPLOAD_BYTES + " bytes");
            s3.deleteObject(b -> b.bucket(ingestBucket).key(objectKey));
            return Outcome.REJECTED;
        }
        Optional<MediaLocation> located = recordings.locateMedia(key.ccid(), key.mediaId());
        if (located.isEmpty()) {
            return Outcome.WAITING_FOR_METADATA;
        }
        MediaLocation location = located.get();
        if (location.objectKey() != null) {
            s3.deleteObject(b -> b.bucket(ingestBucket).key(objectKey));
            return Outcome.ALREADY_STORED;
        }
        // A key of its own per attempt: two deliveries of one event never overwrite each other's object.
        String target = mediaKey(location) + "." + UUID.randomUUID().toString().substring(0, 8);
        MediaFile media = location.media();
        String sha256;
        MediaFile updated;
        if (media.pkcs7() != null) {
            String problem = EnvelopeCheck.problemWith(media.pkcs7());
            if (problem != null) {
                metrics.count(METRIC_REJECTED, key.ccid());
                log("rejected", objectKey, "the metadata's pkcs7 is not usable: " + problem);
                return Outcome.REJECTED;
            }
            s3.copyObject(b -> b.sourceBucket(ingestBucket).sourceKey(objectKey)
                    .destinationBucket(mediaBucket).destinationKey(target));
            sha256 = "unknown: encrypted by the media server";
            updated = media;
        } else {
            List<Recipient> usable = recipients.usable(key.ccid());
            if (usable.isEmpty()) {
                metrics.count(METRIC_WAITING_FOR_CERTIFICATE, key.ccid());
                log("waiting", objectKey, "no usable certificate is deployed for contact center " + key.ccid());
                return Outcome.WAITING_FOR_CERTIFICATE;
            }
            EncryptedMedia encrypted = encryptToMediaBucket(objectKey, target, usable,
                    settings.keyTransport(key.ccid()));
            sha256 = encrypted.plaintextSha256();
            updated = media.toBuilder().pkcs7(encrypted.pkcs7Pem()).certAlias(encrypted.certAliases())
                    .size(encrypted.plaintextSize()).build();
        }
        if (!recordings.attachObject(location, updated, target, sha256)) {
            // Another delivery of the same media stored it first; ours is surplus.
            s3.deleteObject(b -> b.bucket(mediaBucket).key(target));
            s3.deleteObject(b -> b.bucket(ingestBucket).key(objectKey));
            return Outcome.ALREADY_STORED;
        }
        s3.deleteObject(b -> b.bucket(ingestBucket).key(objectKey));
        log("stored", objectKey, target);
        try {
            stored.accept(location);
        } catch (RuntimeException e) {
            // The media is stored; what reacts to it (the mux) has a sweeper that finds what it missed.
            log("listener-failed", objectKey, e.getMessage());
        }
        return Outcome.STORED;
    }

    /** Encrypts through a temporary file: S3 needs the length up front and a failed upload can be retried from it. */
    private EncryptedMedia encryptToMediaBucket(String objectKey, String target, List<Recipient> recipients,
                                                KeyTransport transport) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("callvault-media", ".enc");
            EncryptedMedia encrypted;
            try (InputStream plain = s3.getObject(b -> b.bucket(ingestBucket).key(objectKey));
                 OutputStream out = Files.newOutputStream(tmp)) {
                encrypted = encryptor.encrypt(plain, out, recipients, transport);
            }
            s3.putObject(b -> b.bucket(mediaBucket).key(target).contentType("application/octet-stream")
                    .metadata(java.util.Map.of("callvault-encryption", "cms-aes256-cbc")), RequestBody.fromFile(tmp));
            return encrypted;
        } catch (IOException e) {
            throw new UncheckedIOException("encrypting " + objectKey + " failed", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file dies with the execution environment
                }
            }
        }
    }

    /** The guide's layout: {@code {ccid}/voice|screen/yyyy/MM/dd/{recordingId}/{mediaId}} (spec §5). */
    static String mediaKey(MediaLocation l) {
        return l.ccid() + (l.kind() == RecordingKind.CALL ? "/voice/" : "/screen/") + DAY_PATH.format(l.recordingStart())
                + "/" + l.recordingId() + "/" + l.media().mediaId();
    }

    private static void log(String outcome, String key, String detail) {
        System.out.println("{\"event\":\"media-ingest\",\"outcome\":\"" + outcome + "\",\"key\":"
                + io.callvault.core.json.Json.MAPPER.getNodeFactory().textNode(key) + ",\"detail\":"
                + io.callvault.core.json.Json.MAPPER.getNodeFactory().textNode(String.valueOf(detail)) + "}");
    }
}
