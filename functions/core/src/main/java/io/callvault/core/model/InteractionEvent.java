package io.callvault.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of the interaction feed ({@code POST /internal-api/contact-centers/{ccid}/interactions/{callUuid}/events},
 * docs/intake.md "Interaction events").
 *
 * @param eventId    the sender's id, unique within the interaction: the dedupe key, and the eventHistory
 *                   {@code eventId} (the guide writes {@code yyyy-MM-dd HH:mm:ss.SSS_<calluuid>}, L32961)
 * @param callUuid   the call leg the event belongs to (defaults to the interaction's call UUID)
 * @param contact    for party events, and optionally for {@link InteractionEventType#AFTER_CALL_WORK_DONE}
 * @param agentId    the party's agent id ({@code contact.agentId}), matched against a segment's
 *                   {@code parameters.agentId}
 * @param data       for {@link InteractionEventType#ATTACHED_DATA} and {@link InteractionEventType#ACW_CUSTOM_DATA}
 * @param callType   optional on {@link InteractionEventType#CALL_ENDED}
 */
public record InteractionEvent(String eventId, InteractionEventType type, Instant occurredAt, String callUuid,
                               Contact contact, String agentId, EventData data, CallType callType) {
    public InteractionEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (type.isParty() && contact == null) {
            throw new IllegalArgumentException(type.wireName() + " needs a contact");
        }
        if (type.carriesData() && data == null) {
            throw new IllegalArgumentException(type.wireName() + " needs data");
        }
    }
}
