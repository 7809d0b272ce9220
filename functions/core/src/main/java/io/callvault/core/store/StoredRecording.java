package io.callvault.core.store;

import io.callvault.core.model.Recording;
import java.util.Map;

/**
 * A recording as read from the table, with where its media lives ({@code mediaObjects}: mediaId to S3
 * key in the media bucket) and whether a delete is under way.
 */
public record StoredRecording(String ccid, Recording recording, long version, boolean deleting,
                              Map<String, String> mediaObjects) {}
