package io.callvault.mux;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Cleanup task: deletes the muxed objects a commit superseded or threw away, then any object under the screen
 * recording's {@code muxed/} prefix that no committed media file names and that is older than a lease (left by a run
 * that crashed between upload and commit; younger ones may belong to a run still going). Original media is never
 * touched, and nothing outside the contact center's own prefix is.
 */
public final class MuxCleanup {
    private final MuxStore store;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public MuxCleanup(MuxStore store, S3Client s3, String bucket, Clock clock) {
        this.store = store;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** @return how many objects were deleted */
    public int clean(String ccid, String screenId, List<String> deleteKeys, String producedKey) {
        ScreenSide screen = store.screen(ccid, screenId);
        Set<String> kept = new LinkedHashSet<>();
        screen.muxed().forEach(m -> kept.add(m.objectKey()));
        Set<String> delete = new LinkedHashSet<>();
        for (String key : deleteKeys) {
            if (ownMuxedKey(ccid, screenId, key) && !kept.contains(key)) {
                delete.add(key);
            }
        }
        if (producedKey != null && ownMuxedKey(ccid, screenId, producedKey)) {
            String prefix = producedKey.substring(0, producedKey.lastIndexOf('/') + 1);
            Instant before = clock.instant().minus(MuxStore.LEASE_TIME);
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (!kept.contains(o.key()) && !o.key().equals(producedKey) && o.lastModified().isBefore(before)) {
                    delete.add(o.key());
                }
            }
        }
        for (String key : delete) {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
        return delete.size();
    }

    /** Only keys of this screen's muxed files: {@code {ccid}/screen/.../{screenId}/muxed/...}. */
    static boolean ownMuxedKey(String ccid, String screenId, String key) {
        return key != null && key.startsWith(ccid + "/screen/") && key.contains("/" + screenId + "/muxed/")
                && !key.contains("..");
    }
}
