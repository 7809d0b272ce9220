package io.callvault.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.store.SettingsStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A settings group ({@code /api/v2/settings/{group}}): its settings by name, and the guide's names that
 * callvault knows but does not use, each with the reason (so a request naming one gets an answer that helps).
 *
 * <p>A group either has a fixed list of named settings ({@code rps-provisioning}, {@code speechminer}, ...), or,
 * with {@link AnyName}, settings of any name its name check accepts, all with one definition: the
 * {@code gir-scheduler} group, whose settings are lifecycle rules named by their authors.
 *
 * @param anyName null for a group of fixed names
 */
public record SettingGroup(String name, List<SettingDefinition> settings, Map<String, String> notUsedHere,
                           AnyName anyName) {
    public SettingGroup {
        settings = List.copyOf(settings);
        notUsedHere = Map.copyOf(notUsedHere);
        if (anyName != null && !settings.isEmpty()) {
            throw new IllegalArgumentException("a group has either fixed names or any name, not both: " + name);
        }
    }

    /** A group of fixed names. */
    public SettingGroup(String name, List<SettingDefinition> settings, Map<String, String> notUsedHere) {
        this(name, settings, notUsedHere, null);
    }

    /**
     * Settings of any name (each {@code gir-scheduler} setting is a rule, named by its author).
     *
     * @param description    what a name is, for messages ("a rule name: ...")
     * @param names          checks a name: returns it, or throws {@link InvalidFieldException} on the field
     * @param definition     checks every value (its {@code name} describes the settings; it has no default)
     * @param index          the attributes each stored item carries for an index ({@code ScheduleIndex})
     * @param exactLocations a setting applies at its own location only, not below it (the guide's gir-scheduler
     *                       settings "are an exact match", L34208-L34227): a read of one location lists that
     *                       location's settings, without its ancestors'
     * @param maxSettings    how many settings (name and location pairs) one tenant may keep in the group
     */
    public record AnyName(String description, NameCheck names, SettingDefinition definition,
                          SettingsStore.IndexAttributes index, boolean exactLocations, int maxSettings) {}

    /** Checks a setting's name: returns it, or throws {@link InvalidFieldException} on {@code field}. */
    @FunctionalInterface
    public interface NameCheck {
        String check(String field, String name);
    }

    /** The definition of the setting called {@code settingName}, if the group has such a setting. */
    public Optional<SettingDefinition> setting(String settingName) {
        if (anyName != null) {
            try {
                anyName.names().check("name", settingName);
                return Optional.of(anyName.definition());
            } catch (InvalidFieldException notAName) {
                return Optional.empty();
            }
        }
        return settings.stream().filter(s -> s.name().equals(settingName)).findFirst();
    }

    /**
     * The definition of the setting called {@code settingName}, or an {@link InvalidFieldException} on {@code field}
     * that says why there is none (a name callvault does not use, a name not in the group, a malformed name).
     */
    public SettingDefinition definition(String field, String settingName) {
        if (anyName != null) {
            anyName.names().check(field, settingName);
            return anyName.definition();
        }
        return setting(settingName).orElseThrow(() -> {
            String notUsed = notUsedHere.get(settingName);
            return new InvalidFieldException(field, notUsed != null ? settingName + " is a setting of the guide's "
                    + name + " that callvault does not use: " + notUsed
                    : "is not a setting of " + name + " (got " + Excerpt.of(settingName) + "); the settings are "
                    + String.join(", ", settingNames()));
        });
    }

    /** What the settings' names may be, for messages: the fixed names, or the any-name description. */
    public String describeNames() {
        return anyName != null ? anyName.description() : "one of " + String.join(", ", settingNames());
    }

    /** The fixed names, in the group's order; empty for a group of any name. */
    public List<String> settingNames() {
        return settings.stream().map(SettingDefinition::name).toList();
    }

    /** Whether a setting applies at its own location only (reads list no ancestors). */
    public boolean exactLocations() {
        return anyName != null && anyName.exactLocations();
    }

    /** The attributes the stored item of this setting carries for an index; none for most groups. */
    public Map<String, String> indexAttributes(String ccid, String settingName, String location, JsonNode storedValue) {
        return anyName == null ? Map.of() : anyName.index().of(ccid, settingName, location, storedValue);
    }

    /** Name to default value, in the group's order, for settings that have one; empty for a group of any name. */
    public Map<String, JsonNode> defaults() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        settings.stream().filter(s -> s.defaultValue() != null).forEach(s -> out.put(s.name(), s.defaultValue().deepCopy()));
        return out;
    }
}
