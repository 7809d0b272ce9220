package io.callvault.core.store;

import io.callvault.core.model.MediaFile;
import io.callvault.core.model.RecordingKind;
import java.time.Instant;

/**
 * Where a media file's metadata lives, found by its mediaId. {@code objectKey} is the media bucket key once
 * the media itself is stored, null while it has not arrived or waits in the ingest bucket.
 */
public record MediaLocation(String ccid, RecordingKind kind, String recordingId, Instant recordingStart,
                            MediaFile media, String objectKey) {}
