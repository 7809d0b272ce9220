package io.callvault.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One eventHistory element. {@code contact} is set for Joined/Left, {@code data} for Data events.
 * {@code eventId} is optional on input; the store derives a stable key when it is absent.
 */
public record CallEvent(Instant occurredAt, String calluuid, String eventId, EventType event,
                        Contact contact, EventData data) {
    public CallEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(event, "event");
    }
}
