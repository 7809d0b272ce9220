package io.callvault.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.core.store.StoredSetting;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tenant settings the enrichment pipeline reads, resolved for this stack's node path and cached.
 *
 * <p>Each group of a tenant is read with one query and resolved hierarchically (the value at the deepest of
 * {@code NODE_PATH} and its ancestors; spec api-search.md §5.3), then kept for {@link #TTL} (the guide's
 * {@code contactCenterSettingsTTL} of 30 s): a change through the settings API reaches every warm function
 * within 30 seconds. A setting nobody set has its documented default ({@link SettingGroups}). A stored value
 * that no longer validates is an {@link IllegalStateException} naming the setting, never a silent default.
 * Thread-safe; one instance per execution environment.
 */
public final class TenantSettings {
    public static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_CACHED_TENANTS = 10_000;

    private final SettingsStore store;
    private final SettingSecretVault vault;
    private final SettingGroups groups;
    private final List<String> locations;
    private final Clock clock;
    private final Map<String, Cached<Provisioning>> provisioning = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<InteractionReceiver>>> receivers = new ConcurrentHashMap<>();
    private final Map<String, Cached<MuxerSettings>> muxer = new ConcurrentHashMap<>();

    /** The tenant's {@code recording-muxer} settings, defaults filled in. */
    public record MuxerSettings(boolean checkMatchingUsername, boolean markScreenRecordingLabel, Duration settle,
                                Duration maxWait) {}

    /** What {@code rps-provisioning} resolves to for one tenant. */
    private record Provisioning(Duration acwThreshold, Duration callEndThreshold, TenantEventDataFilters filters,
                                boolean includeUnknownAgent) {}

    private record Cached<T>(T value, Instant expires) {}

    /**
     * @param nodePath this stack's location in the settings hierarchy ({@code /} when it has none)
     * @param clock    decides when cached entries expire (tests pass a clock they move)
     */
    public TenantSettings(SettingsStore store, SettingSecretVault vault, ReceiverUrls receiverUrls, String nodePath,
                          Clock clock) {
        this.store = store;
        this.vault = vault;
        this.groups = new SettingGroups(receiverUrls);
        this.locations = SettingLocations.selfAndAncestors(SettingLocations.check("NODE_PATH", nodePath));
        this.clock = clock;
    }

    /** From a function's environment: {@code CONTROL_TABLE}, {@code NODE_PATH} (default {@code /}), the AWS clients. */
    public static TenantSettings from(FunctionEnvironment env) {
        return new TenantSettings(
                new SettingsStore(AwsClients.dynamoDb(env), env.require("CONTROL_TABLE"), Clock.systemUTC()),
                new SettingSecretVault(AwsClients.secretsManager(env)), ReceiverUrls.from(env),
                env.get("NODE_PATH").orElse(SettingLocations.ROOT), Clock.systemUTC());
    }

    /** How long after the call ends enrichment waits for after-call-work data ({@code acwThresholdMinutes}, default 0). */
    public Duration acwThreshold(String ccid) {
        return provisioning(ccid).acwThreshold();
    }

    /** How long after the call ends the analytics receiver is posted to ({@code callEndThresholdMinutes}, default 30). */
    public Duration callEndThreshold(String ccid) {
        return provisioning(ccid).callEndThreshold();
    }

    /** The attached-data filters in force ({@code eventDataFilters}; the guide's Voice Processor defaults). */
    public TenantEventDataFilters eventDataFilters(String ccid) {
        return provisioning(ccid).filters();
    }

    /** Whether an event whose agent is not known gets user name {@code UNKNOWN} ({@code includeUnknownAgent}, default true). */
    public boolean includeUnknownAgent(String ccid) {
        return provisioning(ccid).includeUnknownAgent();
    }

    /** The analytics receiver with its credentials, or empty when the tenant has none (then nothing is posted). */
    public Optional<InteractionReceiver> interactionReceiver(String ccid) {
        return cached(receivers, ccid, this::loadReceiver);
    }

    /** The tenant's muxer options ({@code recording-muxer} group). */
    public MuxerSettings muxer(String ccid) {
        return cached(muxer, ccid, this::loadMuxer);
    }

    /** Forgets what is cached for the tenant (the next read goes to the table). */
    public void invalidate(String ccid) {
        provisioning.remove(ccid);
        receivers.remove(ccid);
        muxer.remove(ccid);
    }

    private MuxerSettings loadMuxer(String ccid) {
        SettingGroup group = groups.group(SettingGroups.RECORDING_MUXER);
        Map<String, StoredSetting> resolved = resolve(store.list(ccid, group.name()));
        return new MuxerSettings(
                value(ccid, group, resolved, SettingGroups.CHECK_MATCHING_USERNAME).booleanValue(),
                value(ccid, group, resolved, SettingGroups.MARK_SCREEN_RECORDING_LABEL).booleanValue(),
                Duration.ofSeconds(value(ccid, group, resolved, SettingGroups.SETTLE_SECONDS).intValue()),
                Duration.ofMinutes(value(ccid, group, resolved, SettingGroups.MAX_WAIT_MINUTES).intValue()));
    }

    private Provisioning provisioning(String ccid) {
        return cached(provisioning, ccid, this::loadProvisioning);
    }

    private <T> T cached(Map<String, Cached<T>> cache, String ccid, Function<String, T> load) {
        Instant now = clock.instant();
        Cached<T> hit = cache.get(ccid);
        if (hit != null && now.isBefore(hit.expires())) {
            return hit.value();
        }
        T value = load.apply(ccid);
        if (cache.size() >= MAX_CACHED_TENANTS) {
            cache.values().removeIf(c -> !now.isBefore(c.expires()));
        }
        cache.put(ccid, new Cached<>(value, now.plus(TTL)));
        return value;
    }

    private Provisioning loadProvisioning(String ccid) {
        SettingGroup group = groups.group(SettingGroups.RPS_PROVISIONING);
        Map<String, StoredSetting> resolved = resolve(store.list(ccid, group.name()));
        return new Provisioning(
                Duration.ofMinutes(value(ccid, group, resolved, SettingGroups.ACW_THRESHOLD_MINUTES).intValue()),
                Duration.ofMinutes(value(ccid, group, resolved, SettingGroups.CALL_END_THRESHOLD_MINUTES).intValue()),
                resolved.containsKey(SettingGroups.EVENT_DATA_FILTERS)
                        ? parse(ccid, group, resolved.get(SettingGroups.EVENT_DATA_FILTERS),
                                v -> TenantEventDataFilters.parse("value", v))
                        : TenantEventDataFilters.defaults(),
                value(ccid, group, resolved, SettingGroups.INCLUDE_UNKNOWN_AGENT).booleanValue());
    }

    private Optional<InteractionReceiver> loadReceiver(String ccid) {
        SettingGroup group = groups.group(SettingGroups.SPEECHMINER);
        StoredSetting stored = resolve(store.list(ccid, group.name())).get(SettingGroups.INTERACTION_RECEIVER);
        if (stored == null) {
            return Optional.empty();
        }
        ObjectNode value = stored.value().deepCopy();
        if (stored.secretName() != null) {
            value.setAll(vault.read(stored.secretName()));
        }
        JsonNode checked = parse(ccid, group, stored,
                v -> group.setting(SettingGroups.INTERACTION_RECEIVER).orElseThrow().validator().validate("value", v), value);
        return Optional.of(new InteractionReceiver(URI.create(checked.get("uri-prefix").textValue()),
                checked.get("userName").textValue(), checked.get("password").textValue(), stored.location()));
    }

    /** Per name, the stored setting at the deepest of this stack's location and its ancestors. */
    private Map<String, StoredSetting> resolve(List<StoredSetting> stored) {
        Map<String, StoredSetting> out = new HashMap<>();
        for (StoredSetting s : stored) {
            int depth = locations.indexOf(s.location());
            if (depth < 0) {
                continue;
            }
            StoredSetting best = out.get(s.name());
            if (best == null || depth < locations.indexOf(best.location())) {
                out.put(s.name(), s);
            }
        }
        return out;
    }

    /** The stored value checked by its definition's validator, else the definition's default. */
    private JsonNode value(String ccid, SettingGroup group, Map<String, StoredSetting> resolved, String name) {
        SettingDefinition definition = group.setting(name).orElseThrow();
        StoredSetting stored = resolved.get(name);
        return stored == null ? definition.defaultValue() : parse(ccid, group, stored, v -> definition.validator().validate("value", v));
    }

    private static <T> T parse(String ccid, SettingGroup group, StoredSetting stored, Function<JsonNode, T> parser) {
        return parse(ccid, group, stored, parser, stored.value());
    }

    private static <T> T parse(String ccid, SettingGroup group, StoredSetting stored, Function<JsonNode, T> parser,
                               JsonNode value) {
        try {
            return parser.apply(value);
        } catch (InvalidFieldException e) {
            throw new IllegalStateException("contact center " + ccid + " has an invalid setting " + group.name() + "/"
                    + stored.name() + " at " + stored.location() + ": " + e.getMessage()
                    + "; correct it through /api/v2/settings/" + group.name());
        }
    }
}
