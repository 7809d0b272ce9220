package io.callvault.core.store;

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

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
}
