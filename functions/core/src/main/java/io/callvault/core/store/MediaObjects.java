package io.callvault.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.model.MediaFile;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/** Media files in the media bucket. Deleting a missing object succeeds, so a retried delete is harmless. */
public final class MediaObjects {
    private final S3Client s3;
    private final String bucket;

    public MediaObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * The media objects of a recording: those callvault stored, and those the media server described as in the media
     * bucket. Only keys under the tenant's own prefix, so a crafted descriptor cannot reach another tenant's media.
     */
    public Set<String> keysOf(String ccid, StoredRecording stored) {
        Set<String> keys = new LinkedHashSet<>(stored.mediaObjects().values());
        for (MediaFile file : stored.recording().mediaFiles()) {
            JsonNode d = file.mediaDescriptor();
            if (d != null && d.path("data").path("bucket").asText("").equals(bucket) && d.hasNonNull("path")) {
                keys.add(d.get("path").asText());
            }
        }
        keys.removeIf(k -> !k.startsWith(ccid + "/") || k.contains(".."));
        return keys;
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
}
