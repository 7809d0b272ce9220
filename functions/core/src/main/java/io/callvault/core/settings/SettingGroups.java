package io.callvault.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.lifecycle.ScheduleIndex;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings groups callvault serves (spec api-search.md §4; docs/settings.md): the guide's
 * {@code rps-provisioning} (the recording processor's per-tenant settings, which the enrichment reads),
 * {@code speechminer} (the analytics receiver), {@code recording-muxer} (the muxer's options) and
 * {@code gir-scheduler} (lifecycle rules, one setting per rule, of any name). Each setting has a validator and a
 * documented default.
 */
public final class SettingGroups {
    public static final String RPS_PROVISIONING = "rps-provisioning";
    public static final String SPEECHMINER = "speechminer";
    public static final String RECORDING_MUXER = "recording-muxer";
    /** Lifecycle rules (spec lifecycle.md §1.2): each setting is a rule, its name the rule's, matched by exact location. */
    public static final String GIR_SCHEDULER = LifecycleRuleCodec.GROUP;
    /** Rules (name and location pairs) one tenant may keep: the group is read whole, with one query, on every write. */
    public static final int MAX_RULES = 200;

    public static final String ACW_THRESHOLD_MINUTES = "acwThresholdMinutes";
    public static final String CALL_END_THRESHOLD_MINUTES = "callEndThresholdMinutes";
    public static final String EVENT_DATA_FILTERS = "eventDataFilters";
    public static final String INCLUDE_UNKNOWN_AGENT = "includeUnknownAgent";
    public static final String INTERACTION_RECEIVER = "interaction-receiver";
    public static final String CHECK_MATCHING_USERNAME = "checkMatchingUsername";
    public static final String MARK_SCREEN_RECORDING_LABEL = "markScreenRecordingLabel";
    public static final String SETTLE_SECONDS = "settleSeconds";
    public static final String MAX_WAIT_MINUTES = "maxWaitMinutes";
    /** The muxer's {@code window_past_older_than} (5 minutes, G:15850): inputs this young may still be joined by more. */
    public static final int DEFAULT_SETTLE_SECONDS = 300;
    /** How long a mux waits for a missing call or media before it gives up (the muxer's 720-minute window, doubled). */
    public static final int DEFAULT_MAX_WAIT_MINUTES = 1440;

    /** Longest wait a threshold may ask for: a day (the guide's GIM ETL gives up on user data after an hour, L9741). */
    public static final int MAX_THRESHOLD_MINUTES = 1440;
    /** The guide's default for the Voice Processor's {@code acwThresholdMinutes}: "The default value is zero" (L9722). */
    public static final int DEFAULT_ACW_THRESHOLD_MINUTES = 0;
    /** The guide's default for the RPS's {@code call_end_threshold_minutes} (L14966-L14970). */
    public static final int DEFAULT_CALL_END_THRESHOLD_MINUTES = 30;
    /** The guide's default for the RPS's {@code include_unknown_agent} (L14900-L14904). */
    public static final boolean DEFAULT_INCLUDE_UNKNOWN_AGENT = true;

    private final List<SettingGroup> groups;

    public SettingGroups(ReceiverUrls receiverUrls) {
        this.groups = List.of(rpsProvisioning(), speechMiner(receiverUrls), recordingMuxer(), girScheduler());
    }

    public Optional<SettingGroup> find(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return groups.stream().map(SettingGroup::name).toList();
    }

    public SettingGroup group(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no settings group " + name));
    }

    private static SettingGroup rpsProvisioning() {
        return new SettingGroup(RPS_PROVISIONING, List.of(
                new SettingDefinition(ACW_THRESHOLD_MINUTES, IntNode.valueOf(DEFAULT_ACW_THRESHOLD_MINUTES), List.of(),
                        (field, v) -> IntNode.valueOf(SettingValues.minutes(field, v, MAX_THRESHOLD_MINUTES)),
                        "L9720-L9731 (Voice Processor; the RPS's acw_threshold_minutes defaults to 5, L14868-L14874)"),
                new SettingDefinition(CALL_END_THRESHOLD_MINUTES, IntNode.valueOf(DEFAULT_CALL_END_THRESHOLD_MINUTES),
                        List.of(), (field, v) -> IntNode.valueOf(SettingValues.minutes(field, v, MAX_THRESHOLD_MINUTES)),
                        "L14966-L14972 (the RPS's call_end_threshold_minutes)"),
                new SettingDefinition(EVENT_DATA_FILTERS, TenantEventDataFilters.defaults().effective(), List.of(),
                        (field, v) -> TenantEventDataFilters.parse(field, v).setting(),
                        "L9683-L9718; spec intake.md §2.3"),
                new SettingDefinition(INCLUDE_UNKNOWN_AGENT, BooleanNode.valueOf(DEFAULT_INCLUDE_UNKNOWN_AGENT), List.of(),
                        (field, v) -> BooleanNode.valueOf(SettingValues.bool(field, v)),
                        "L14898-L14906 (the RPS's include_unknown_agent)")),
                Map.of("gimDb", "callvault takes call data from its own interaction event feed "
                                + "(/internal-api/contact-centers/{ccid}/interactions/{callUuid}/events), not from a GIM database",
                        "rwsPostRecBaseUri", "enrichment stores recordings in this stack's own recording store; "
                                + "there is no separate RWS to post to"));
    }

    /** The Recording Muxer's per-tenant options that still mean something when muxing is event-driven (spec muxer.md §5.4). */
    private static SettingGroup recordingMuxer() {
        return new SettingGroup(RECORDING_MUXER, List.of(
                new SettingDefinition(CHECK_MATCHING_USERNAME, BooleanNode.TRUE, List.of(),
                        (field, v) -> BooleanNode.valueOf(SettingValues.bool(field, v)), "G:15766-G:15774 (check_matching_username)"),
                new SettingDefinition(MARK_SCREEN_RECORDING_LABEL, BooleanNode.TRUE, List.of(),
                        (field, v) -> BooleanNode.valueOf(SettingValues.bool(field, v)), "G:16032-G:16040 (mark_screen_recording_label)"),
                new SettingDefinition(SETTLE_SECONDS, IntNode.valueOf(DEFAULT_SETTLE_SECONDS), List.of(),
                        (field, v) -> IntNode.valueOf(SettingValues.seconds(field, v, 86_400)),
                        "G:15850-G:15858 (window_past_older_than, in seconds here)"),
                new SettingDefinition(MAX_WAIT_MINUTES, IntNode.valueOf(DEFAULT_MAX_WAIT_MINUTES), List.of(),
                        (field, v) -> IntNode.valueOf(SettingValues.minutes(field, v, 10_080)),
                        "G:15840-G:15848 (window_past: how far back the muxer still looks)")),
                Map.of("encrypt_always", "callvault never stores plaintext media, so a muxed file is always encrypted "
                                + "to the tenant's deployed certificates (the guide's encrypt_always=1)",
                        "worker_threads", "each screen recording is muxed by its own function invocation (Map MaxConcurrency 4)",
                        "window_past", "muxing starts when the media is stored; the sweeper covers what a trigger missed"));
    }

    /**
     * The guide's Recording Lifecycle Scheduler settings (L32298-L32400, L34208-L34227): each setting a rule, of any
     * name {@link LifecycleRuleCodec#checkName} accepts, valued as {@link LifecycleRuleCodec} reads it, kept in
     * canonical form. An enabled rule's item carries the {@link ScheduleIndex} keys. No defaults: a tenant without
     * rules backs up and purges nothing.
     */
    private static SettingGroup girScheduler() {
        SettingDefinition rule = new SettingDefinition("(a lifecycle rule)", null, List.of(),
                (field, v) -> LifecycleRuleCodec.write(LifecycleRuleCodec.parse(field, v)),
                "L32298-L32400 (Recording Lifecycle Scheduler), L13562-L13585; spec lifecycle.md §1.2-§1.4, §5.1");
        return new SettingGroup(GIR_SCHEDULER, List.of(), Map.of(), new SettingGroup.AnyName(
                "a rule name: 1-" + LifecycleRuleCodec.MAX_NAME_CHARS + " letters, digits, spaces, . _ - "
                        + "(such as Daily Backup)",
                LifecycleRuleCodec::checkName, rule,
                (ccid, name, location, stored) -> ScheduleIndex.attributes(ccid, name, location,
                        LifecycleRuleCodec.parse("value", stored)),
                true, MAX_RULES));
    }

    private static SettingGroup speechMiner(ReceiverUrls urls) {
        return new SettingGroup(SPEECHMINER, List.of(
                new SettingDefinition(INTERACTION_RECEIVER, null, List.of("userName", "password"),
                        (field, v) -> receiver(field, v, urls), "L33952-L34110")),
                Map.of());
    }

    private static final List<String> RECEIVER_FIELDS = List.of("uri-prefix", "userName", "password");

    /** {@code {"uri-prefix": http(s) URL, "userName": ..., "password": ...}}, all three required, nothing else. */
    private static JsonNode receiver(String field, JsonNode v, ReceiverUrls urls) {
        if (v == null || !v.isObject()) {
            throw new InvalidFieldException(field, "must be an object {\"uri-prefix\": URL, \"userName\": ..., \"password\": ...}");
        }
        for (Iterator<String> names = v.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RECEIVER_FIELDS.contains(name)) {
                throw new InvalidFieldException(field + "." + SettingValues.fieldName(name),
                        "is not a field of interaction-receiver; the fields are uri-prefix, userName and password");
            }
        }
        String uri = SettingValues.text(field + ".uri-prefix", v.get("uri-prefix"), ReceiverUrls.MAX_LENGTH);
        ObjectNode out = Json.object();
        out.put("uri-prefix", urls.check(field + ".uri-prefix", uri).toString());
        out.put("userName", SettingValues.text(field + ".userName", v.get("userName"), 256));
        out.put("password", SettingValues.text(field + ".password", v.get("password"), 1024));
        return out;
    }
}
