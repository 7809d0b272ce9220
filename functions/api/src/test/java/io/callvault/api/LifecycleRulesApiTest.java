package io.callvault.api;

import static io.callvault.api.SettingsApiTest.fails;
import static io.callvault.api.SettingsApiTest.ok;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.settings.SettingGroups;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.LifecycleRuleStore;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lifecycle rules as the tenant's {@code gir-scheduler} settings group (spec lifecycle.md §1.2-§1.4, §5.1), through
 * the settings handler on DynamoDB Local: settings of any name, exact locations, the guide's example rules, the
 * refusals, tenant scope, and the {@code ScheduleIndex} keys the scheduler reads.
 */
class LifecycleRulesApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String T = SettingsApiTest.T;
    static final String O = SettingsApiTest.O;
    static final String G = SettingGroups.GIR_SCHEDULER;
    static final String NODE = "/US/CA/10.10.15.83";

    static final String VOICE_365 = "{'type':'voice','minAge':365,'maxAge':null}";
    static final String DAILY_BACKUP = "{'enabled':true,'schedule':{'repeatDailyAt':'22:00:00'},'tasks':[{'type':'backup',"
            + "'filter':{'type':'voice','minAge':1,'maxAge':2},"
            + "'parameters':{'location':'s3://backup-storage-for-voice','executeOnScreenRecording':true}}]}";
    static final String PURGE_OLD_FILES = "{'enabled':true,'schedule':{'repeatDailyAt':'02:00:00'},'tasks':[{'type':'purge',"
            + "'filter':" + VOICE_365 + ",'parameters':{'executeOnScreenRecording':true}}]}";
    static final String BACKUP_AND_PURGE = "{'enabled':true,'schedule':{'repeatDailyAt':'02:00:00'},'tasks':["
            + "{'type':'backup','filter':" + VOICE_365 + ",'parameters':{'location':'s3://backup-storage-for-voice/gir',"
            + "'executeOnScreenRecording':true}},{'type':'purge','filter':" + VOICE_365 + "}]}";

    final SettingsHandler handler = new SettingsHandler(ApiEvents.env(SettingsHandler.class));
    final LifecycleRuleStore rules = new LifecycleRuleStore(STACK.dynamo(), STACK.resourceName("ControlTable"));
    String ccid;
    Map<String, String> admin;
    Map<String, String> ops;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("rules-");
        admin = claims(ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        ops = claims("-", "ops", List.of("OPS"), List.of(), false);
    }

    /** Single quotes to double. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static String setting(String name, String location, String valueSingleQuoted) {
        ObjectNode s = Json.object().put("name", name);
        if (location != null) {
            s.put("location", location);
        }
        try {
            s.set("value", Json.parse(q(valueSingleQuoted)));
        } catch (Exception e) {
            throw new IllegalArgumentException(valueSingleQuoted, e);
        }
        return s.toString();
    }

    APIGatewayV2HTTPResponse call(String method, String route, Map<String, String> query, String body,
                                  Map<String, String> who) {
        Map<String, String> path = new HashMap<>();
        path.put("group", G);
        if (route.equals(O)) {
            path.put("ccid", ccid);
        }
        return handler.handleRequest(event(method + " " + route, path, query, body, who), null);
    }

    APIGatewayV2HTTPResponse post(String body) {
        return call("POST", T, null, body, admin);
    }

    APIGatewayV2HTTPResponse put(String body) {
        return call("PUT", T, null, body, admin);
    }

    JsonNode get(Map<String, String> query) {
        APIGatewayV2HTTPResponse r = call("GET", T, query, null, admin);
        ok(r);
        return json(r);
    }

    Map<String, AttributeValue> item(String name, String location) {
        return STACK.dynamo().getItem(b -> b.tableName(STACK.resourceName("ControlTable")).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#" + G),
                "SK", AttributeValue.fromS("NAME#" + name + "#LOC#" + location)))).item();
    }

    @Test
    void aTenantWithoutRulesReadsNoneAndNoDefaults() {
        JsonNode read = get(null);
        assertThat(read.get("settings")).isEmpty();
        assertThat(read.get("key").asText()).isEqualTo("name");
        assertThat(read.get("defaults").toString()).isEqualTo("{}");
        assertThat(get(Map.of("name", "Daily Backup")).get("defaults").toString()).isEqualTo("{}");
    }

    @Test
    void theGuidesThreeRulesAreCreatedReadUpdatedAndDeleted() {
        ok(post("[" + setting("Daily Backup", NODE, DAILY_BACKUP) + "," + setting("PurgeOldFiles", NODE, PURGE_OLD_FILES)
                + "," + setting("Backup and Purge", NODE, BACKUP_AND_PURGE) + "]"));
        JsonNode settings = get(null).get("settings");
        assertThat(settings).extracting(s -> s.get("name").asText())
                .containsExactly("Backup and Purge", "Daily Backup", "PurgeOldFiles");
        JsonNode daily = settings.get(1).get("values").get(0);
        assertThat(daily.get("location").asText()).isEqualTo(NODE);
        assertThat(daily.get("value")).as("every field written").isEqualTo(json1("{'enabled':true,'schedule':{'repeatDailyAt':"
                + "'22:00:00'},'region':null,'tasks':[{'type':'backup','filter':{'type':'voice','minAge':1,'maxAge':2,"
                + "'callType':null,'labels':{'include':[],'exclude':[]}},'parameters':{'location':"
                + "'s3://backup-storage-for-voice','executeOnScreenRecording':true}}]}"));
        fails(post(setting("Daily Backup", NODE, DAILY_BACKUP)), 409, null);

        // A GET value sent back with PUT is accepted as it is; here with a new time.
        ObjectNode changed = (ObjectNode) daily.get("value").deepCopy();
        ((ObjectNode) changed.get("schedule")).put("repeatDailyAt", "21:30");
        ok(put(Json.object().put("name", "Daily Backup").put("location", NODE).set("value", changed).toString()));
        assertThat(get(Map.of("name", "Daily Backup")).get("settings").get(0).get("values").get(0).get("value")
                .get("schedule").get("repeatDailyAt").asText()).isEqualTo("21:30:00");
        fails(put(setting("Daily Backup", "/US", DAILY_BACKUP)), 404, null);
        fails(put(setting("Weekly Backup", NODE, DAILY_BACKUP)), 404, null);

        ok(call("DELETE", T, Map.of("location", NODE), "{\"name\":\"Daily Backup\"}", admin));
        fails(call("DELETE", T, Map.of("location", NODE), "{\"name\":\"Daily Backup\"}", admin), 404, null);
        ok(call("DELETE", T, Map.of("location", NODE, "name", "PurgeOldFiles"), null, admin));
        assertThat(get(null).get("settings")).extracting(s -> s.get("name").asText()).containsExactly("Backup and Purge");

        var trail = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(ccid);
        assertThat(trail).extracting(AuditTrail.Entry::action).contains(
                "Create setting [gir-scheduler/Daily Backup] at [" + NODE + "]",
                "Create setting [gir-scheduler/Backup and Purge] at [" + NODE + "]",
                "Update setting [gir-scheduler/Daily Backup] at [" + NODE + "]",
                "Delete setting [gir-scheduler/Daily Backup] at [" + NODE + "]",
                "Delete setting [gir-scheduler/PurgeOldFiles] at [" + NODE + "]");
    }

    @Test
    void locationsMatchExactlyAsTheGuidesGirSchedulerSettingsDo() {
        // L34208-L34227: the rules at /US/CA are not used by the node /US/CA/10.10.15.83.
        ok(post("[" + setting("Daily Backup", "/US/CA", DAILY_BACKUP) + "," + setting("Daily Backup", NODE, DAILY_BACKUP)
                + "," + setting("PurgeOldFiles", "/", PURGE_OLD_FILES) + "]"));
        for (String ignoreParents : List.of("true", "false")) {
            JsonNode node = get(Map.of("location", NODE, "ignoreParentLocations", ignoreParents)).get("settings");
            assertThat(node).extracting(s -> s.get("name").asText()).containsExactly("Daily Backup");
            assertThat(node.get(0).get("values")).extracting(v -> v.get("location").asText()).containsExactly(NODE);
        }
        JsonNode all = get(Map.of("location", "*")).get("settings");
        assertThat(all.get(0).get("values")).extracting(v -> v.get("location").asText()).containsExactly("/US/CA", NODE);
        assertThat(get(Map.of("location", "/US/CA/10.10.15.84")).get("settings")).isEmpty();
    }

    @Test
    void enabledRulesAreInTheScheduleIndexAndDisabledOrDeletedOnesAreNot() {
        ok(post(setting("Backup and Purge", NODE, BACKUP_AND_PURGE)));
        Map<String, AttributeValue> item = item("Backup and Purge", NODE);
        assertThat(item.get("SCHED_PK").s()).isEqualTo("LIFECYCLE#" + NODE + "#02:00");
        assertThat(item.get("SCHED_SK").s()).isEqualTo(ccid + "#Backup and Purge");
        assertThat(rules.dueAt(NODE, LocalTime.of(2, 0))).filteredOn(r -> r.ccid().equals(ccid))
                .extracting(LifecycleRuleStore.StoredRule::name).containsExactly("Backup and Purge");

        ok(put(setting("Backup and Purge", NODE, BACKUP_AND_PURGE.replace("'enabled':true", "'enabled':false"))));
        assertThat(item("Backup and Purge", NODE)).doesNotContainKeys("SCHED_PK", "SCHED_SK");
        assertThat(rules.dueAt(NODE, LocalTime.of(2, 0))).noneMatch(r -> r.ccid().equals(ccid));
        assertThat(rules.find(ccid, "Backup and Purge", NODE).orElseThrow().rule().enabled()).isFalse();

        ok(put(setting("Backup and Purge", NODE, BACKUP_AND_PURGE.replace("02:00:00", "03:15:20"))));
        assertThat(item("Backup and Purge", NODE).get("SCHED_PK").s()).isEqualTo("LIFECYCLE#" + NODE + "#03:15");
        assertThat(rules.dueAt(NODE, LocalTime.of(3, 15))).filteredOn(r -> r.ccid().equals(ccid)).singleElement()
                .satisfies(r -> assertThat(r.rule().repeatDailyAt()).isEqualTo(LocalTime.of(3, 15, 20)));

        ok(call("DELETE", T, Map.of("location", NODE), "{\"name\":\"Backup and Purge\"}", admin));
        assertThat(item("Backup and Purge", NODE)).isNullOrEmpty();
        assertThat(rules.dueAt(NODE, LocalTime.of(3, 15))).noneMatch(r -> r.ccid().equals(ccid));
    }

    @Test
    void theGuidesWarningsAre400sNamingTheFieldAndWriteNothing() {
        String purgeFirst = "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'purge','filter':{}},"
                + "{'type':'backup','filter':{}}]}";
        fails(post(setting("Purge first", null, purgeFirst)), 400, "value.tasks[0].type");
        String twoPurges = "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}},"
                + "{'type':'purge','filter':{}},{'type':'purge','filter':{}}]}";
        fails(post(setting("Two purges", null, twoPurges)), 400, "value.tasks[2].type");
        String differing = "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{'minAge':365}},"
                + "{'type':'purge','filter':{'minAge':30}}]}";
        fails(post("[" + setting("Daily Backup", null, DAILY_BACKUP) + "," + setting("Differing", null, differing) + "]"),
                400, "[1].value.tasks[1].filter.minAge");
        String nextTask = "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{},"
                + "'onFailure':'nextTask'},{'type':'purge','filter':{}}]}";
        APIGatewayV2HTTPResponse r = post(setting("Next task", null, nextTask));
        fails(r, 400, "value.tasks[0].onFailure");
        assertThat(json(r).get("message").asText()).contains("L32394");
        APIGatewayV2HTTPResponse file = post(setting("Daily Backup", null,
                DAILY_BACKUP.replace("s3://backup-storage-for-voice", "file://BackUpStorageFolderforVoiceRecordings")));
        fails(file, 400, "value.tasks[0].parameters.location");
        assertThat(json(file).get("message").asText()).contains("S3");
        assertThat(get(null).get("settings")).as("nothing was written").isEmpty();
        // A purge-only rule is allowed, as in the guide.
        ok(post(setting("PurgeOldFiles", null, PURGE_OLD_FILES)));
    }

    @ParameterizedTest(name = "refused body [{0}]")
    @ValueSource(strings = {
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}],'x':1}}",
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'2am'},'tasks':[{'type':'backup','filter':{}}]}}",
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{'minAge':'1'}}]}}",
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{'maxAge':true}}]}}",
            "{'name':'r','value':{'enabled':'true','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}}",
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'02:00'},'tasks':[]}}",
            "{'name':'r','value':{'schedule':{'repeatDailyAt':'02:00'},'tasks':'backup'}}",
            "{'name':'r','value':'backup daily'}", "{'name':'r','value':[]}", "{'name':'r','value':7}", "{'name':'r'}",
            "{'name':'r','value':null}", "{'value':{}}", "{'name':7,'value':{}}", "{'name':'','value':{}}",
            "{'name':' r','value':{}}", "{'name':'r ','value':{}}", "{'name':'r#1','value':{}}", "{'name':'r/1','value':{}}",
            "{'name':'r\\u0000','value':{}}", "{'name':'r\\n','value':{}}", "{'name':'r\\u202e','value':{}}",
            "{'name':'r','location':'*','value':{}}", "{'name':'r','location':'US','value':{}}",
            "{'name':'r','location':'/US/../CA','value':{}}", "{'name':'r','location':7,'value':{}}",
            "{'name':'r','value':{}", "{'name':'r','name':'s','value':{}}", "[]", "7", "null", "\"r\"", ""})
    void malformedWrongTypeAndHostileBodiesAre400AndWriteNothing(String singleQuoted) {
        APIGatewayV2HTTPResponse r = post(singleQuoted.isEmpty() ? null : q(singleQuoted));
        fails(r, 400, null);
        assertThat(get(null).get("settings")).isEmpty();
    }

    @Test
    void tenThousandCharacterNamesLocationsAndValuesAreRefusedWithoutBeingEchoed() {
        APIGatewayV2HTTPResponse longName = post(Json.object().put("name", "n\u0001".repeat(5_000))
                .set("value", Json.object()).toString());
        fails(longName, 400, "name");
        assertThat(longName.getBody().length()).isLessThan(1000);
        fails(post(Json.object().put("name", "r".repeat(10_000)).set("value", Json.object()).toString()), 400, "name");
        fails(post(setting("r", "/" + "a".repeat(10_000), DAILY_BACKUP)), 400, "location");
        // A value over 16 KiB of JSON.
        ObjectNode huge = Json.object().put("name", "r");
        ObjectNode value = huge.putObject("value");
        value.putObject("schedule").put("repeatDailyAt", "02:00");
        value.putArray("tasks").addObject().put("type", "backup").putObject("filter").put("x", "y".repeat(20_000));
        fails(post(huge.toString()), 400, "value");
        // Unknown fields: 3,000 characters with control characters and terminal escapes, and 10,000 characters.
        for (String key : List.of("k\u0000\u001b[31m".repeat(500), "x".repeat(10_000))) {
            ObjectNode hostile = Json.object().put("name", "r");
            ObjectNode v = hostile.putObject("value");
            v.putObject("schedule").put("repeatDailyAt", "02:00");
            v.putArray("tasks").addObject().put("type", "backup").putObject("filter");
            v.put(key, 1);
            APIGatewayV2HTTPResponse unknown = post(hostile.toString());
            fails(unknown, 400, null);
            assertThat(json(unknown).get("field").asText()).startsWith("value.\"" + key.charAt(0));
            assertThat(unknown.getBody().length()).isLessThan(1000);
        }
        // A 10,000-character label.
        fails(post(setting("r", null, "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{'labels':"
                + "{'include':['" + "l".repeat(10_000) + "']}}}]}")), 400, "value.tasks[0].filter.labels.include[0]");
        assertThat(get(null).get("settings")).isEmpty();
        fails(call("GET", T, Map.of("name", "x\u0000"), null, admin), 400, "name");
        fails(call("DELETE", T, Map.of("location", "/", "name", "y".repeat(10_000)), null, admin), 400, "name");
    }

    @Test
    void aRequestWritesAtMostTwentyFiveRulesAndATenantKeepsAtMostTwoHundred() {
        ArrayNode many = Json.array();
        for (int i = 0; i < 26; i++) {
            many.add(Json.object().put("name", "rule " + i).set("value", LifecycleRuleCodec.write(
                    LifecycleRuleCodec.parse("value", json1(PURGE_OLD_FILES)))));
        }
        fails(post(many.toString()), 400, null);
        many.remove(25);
        for (int batch = 0; batch < SettingGroups.MAX_RULES / 25; batch++) {
            int b = batch;
            many.forEach(s -> ((ObjectNode) s).put("location", "/l" + b));
            ok(post(many.toString()));
        }
        APIGatewayV2HTTPResponse full = post(setting("one more", null, PURGE_OLD_FILES));
        fails(full, 409, null);
        assertThat(json(full).get("message").asText()).contains("at most 200");
        ok(call("DELETE", T, Map.of("location", "/l0", "name", "rule 0"), null, admin));
        ok(post(setting("one more", null, PURGE_OLD_FILES)));
    }

    static JsonNode json1(String singleQuoted) {
        try {
            return Json.parse(q(singleQuoted));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void anotherTenantsAdminNeitherSeesNorChangesTheRules() {
        ok(post(setting("Daily Backup", NODE, DAILY_BACKUP)));
        Map<String, String> other = claims(UUID.randomUUID().toString(), "other", List.of("CONTACT_CENTER_ADMIN"),
                List.of(), false);
        assertThat(json(call("GET", T, null, null, other)).get("settings")).isEmpty();
        fails(call("PUT", T, null, setting("Daily Backup", NODE, PURGE_OLD_FILES), other), 404, null);
        fails(call("DELETE", T, Map.of("location", NODE), "{\"name\":\"Daily Backup\"}", other), 404, null);
        // The other tenant's own rule of the same name is its own.
        ok(call("POST", T, null, setting("Daily Backup", NODE, PURGE_OLD_FILES), other));
        assertThat(get(null).get("settings").get(0).get("values").get(0).get("value").get("schedule")
                .get("repeatDailyAt").asText()).isEqualTo("22:00:00");
        for (Map<String, String> who : List.of(
                claims(ccid, "k", List.of("RECORDING_KEY_ADMIN", "RECORDING_READ"), List.of("/"), false),
                claims(ccid, "agent", List.of(), List.of(), true), ops)) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                fails(call(method, T, Map.of("location", NODE), setting("Daily Backup", NODE, DAILY_BACKUP), who), 403, null);
            }
        }
        assertThat(call("GET", T, null, null, null).getStatusCode()).isEqualTo(401);
        // A tenant admin has no ops scope; ops reach the path's tenant.
        fails(call("GET", O, null, null, admin), 403, null);
        ok(call("PUT", O, null, setting("Daily Backup", NODE, DAILY_BACKUP.replace("22:00:00", "22:05:00")), ops));
        assertThat(json(call("GET", O, Map.of("name", "Daily Backup"), null, ops)).get("settings").get(0).get("values")
                .get(0).get("value").get("schedule").get("repeatDailyAt").asText()).isEqualTo("22:05:00");
    }
}
