package io.callvault.core.store;

import java.time.Instant;

/** A tenant: the guide's contact center, identified by a UUID, pinned to one region. */
public record ContactCenter(String id, String name, String region, Instant createdAt) {}
