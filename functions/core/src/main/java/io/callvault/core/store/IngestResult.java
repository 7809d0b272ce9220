package io.callvault.core.store;

import java.util.List;

/** What an ingest answers; the same post always gets the same result. */
public record IngestResult(String recordingId, List<String> mediaIds) {}
