package io.callvault.core.model;

import java.util.Locale;
import java.util.Optional;

/** eventHistory event kinds. The guide's table says {@code data}, its examples {@code Data}; we write the examples' form. */
public enum EventType {
    JOINED("Joined"), LEFT("Left"), DATA("Data");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWire(String text) {
        for (EventType t : values()) {
            if (t.wireName.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
