package io.callvault.api;

import io.callvault.core.store.IngestKeys;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Media that waits in the ingest bucket (its metadata or a certificate had not arrived) is sent through
 * ingest again by copying it onto itself: S3 announces the copy as a new ObjectCreated event, so the
 * retry takes the same path, with the same at-least-once delivery, as the first attempt.
 */
public final class WaitingMedia {
    private final S3Client s3;
    private final String ingestBucket;

    public WaitingMedia(S3Client s3, String ingestBucket) {
        this.s3 = s3;
        this.ingestBucket = ingestBucket;
    }

    /** Re-drives one media file if it is waiting; false when there is nothing in the ingest bucket for it. */
    public boolean redrive(IngestKeys.IngestKey key) {
        try {
            s3.copyObject(b -> b.sourceBucket(ingestBucket).sourceKey(key.key())
                    .destinationBucket(ingestBucket).destinationKey(key.key())
                    .metadataDirective(MetadataDirective.REPLACE)
                    .metadata(Map.of("callvault-redrive", Instant.now().toString())));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Re-drives everything of a contact center that waits, e.g. after a certificate was deployed. */
    public int redriveAll(String ccid) {
        int count = 0;
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(ingestBucket).prefix(ccid + "/")).contents()) {
            var key = IngestKeys.parse(object.key());
            if (key.isPresent() && redrive(key.get())) {
                count++;
            }
        }
        return count;
    }
}
