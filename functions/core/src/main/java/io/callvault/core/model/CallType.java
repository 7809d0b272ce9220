package io.callvault.core.model;

import java.util.Optional;

/** The guide's call types (L32767), usable as a lifecycle filter. */
public enum CallType {
    UNKNOWN("Unknown"), INBOUND("Inbound"), OUTBOUND("Outbound"), INTERNAL("Internal"), CONSULT("Consult");

    private final String wireName;

    CallType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CallType> fromWire(String text) {
        for (CallType t : values()) {
            if (t.wireName.equalsIgnoreCase(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
