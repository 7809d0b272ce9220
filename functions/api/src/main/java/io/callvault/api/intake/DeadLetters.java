package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies of dead-lettered analytics posts in S3 (the archive bucket), at
 * {@code unrecoverable/<ccid>/<callUuid>/<generation>.json}: what the guide's LVR recovery keeps in its
 * unrecoverable storage (spec intake.md §6.1, §7.1.4), so an operator can see what was not delivered and why even
 * after the intake item is re-driven or gone.
 */
public final class DeadLetters {
    public static final String PREFIX = "unrecoverable/";

    private final S3Client s3;
    private final String bucket;

    public DeadLetters(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static String key(String ccid, String callUuid, long generation) {
        return PREFIX + ccid + "/" + callUuid + "/" + generation + ".json";
    }

    /** Writes (or overwrites) the copy; returns its key. */
    public String write(String ccid, String callUuid, long generation, ObjectNode document) {
        String key = key(ccid, callUuid, generation);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json; charset=utf-8"),
                RequestBody.fromBytes(Json.write(document).getBytes(StandardCharsets.UTF_8)));
        return key;
    }

    public String bucket() {
        return bucket;
    }
}
