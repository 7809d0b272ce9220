package io.callvault.core.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A settings group ({@code /api/v2/settings/{group}}): its settings by name, and the guide's names that
 * callvault knows but does not use, each with the reason (so a request naming one gets an answer that helps).
 */
public record SettingGroup(String name, List<SettingDefinition> settings, Map<String, String> notUsedHere) {
    public SettingGroup {
        settings = List.copyOf(settings);
        notUsedHere = Map.copyOf(notUsedHere);
    }

    public Optional<SettingDefinition> setting(String settingName) {
        return settings.stream().filter(s -> s.name().equals(settingName)).findFirst();
    }

    public List<String> settingNames() {
        return settings.stream().map(SettingDefinition::name).toList();
    }

    /** Name to default value, in the group's order, for settings that have one. */
    public Map<String, com.fasterxml.jackson.databind.JsonNode> defaults() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new LinkedHashMap<>();
        settings.stream().filter(s -> s.defaultValue() != null).forEach(s -> out.put(s.name(), s.defaultValue().deepCopy()));
        return out;
    }
}
