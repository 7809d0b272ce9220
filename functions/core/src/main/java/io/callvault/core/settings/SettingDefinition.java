package io.callvault.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One named setting of a group: how its value is checked, what a tenant that never set it gets, and which
 * fields of its value are secrets (kept in Secrets Manager, masked as {@code ****} on every read).
 *
 * @param name         the setting's name, the group's key ({@code "key": "name"})
 * @param defaultValue what applies when no location holds it; null when nothing applies (the feature is off)
 * @param secretFields fields of the value (an object) that are stored as a secret, in the order they are shown
 * @param validator    checks a value ({@code field} is its JSON path) and returns the form stored
 * @param source       where the guide defines it, for documentation
 */
public record SettingDefinition(String name, JsonNode defaultValue, List<String> secretFields, Validator validator,
                                String source) {
    public SettingDefinition {
        secretFields = List.copyOf(secretFields);
    }

    /** Checks a value: throws {@link io.callvault.core.codec.InvalidFieldException} naming the field, or returns the value to store. */
    @FunctionalInterface
    public interface Validator {
        JsonNode validate(String field, JsonNode value);
    }
}
