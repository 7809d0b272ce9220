package io.callvault.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.Caller;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.IngestKeys;
import io.callvault.core.time.GuideTime;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned uploads into the ingest bucket, for media servers and screen recorders that should not hold
 * AWS credentials. The declared size is signed into the URL (S3 refuses a body of any other length),
 * which is how the 512 MiB cap of the guide's screen uploads is enforced on a plain PUT.
 */
public final class MediaUploadService {
    /** The guide's {@code multiPartResolverMaxUploadSize}: 536,870,912 bytes. */
    public static final long MAX_UPLOAD_BYTES = 512L * 1024 * 1024;
    static final Duration VALIDITY = Duration.ofMinutes(15);
    private static final Set<String> CONTENT_TYPES = Set.of("audio/mp3", "audio/mpeg", "audio/wav", "audio/x-wav",
            "audio/mp4", "video/mp4", "application/octet-stream");

    private final S3Presigner presigner;
    private final String ingestBucket;
    private final ContactCenters contactCenters;

    public MediaUploadService(S3Presigner presigner, String ingestBucket, ContactCenters contactCenters) {
        this.presigner = presigner;
        this.ingestBucket = ingestBucket;
        this.contactCenters = contactCenters;
    }

    public ObjectNode presign(Caller caller, String ccid, JsonNode body, RecordingKind kind) {
        Ids.contactCenterId("ccid", ccid);
        caller.require(Permission.RECORDING_INGEST);
        caller.requireContactCenter(ccid);
        contactCenters.require(ccid);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object with mediaId, contentType and size");
        }
        String mediaId = Ids.mediaId("mediaId", text(body, "mediaId"));
        String contentType = text(body, "contentType");
        JsonNode sizeNode = body.get("size");
        if (sizeNode == null || !sizeNode.canConvertToLong() || !sizeNode.isIntegralNumber() || sizeNode.asLong() < 0) {
            throw new InvalidFieldException("size", "must be the upload's length in bytes, a whole number >= 0");
        }
        checkUpload("contentType", contentType, sizeNode.asLong());
        return presign(IngestKeys.of(ccid, kind, mediaId), contentType, sizeNode.asLong());
    }

    /**
     * Checks what a presigned upload would be signed for: a known media type and at most 512 MiB (413 above).
     * Callers check before they write anything, so a refused upload leaves nothing behind.
     */
    public static void checkUpload(String contentTypeField, String contentType, long size) {
        if (contentType == null) {
            throw new InvalidFieldException(contentTypeField, "is required");
        }
        if (!CONTENT_TYPES.contains(contentType)) {
            throw new InvalidFieldException(contentTypeField, "must be one of " + String.join(", ", CONTENT_TYPES.stream()
                    .sorted().toList()) + "; got " + Excerpt.of(contentType));
        }
        if (size > MAX_UPLOAD_BYTES) {
            throw new ApiException(413, "uploads are limited to " + MAX_UPLOAD_BYTES + " bytes; this one declares " + size);
        }
    }

    /** A presigned PUT of exactly {@code size} bytes of {@code contentType} to the ingest key; checked by the caller. */
    public ObjectNode presign(IngestKeys.IngestKey key, String contentType, long size) {
        var presigned = presigner.presignPutObject(b -> b.signatureDuration(VALIDITY)
                .putObjectRequest(p -> p.bucket(ingestBucket).key(key.key()).contentType(contentType).contentLength(size)));
        ObjectNode out = Json.object()
                .put("uploadUrl", presigned.url().toString())
                .put("method", "PUT")
                .put("expiresAt", GuideTime.format(presigned.expiration()))
                .put("mediaId", key.mediaId());
        ObjectNode headers = out.putObject("headers");
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidFieldException(field, "is required");
        }
        if (!v.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        return v.textValue();
    }

}
