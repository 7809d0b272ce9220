package io.callvault.core.settings;

import io.callvault.core.enrich.EventDataFilters;
import io.callvault.core.enrich.RegexEventDataFilters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant's attached-data filters, the guide's {@code eventDataFilters} setting of {@code rps-provisioning}
 * (spec intake.md §2.3, guide L9683-L9718): an attached-data key (or an after-call-work custom-data key) is
 * dropped from the recording when its <em>name</em> matches the filter, unless it also matches the exception.
 *
 * <p>Defaults are the Voice Processor's (L9715-L9718, the spec's recommendation): filter
 * {@value #DEFAULT_FILTER}, exception {@value #DEFAULT_EXCEPTION}, for both kinds; the exception carries both
 * spellings the guide prints for the screen-recording state key ({@code GSRState} L9716, {@code GSRs_STATE}
 * L10225), as the enrichment's own defaults do. A tenant's own pattern
 * replaces the default of its slot ("this is the default value when the option is not specified", RPS
 * L7856); {@code disable…: true} switches a slot off (L9704-L9707). Whatever the tenant writes,
 * {@link #NEVER_DROPPED} keys stay: the guide says removing them breaks GIR (L7828-L7831, read as the real
 * {@code GRECORD_*} keys, spec §2.3).
 */
public final class TenantEventDataFilters implements EventDataFilters {
    public static final String DEFAULT_FILTER = RegexEventDataFilters.DEFAULT_FILTER;
    public static final String DEFAULT_EXCEPTION = RegexEventDataFilters.DEFAULT_EXCEPTION;
    /** Attached-data keys no filter removes: partitions, the SpeechMiner program, the recording file name. */
    public static final Set<String> NEVER_DROPPED = Set.of("GRECORD_PARTITIONS", "GRECORD_PROGRAM", "GSIP_REC_FN");

    /** The setting's fields: pattern name -> its disable flag. */
    private static final Map<String, String> SLOTS = Map.of(
            "attachedDataFilter", "disableAttachedDataFilter",
            "attachedDataFilterException", "disableAttachedDataFilterException",
            "acwCustomDataFilter", "disableAcwCustomDataFilter",
            "acwCustomDataFilterException", "disableAcwCustomDataFilterException");
    private static final List<String> ORDER = List.of("attachedDataFilter", "attachedDataFilterException",
            "acwCustomDataFilter", "acwCustomDataFilterException");
    private static final BoundedPattern FILTER = BoundedPattern.trusted(DEFAULT_FILTER);
    private static final BoundedPattern EXCEPTION = BoundedPattern.trusted(DEFAULT_EXCEPTION);
    private static final TenantEventDataFilters DEFAULTS = new TenantEventDataFilters(Json.object(),
            Optional.of(FILTER), Optional.of(EXCEPTION), Optional.of(FILTER), Optional.of(EXCEPTION));

    private final ObjectNode setting;
    private final Optional<BoundedPattern> attachedDataFilter;
    private final Optional<BoundedPattern> attachedDataFilterException;
    private final Optional<BoundedPattern> acwCustomDataFilter;
    private final Optional<BoundedPattern> acwCustomDataFilterException;

    private TenantEventDataFilters(ObjectNode setting, Optional<BoundedPattern> attachedDataFilter,
                             Optional<BoundedPattern> attachedDataFilterException,
                             Optional<BoundedPattern> acwCustomDataFilter,
                             Optional<BoundedPattern> acwCustomDataFilterException) {
        this.setting = setting;
        this.attachedDataFilter = attachedDataFilter;
        this.attachedDataFilterException = attachedDataFilterException;
        this.acwCustomDataFilter = acwCustomDataFilter;
        this.acwCustomDataFilterException = acwCustomDataFilterException;
    }

    /** What a tenant that never set {@code eventDataFilters} gets. */
    public static TenantEventDataFilters defaults() {
        return DEFAULTS;
    }

    /**
     * Validates a setting's value ({@code field} is its JSON path, e.g. {@code value}): an object of the
     * guide's eight fields only; patterns are non-empty, compile and stay within {@link BoundedPattern}'s
     * budget; flags are JSON booleans; a pattern and {@code true} for its own disable flag contradict.
     */
    public static TenantEventDataFilters parse(String field, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw new InvalidFieldException(field, "must be an object with some of " + String.join(", ", ORDER)
                    + " and their disable... flags");
        }
        ObjectNode normalized = Json.object();
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SLOTS.containsKey(name) && !SLOTS.containsValue(name)) {
                throw new InvalidFieldException(field + "." + SettingValues.fieldName(name), "is not a field of "
                        + "eventDataFilters; the fields are " + String.join(", ", ORDER) + " and "
                        + String.join(", ", ORDER.stream().map(SLOTS::get).toList()));
            }
        }
        List<Optional<BoundedPattern>> slots = new ArrayList<>();
        for (int i = 0; i < ORDER.size(); i++) {
            String name = ORDER.get(i);
            String disableName = SLOTS.get(name);
            JsonNode pattern = value.get(name);
            JsonNode disable = value.get(disableName);
            boolean disabled = false;
            if (disable != null && !disable.isNull()) {
                if (!disable.isBoolean()) {
                    throw new InvalidFieldException(field + "." + disableName, "must be true or false");
                }
                disabled = disable.booleanValue();
                normalized.put(disableName, disabled);
            }
            if (pattern != null && !pattern.isNull()) {
                if (!pattern.isTextual()) {
                    throw new InvalidFieldException(field + "." + name, "must be a regular expression (a string)");
                }
                if (disabled) {
                    throw new InvalidFieldException(field + "." + name, "is given while " + disableName
                            + " is true; give one or the other");
                }
                slots.add(Optional.of(BoundedPattern.compile(field + "." + name, pattern.textValue())));
                normalized.put(name, pattern.textValue());
            } else {
                slots.add(disabled ? Optional.empty() : Optional.of(i % 2 == 0 ? FILTER : EXCEPTION));
            }
        }
        return new TenantEventDataFilters(normalized, slots.get(0), slots.get(1), slots.get(2), slots.get(3));
    }

    /** Whether enrichment drops this attached-data (user data) key from the recording. */
    @Override
    public boolean dropsAttachedData(String key) {
        return drop(key, attachedDataFilter, attachedDataFilterException);
    }

    /** Whether enrichment drops this after-call-work custom-data key from the recording. */
    @Override
    public boolean dropsAcwCustomData(String key) {
        return drop(key, acwCustomDataFilter, acwCustomDataFilterException);
    }

    /**
     * A key on which the filter runs out of budget counts as matched and one on which the exception does
     * counts as not matched: the filter exists to keep data out, so in doubt the key stays out.
     */
    private static boolean drop(String key, Optional<BoundedPattern> filter, Optional<BoundedPattern> exception) {
        if (key == null || NEVER_DROPPED.contains(key) || filter.isEmpty()) {
            return false;
        }
        if (!matches(filter.get(), key, true)) {
            return false;
        }
        return exception.isEmpty() || !matches(exception.get(), key, false);
    }

    private static boolean matches(BoundedPattern pattern, String key, boolean whenOutOfBudget) {
        try {
            return pattern.find(key);
        } catch (BoundedPattern.BudgetExceededException e) {
            return whenOutOfBudget;
        }
    }

    /** The setting as the tenant wrote it (validated, only the fields given). */
    public ObjectNode setting() {
        return setting.deepCopy();
    }

    /** The patterns in force, {@code null} for a slot that is switched off. */
    public ObjectNode effective() {
        ObjectNode out = Json.object();
        List<Optional<BoundedPattern>> slots = List.of(attachedDataFilter, attachedDataFilterException,
                acwCustomDataFilter, acwCustomDataFilterException);
        for (int i = 0; i < ORDER.size(); i++) {
            out.put(ORDER.get(i), slots.get(i).map(BoundedPattern::source).orElse(null));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TenantEventDataFilters" + effective();
    }
}
