package io.callvault.core.model;

import java.util.Optional;

/**
 * Kinds of interaction events the telephony side posts (the guide's ICON / Info Mart data, spec intake.md
 * §2.1): parties joining and leaving, attached data, ACW custom data, the end of the call and of the
 * after-call work. Wire names are matched without regard to case.
 */
public enum InteractionEventType {
    /** A party joined; carries a contact. Becomes an eventHistory {@code Joined}. */
    PARTY_JOINED("PartyJoined"),
    /** A party left; carries a contact. Becomes an eventHistory {@code Left}. */
    PARTY_LEFT("PartyLeft"),
    /** Attached data (user data) added, updated or deleted. Becomes a {@code Data} event, attached-data filter. */
    ATTACHED_DATA("AttachedData"),
    /**
     * After-call-work custom data (e.g. a disposition code). Becomes a {@code Data} event, ACW filter; left out
     * when it occurred after call end + {@code acwThresholdMinutes} (L9722-L9731).
     */
    ACW_CUSTOM_DATA("AcwCustomData"),
    /** The call ended (all legs, or this leg: the latest one counts). Times the readiness rule. */
    CALL_ENDED("CallEnded"),
    /** After-call work is done, for one agent (with a contact) or for the call (without). */
    AFTER_CALL_WORK_DONE("AfterCallWorkDone");

    private final String wireName;

    InteractionEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean carriesData() {
        return this == ATTACHED_DATA || this == ACW_CUSTOM_DATA;
    }

    public boolean isParty() {
        return this == PARTY_JOINED || this == PARTY_LEFT;
    }

    public static Optional<InteractionEventType> fromWire(String text) {
        for (InteractionEventType t : values()) {
            if (t.wireName.equalsIgnoreCase(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
