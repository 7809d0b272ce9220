package io.callvault.lifecycle.backup;

import io.callvault.core.model.RecordingKind;
import java.util.List;
import java.util.Objects;

/**
 * What backing up one recording did.
 *
 * @param status        {@link Status#COMPLETED} only when every object was written and checked, {@code meta-data.json} last
 * @param kind          the recording's kind
 * @param recordingId   the recording's id
 * @param bucket        the archive bucket
 * @param folderKey     {@code <archive folder><ccid>/Environment/yyyy/MM/dd/<recording id>/}; null when the recording
 *                      was not found, could not be read, or the destination was refused
 * @param objects       what was written and checked, in write order ({@code meta-data.json} of the recording last when
 *                      COMPLETED); on FAILED what had been written before the failure
 * @param missingMedia  media files that have no stored object yet, as {@code <recording id>/<mediaId>}; non-empty means
 *                      FAILED and nothing written
 * @param reason        why it is not COMPLETED; null when it is
 * @param retryable     FAILED for a reason that may pass on its own (S3 throttling or 5xx after the SDK's retries, a
 *                      connection failure): worth another attempt. False for a missing object, a refused destination,
 *                      access denied, an unusable envelope
 */
public record ArchiveResult(Status status, RecordingKind kind, String recordingId, String bucket, String folderKey,
                            List<ArchivedObject> objects, List<String> missingMedia, String reason, boolean retryable) {
    public enum Status {
        /** Every object is in the archive, checked by size, {@code meta-data.json} written last. */
        COMPLETED,
        /** Not (wholly) archived; {@code reason} says why. A purge must not follow. */
        FAILED,
        /** The recording is not in the table (or is being deleted): nothing to back up, nothing written. */
        NOT_FOUND
    }

    /** What an archived object holds. */
    public enum Content {
        /** {@code meta-data.json}: the recording as the API's GET returns it. */
        METADATA,
        /** {@code <mediaId>.<ext>.p7m}: the DER CMS EnvelopedData file of encrypted media. */
        ENCRYPTED_MEDIA,
        /** {@code <mediaId>.<ext>}: media stored without encryption, copied as it is. */
        PLAIN_MEDIA
    }

    /**
     * One object written to the archive.
     *
     * @param recordingId the recording it belongs to (the call's, or a screen recording's under {@code screen/})
     * @param mediaId     the media file's id; null for {@code meta-data.json}
     * @param size        the object's size, checked with HeadObject after the write
     * @param sha256      lower-case hex SHA-256 of the object's bytes, computed while writing; null for plain media,
     *                    which S3 copies without the bytes passing through
     */
    public record ArchivedObject(String key, Content content, String recordingId, String mediaId, long size,
                                 String sha256) {
        public ArchivedObject {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(content, "content");
        }
    }

    public ArchiveResult {
        Objects.requireNonNull(status, "status");
        objects = List.copyOf(objects);
        missingMedia = List.copyOf(missingMedia);
    }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
