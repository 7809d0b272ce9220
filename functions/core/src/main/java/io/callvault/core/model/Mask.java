package io.callvault.core.model;

import java.time.Instant;

/** A pause/resume mark on a media file (guide: masks have "the time and type property"). */
public record Mask(Instant time, String type) {}
