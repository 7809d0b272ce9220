package io.callvault.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Key casing of the media server's and the telephony side's JSON: the guide spells the same key several
 * ways ({@code mediaID}/{@code mediaId}, {@code calluuid}/{@code callUuid}/{@code callUUID},
 * {@code recordDn}/{@code recordDN}; spec intake.md §1.2 "Parse keys case-insensitively"). A folding maps
 * every accepted spelling, in any case, to one canonical name; unknown keys stay as they are.
 */
final class KeyCase {
    private final Map<String, String> canonical = new HashMap<>();

    private KeyCase() {}

    /** Each name is canonical and also accepted in any case. */
    static KeyCase of(String... names) {
        KeyCase k = new KeyCase();
        for (String n : names) {
            k.canonical.put(n.toLowerCase(Locale.ROOT), n);
        }
        return k;
    }

    /** Another spelling (in any case) of a canonical name. */
    KeyCase alias(String alias, String canonicalName) {
        canonical.put(alias.toLowerCase(Locale.ROOT), canonicalName);
        return this;
    }

    String canonicalOf(String key) {
        return canonical.getOrDefault(key.toLowerCase(Locale.ROOT), key);
    }

    /**
     * A copy of {@code node} with known keys under their canonical names. Two spellings of one key with the
     * same value merge; with different values the input is ambiguous and refused (values are never quoted).
     * A null value counts as absent.
     */
    ObjectNode fold(ObjectNode node, String path) {
        ObjectNode out = Json.object();
        Map<String, String> seenAs = new HashMap<>();
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            String name = canonicalOf(e.getKey());
            JsonNode value = e.getValue();
            JsonNode existing = out.get(name);
            if (existing == null || existing.isNull()) {
                out.set(name, value);
                seenAs.put(name, e.getKey());
            } else if (!value.isNull() && !existing.equals(value)) {
                throw new InvalidFieldException(path.isEmpty() ? name : path + "." + name,
                        "given twice with different values, as " + seenAs.get(name) + " and " + e.getKey());
            }
        }
        return out;
    }
}
