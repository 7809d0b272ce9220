package io.callvault.core.store;

import java.time.Instant;

/**
 * A label a contact center may put on recordings (the guide's label definition, L13192-L13228).
 *
 * @param builtIn   defined by callvault itself and always present ({@code screenRecording}, which the muxer
 *                  applies); it has no {@code createdAt}/{@code createdBy} and cannot be deleted
 */
public record LabelDefinition(String name, String description, boolean builtIn, Instant createdAt, String createdBy) {}
