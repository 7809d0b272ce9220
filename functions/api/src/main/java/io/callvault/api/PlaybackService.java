package io.callvault.api;

import io.callvault.core.store.PrivateKeys;
import io.callvault.core.codec.Ids;
import io.callvault.core.crypto.ContentKey;
import io.callvault.core.crypto.EnvelopeFiles;
import io.callvault.core.crypto.MediaDecryptionException;
import io.callvault.core.crypto.RangeDecryption;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Playback: the guide's Recording Crypto Server behind the API. Checks the caller may hear or see the
 * media file, unwraps its content key with the tenant's private key, and decrypts only the CBC blocks the
 * requested byte range needs. Every play is audited. Every decryption failure (corrupt or truncated
 * object, wrong or missing key) answers the same, so the API is no oracle for the ciphertext.
 */
public final class PlaybackService {
    /** Largest slice per response: base64 of 4 MiB stays under Lambda's 6 MB response limit. */
    public static final long MAX_CHUNK = 4L * 1024 * 1024;
    /** RFC 5751's type for an enveloped CMS file. */
    public static final String EXPORT_TYPE = "application/pkcs7-mime; smime-type=enveloped-data";

    public record Media(byte[] body, long first, long last, long size, String contentType, boolean partial) {}

    private final RecordingStore recordings;
    private final S3Client s3;
    private final String mediaBucket;
    private final PrivateKeys keys;
    private final AuditTrail audit;
    private final MediaVisibility visibility;

    public PlaybackService(RecordingStore recordings, S3Client s3, String mediaBucket, PrivateKeys keys,
                           AuditTrail audit) {
        this.recordings = recordings;
        this.s3 = s3;
        this.mediaBucket = mediaBucket;
        this.keys = keys;
        this.audit = audit;
        this.visibility = new MediaVisibility(recordings);
    }

    public Media play(Caller caller, RecordingKind kind, String recordingId, String mediaFileName, String rangeHeader) {
        Located located = locate(caller, kind, recordingId, mediaFileName);
        String what = "Play media [" + located.file.mediaId() + "] of " + noun(kind) + " [" + recordingId
                + "] from contact center [" + located.ccid + "]";
        return audited(caller, located, what, () -> decrypt(located.ccid, located.file, located.objectKey, rangeHeader));
    }

    /**
     * The full DER PKCS#7 file of one media file (envelope and content), as archives carry it:
     * {@code openssl cms -decrypt -inform DER} opens it with the tenant's private key. Nothing is decrypted
     * here. Served by byte range like playback, so files larger than one response come in 4 MiB pieces.
     */
    public Media export(Caller caller, RecordingKind kind, String recordingId, String mediaFileName, String rangeHeader) {
        Located located = locate(caller, kind, recordingId, mediaFileName);
        String what = "Export media [" + located.file.mediaId() + "] of " + noun(kind) + " [" + recordingId
                + "] from contact center [" + located.ccid + "]";
        return audited(caller, located, what, () -> derSlice(located.file, located.objectKey, rangeHeader));
    }

    private record Located(String ccid, String recordingId, MediaFile file, String objectKey) {}

    private Located locate(Caller caller, RecordingKind kind, String recordingId, String mediaFileName) {
        String ccid = caller.ownContactCenter();
        if (!caller.has(Permission.RECORDING_PLAY) && !caller.agent()) {
            throw ApiException.forbidden("this needs the " + Permission.RECORDING_PLAY + " permission");
        }
        Ids.recordingId("id", recordingId);
        String playId = playId(mediaFileName);
        StoredRecording stored = recordings.find(ccid, kind, recordingId).filter(r -> !r.deleting())
                .orElseThrow(() -> ApiException.notFound(noun(kind) + " " + recordingId + " not found"));
        MediaFile file = stored.recording().mediaFiles().stream().filter(f -> playId.equals(f.playId())).findFirst()
                .filter(f -> visibility.maySee(caller, stored, f))
                .orElseThrow(() -> ApiException.notFound("media file " + mediaFileName + " not found"));
        String objectKey = stored.mediaObjects().get(file.mediaId());
        if (objectKey == null) {
            throw ApiException.notFound("the media of " + mediaFileName + " has not arrived yet");
        }
        return new Located(ccid, recordingId, file, objectKey);
    }

    private interface MediaSource {
        Media read() throws MediaDecryptionException;
    }

    private Media audited(Caller caller, Located located, String what, MediaSource source) {
        String recordingId = located.recordingId;
        String actor = caller.actor();
        try {
            Media media = source.read();
            audit.record(located.ccid, what, recordingId, actor, "succeeded", "bytes " + media.first() + "-"
                    + media.last() + "/" + media.size());
            return media;
        } catch (ApiException e) {
            audit.record(located.ccid, what, recordingId, actor, "failed", e.getMessage());
            throw e;
        } catch (MediaDecryptionException e) {
            System.err.println("{\"event\":\"media-read-failed\",\"mediaId\":\"" + located.file.mediaId()
                    + "\",\"reason\":\"" + e.reasonForLogs().replace('"', '\'') + "\"}");
            audit.record(located.ccid, what, recordingId, actor, "failed", "decryption");
            throw new ApiException(500, MediaDecryptionException.MESSAGE);
        }
    }

    /** The requested range of the DER file: header bytes from the envelope, content bytes from a ranged S3 read. */
    private Media derSlice(MediaFile file, String objectKey, String rangeHeader) throws MediaDecryptionException {
        if (file.pkcs7() == null) {
            throw new MediaDecryptionException("media file has no envelope");
        }
        long ciphertextSize;
        EnvelopeFiles.DerFile der;
        try {
            ciphertextSize = s3.headObject(b -> b.bucket(mediaBucket).key(objectKey)).contentLength();
            der = EnvelopeFiles.derFile(file.pkcs7(), ciphertextSize);
        } catch (NoSuchKeyException e) {
            throw new MediaDecryptionException("stored object is missing");
        } catch (IllegalArgumentException e) {
            throw new MediaDecryptionException("stored object cannot be exported: " + e.getMessage());
        }
        long size = der.size();
        ByteRange requested = ByteRange.parse(rangeHeader, size);
        ByteRange range = (requested == null ? new ByteRange(0, size - 1) : requested).limitedTo(MAX_CHUNK);
        boolean partial = requested != null || range.length() < size;
        byte[] body = new byte[(int) range.length()];
        long prefixEnd = der.prefix().length;
        long contentEnd = prefixEnd + ciphertextSize;
        for (long i = range.first(); i <= range.last() && i < prefixEnd; i++) {
            body[(int) (i - range.first())] = der.prefix()[(int) i];
        }
        long from = Math.max(range.first(), prefixEnd);
        long to = Math.min(range.last(), contentEnd - 1);
        if (from <= to) {
            byte[] content = s3.getObjectAsBytes(b -> b.bucket(mediaBucket).key(objectKey)
                    .range("bytes=" + (from - prefixEnd) + "-" + (to - prefixEnd))).asByteArray();
            if (content.length != to - from + 1) {
                throw new MediaDecryptionException("stored object changed size while it was read");
            }
            System.arraycopy(content, 0, body, (int) (from - range.first()), content.length);
        }
        for (long i = Math.max(range.first(), contentEnd); i <= range.last(); i++) {
            body[(int) (i - range.first())] = der.suffix()[(int) (i - contentEnd)];
        }
        return new Media(body, range.first(), range.last(), size, EXPORT_TYPE, partial);
    }

    private static String noun(RecordingKind kind) {
        return kind == RecordingKind.CALL ? "recording" : "screen recording";
    }

    private Media decrypt(String ccid, MediaFile file, String objectKey, String rangeHeader)
            throws MediaDecryptionException {
        if (file.pkcs7() == null || file.size() == null) {
            throw new MediaDecryptionException("media file has no envelope or no plaintext size");
        }
        long size = file.size();
        ByteRange requested = ByteRange.parse(rangeHeader, size);
        ByteRange range = (requested == null ? new ByteRange(0, size - 1) : requested).limitedTo(MAX_CHUNK);
        boolean partial = requested != null || range.length() < size;
        String type = file.type() == null ? "application/octet-stream" : file.type();
        if (size == 0) {
            return new Media(new byte[0], 0, -1, 0, type, false);
        }
        try (ContentKey contentKey = keys.open(ccid, file)) {
            RangeDecryption decryption = new RangeDecryption(contentKey, size);
            var blocks = decryption.ciphertextRangeFor(range.first(), range.last());
            byte[] ciphertext = s3.getObjectAsBytes(b -> b.bucket(mediaBucket).key(objectKey).range(blocks.httpRange()))
                    .asByteArray();
            byte[] plain = decryption.decrypt(range.first(), range.last(), ciphertext);
            return new Media(plain, range.first(), range.last(), size, type, partial);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 416 || e.statusCode() == 404) {
                throw new MediaDecryptionException("stored object shorter than its metadata says: " + e.statusCode());
            }
            throw e;
        }
    }

    /** {@code <uuid>.<ext>} from the URL; the extension is the player's business, the id is ours. */
    static String playId(String mediaFileName) {
        int dot = mediaFileName.lastIndexOf('.');
        String id = dot > 0 ? mediaFileName.substring(0, dot) : mediaFileName;
        if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new io.callvault.core.codec.InvalidFieldException("mediaFileId",
                    "must be the media file's play id (a UUID) with its extension");
        }
        return id;
    }
}
