package io.callvault.api;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.store.AuditTrail;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The guide's settings groups API (spec api-search.md §1.3, §4; L33572-L34248) through the handler, on DynamoDB
 * Local and the Secrets Manager stand-in: {@code rps-provisioning} and {@code speechminer}, tenant and ops scope.
 */
class SettingsApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String T = "/api/v2/settings/{group}";
    static final String O = "/api/v2/ops/contact-centers/{ccid}/settings/{group}";
    static final String RPS = "rps-provisioning";
    static final String SM = "speechminer";
    static final SecretsManagerClient SECRETS = AwsClients.secretsManager(new FunctionEnvironment(STACK.awsEnvironment()));

    final SettingsHandler handler = new SettingsHandler(ApiEvents.env(SettingsHandler.class));
    String ccid;
    Map<String, String> admin;
    Map<String, String> ops;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("settings-");
        admin = claims(ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        ops = claims("-", "ops", List.of("OPS"), List.of(), false);
    }

    APIGatewayV2HTTPResponse call(String method, String route, String group, Map<String, String> query, String body,
                                  Map<String, String> who) {
        Map<String, String> path = new HashMap<>();
        path.put("group", group);
        if (route.equals(O)) {
            path.put("ccid", ccid);
        }
        return handler.handleRequest(event(method + " " + route, path, query, body, who), null);
    }

    APIGatewayV2HTTPResponse post(String group, String body) {
        return call("POST", T, group, null, body, admin);
    }

    APIGatewayV2HTTPResponse put(String group, String body) {
        return call("PUT", T, group, null, body, admin);
    }

    JsonNode get(String group, Map<String, String> query) {
        APIGatewayV2HTTPResponse r = call("GET", T, group, query, null, admin);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return json(r);
    }

    static String setting(String name, String location, String valueJson) {
        return "{\"name\":\"" + name + "\"," + (location == null ? "" : "\"location\":\"" + location + "\",")
                + "\"value\":" + valueJson + "}";
    }

    static String receiver(String uri, String user, String password) {
        return Json.object().put("uri-prefix", uri).put("userName", user).put("password", password).toString();
    }

    static void ok(APIGatewayV2HTTPResponse r) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    static void fails(APIGatewayV2HTTPResponse r, int status, String field) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("statusCode").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(body.path("field").asText()).as(r.getBody()).isEqualTo(field);
        }
        // Never a raw echo: messages are short and carry no control characters.
        assertThat(body.get("message").asText().length()).as(r.getBody()).isLessThan(700);
        assertThat(r.getBody()).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]");
    }

    @Test
    void aTenantThatSetNothingReadsNoSettingsAndTheDocumentedDefaults() {
        JsonNode rps = get(RPS, null);
        assertThat(rps.get("settings")).isEmpty();
        assertThat(rps.get("key").asText()).isEqualTo("name");
        JsonNode defaults = rps.get("defaults");
        assertThat(defaults.get("acwThresholdMinutes").asInt()).as("VP default, L9722").isZero();
        assertThat(defaults.get("callEndThresholdMinutes").asInt()).as("RPS default, L14970").isEqualTo(30);
        assertThat(defaults.get("includeUnknownAgent").asBoolean()).as("RPS default, L14902").isTrue();
        assertThat(defaults.get("eventDataFilters").get("attachedDataFilter").asText()).isEqualTo("^ORSI:|^WWE|^PegAG");
        assertThat(defaults.get("eventDataFilters").get("acwCustomDataFilterException").asText())
                .isEqualTo("^(GRECORD_(PARTITIONS|PROGRAM)|GSRState|GSRs_STATE|GSIP_REC_FN)$");
        JsonNode sm = get(SM, Map.of("location", "*", "ignoreParentLocations", "true"));
        assertThat(sm.get("settings")).isEmpty();
        assertThat(sm.get("defaults")).isEmpty();
    }

    @Test
    void createReadUpdateAndDeleteASettingAsTheGuideDoes() {
        APIGatewayV2HTTPResponse created = post(RPS, setting("acwThresholdMinutes", null, "5"));
        ok(created);
        assertThat(json(created).get("settings").toString())
                .isEqualTo("[{\"name\":\"acwThresholdMinutes\",\"values\":[{\"location\":\"/\",\"value\":5}]}]");
        fails(post(RPS, setting("acwThresholdMinutes", "/", "6")), 409, null);

        ok(put(RPS, setting("acwThresholdMinutes", "/", "\"10\"")));
        assertThat(get(RPS, null).get("settings").get(0).get("values").get(0).get("value").asInt()).isEqualTo(10);
        fails(put(RPS, setting("acwThresholdMinutes", "/US", "1")), 404, null);

        // The guide's delete: location in the query, the name in the body.
        ok(call("DELETE", T, RPS, Map.of("location", "/"), "{\"name\":\"acwThresholdMinutes\"}", admin));
        fails(call("DELETE", T, RPS, Map.of("location", "/"), "{\"name\":\"acwThresholdMinutes\"}", admin), 404, null);
        assertThat(get(RPS, null).get("settings")).isEmpty();
        // Or the name in the query, no body.
        ok(post(RPS, setting("includeUnknownAgent", "/EU", "false")));
        fails(call("DELETE", T, RPS, Map.of("location", "*", "name", "includeUnknownAgent"), null, admin), 400, "location");
        fails(call("DELETE", T, RPS, Map.of("location", "/EU", "name", "includeUnknownAgent"), "{\"name\":\"acwThresholdMinutes\"}",
                admin), 400, "name");
        ok(call("DELETE", T, RPS, Map.of("location", "/EU", "name", "includeUnknownAgent"), null, admin));
        fails(call("DELETE", T, RPS, null, null, admin), 400, "name");
    }

    @Test
    void theVoiceProcessorsPostOfSeveralSettingsIsAllOrNothing() {
        String bad = "[" + setting("acwThresholdMinutes", null, "5") + "," + setting("eventDataFilters", null,
                "{\"attachedDataFilter\":\"^ORSI:|^WWE|^Secret\"}") + "," + setting("callEndThresholdMinutes", null, "\"x\"") + "]";
        fails(post(RPS, bad), 400, "[2].value");
        assertThat(get(RPS, null).get("settings")).as("nothing was written").isEmpty();

        String good = bad.replace("\"x\"", "45");
        ok(post(RPS, good));
        JsonNode settings = get(RPS, null).get("settings");
        assertThat(settings).extracting(s -> s.get("name").asText())
                .containsExactly("acwThresholdMinutes", "callEndThresholdMinutes", "eventDataFilters");
        assertThat(settings.get(2).get("values").get(0).get("value").toString())
                .isEqualTo("{\"attachedDataFilter\":\"^ORSI:|^WWE|^Secret\"}");
        // One existing setting in a batch makes the whole batch a 409, and nothing of it is written.
        fails(post(RPS, "[" + setting("includeUnknownAgent", null, "false") + "," + setting("acwThresholdMinutes", null, "1")
                + "]"), 409, null);
        assertThat(get(RPS, Map.of("name", "includeUnknownAgent")).get("settings")).isEmpty();
    }

    @Test
    void locationsResolveHierarchicallyAndTheReadTakesTheGuidesParameters() {
        ok(post(RPS, "[" + setting("acwThresholdMinutes", "/", "1") + "," + setting("acwThresholdMinutes", "/US", "2") + ","
                + setting("acwThresholdMinutes", "/US/CA", "3") + "," + setting("callEndThresholdMinutes", "/US", "20") + "]"));
        JsonNode all = get(RPS, Map.of("location", "*", "ignoreParentLocations", "true")).get("settings");
        assertThat(all.get(0).get("values")).extracting(v -> v.get("location").asText()).containsExactly("/", "/US", "/US/CA");

        JsonNode node = get(RPS, Map.of("location", "/US/CA/10.10.15.83", "ignoreParentLocations", "false")).get("settings");
        assertThat(node.get(0).get("values")).as("deepest first: the first applies")
                .extracting(v -> v.get("location").asText()).containsExactly("/US/CA", "/US", "/");
        assertThat(node.get(1).get("values")).extracting(v -> v.get("value").asInt()).containsExactly(20);

        assertThat(get(RPS, Map.of("location", "/US/CA/10.10.15.83", "ignoreParentLocations", "true")).get("settings")).isEmpty();
        assertThat(get(RPS, Map.of("location", "/US", "ignoreParentLocations", "true", "name", "acwThresholdMinutes"))
                .get("settings").toString())
                .isEqualTo("[{\"name\":\"acwThresholdMinutes\",\"values\":[{\"location\":\"/US\",\"value\":2}]}]");
        fails(call("GET", T, RPS, Map.of("ignoreParentLocations", "yes"), null, admin), 400, "ignoreParentLocations");
        fails(call("GET", T, RPS, Map.of("location", "US"), null, admin), 400, "location");
        fails(call("GET", T, RPS, Map.of("name", "nope"), null, admin), 400, "name");
    }

    @Test
    void receiverCredentialsGoToSecretsManagerAndEveryReadMasksThem() {
        String password = "pw-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse created = post(SM, setting("interaction-receiver", "/US/CA",
                receiver("https://sm.example.com/interactionreceiver", "sm-user", password)));
        ok(created);
        String masked = "{\"uri-prefix\":\"https://sm.example.com/interactionreceiver\",\"userName\":\"****\",\"password\":\"****\"}";
        assertThat(json(created).get("settings").get(0).get("values").get(0).get("value").toString()).isEqualTo(masked);
        APIGatewayV2HTTPResponse read = call("GET", T, SM, Map.of("location", "*", "ignoreParentLocations", "true"), null, admin);
        assertThat(json(read).get("settings").get(0).get("values").get(0).get("value").toString()).isEqualTo(masked);
        assertThat(read.getBody() + created.getBody()).doesNotContain(password, "sm-user");

        // The table holds a reference, never the credentials; the secret holds them.
        Map<String, AttributeValue> item = item(SM, "interaction-receiver", "/US/CA");
        assertThat(item.toString()).doesNotContain(password, "sm-user");
        String secretName = item.get("secretName").s();
        assertThat(secretName).startsWith("callvault/" + ccid + "/settings/speechminer/interaction-receiver/");
        assertThat(secret(secretName)).contains(password, "sm-user");

        // A GET body sent back (masked) keeps the stored credentials and changes the URL; the old secret is gone.
        ok(put(SM, setting("interaction-receiver", "/US/CA",
                receiver("https://sm2.example.com/ir", "****", "****"))));
        String second = item(SM, "interaction-receiver", "/US/CA").get("secretName").s();
        assertThat(second).isNotEqualTo(secretName);
        assertThat(secret(second)).contains(password, "sm-user");
        assertThatThrownBy(() -> secret(secretName)).isInstanceOf(ResourceNotFoundException.class);
        // A new password replaces the stored one; the user name sent masked stays.
        ok(put(SM, setting("interaction-receiver", "/US/CA", receiver("https://sm2.example.com/ir", "****", "new-pw"))));
        String third = item(SM, "interaction-receiver", "/US/CA").get("secretName").s();
        assertThat(secret(third)).contains("new-pw", "sm-user").doesNotContain(password);

        // The mask cannot create anything.
        fails(post(SM, setting("interaction-receiver", "/US/OR", receiver("https://sm.example.com/ir", "u", "****"))),
                400, "value.password");
        // Deleting the setting deletes its secret.
        ok(call("DELETE", T, SM, Map.of("location", "/US/CA"), "{\"name\":\"interaction-receiver\"}", admin));
        assertThatThrownBy(() -> secret(third)).isInstanceOf(ResourceNotFoundException.class);

        var trail = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(ccid);
        assertThat(trail).extracting(AuditTrail.Entry::action).contains(
                "Create setting [speechminer/interaction-receiver] at [/US/CA]",
                "Update setting [speechminer/interaction-receiver] at [/US/CA]",
                "Delete setting [speechminer/interaction-receiver] at [/US/CA]");
        assertThat(trail.toString()).doesNotContain(password, "new-pw", "sm-user");
        assertThat(trail).allSatisfy(e -> assertThat(e.actor()).isEqualTo("cc-admin"));
    }

    /** SSRF: the notifier must never be pointed at metadata, link-local or loopback addresses (ReceiverUrls). */
    @ParameterizedTest(name = "refused receiver [{0}]")
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://169.254.170.2/v2/credentials", "http://[fd00:ec2::254]/latest/", "http://[::ffff:169.254.169.254]/",
            "http://2852039166/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/", "http://metadata.google.internal/",
            "http://0.0.0.0:9001/", "http://[fe80::1]/", "file:///etc/passwd", "gopher://sm:70/", "http://u:p@sm.example.com/",
            "https://sm.example.com/#x", "not a url", "http://sm.example.com/\u0001"})
    void receiversThatWouldPointCallvaultAtInternalEndpointsAreRefused(String uri) {
        fails(post(SM, setting("interaction-receiver", null, receiver(uri, "u", "p"))), 400, "value.uri-prefix");
        assertThat(get(SM, null).get("settings")).isEmpty();
    }

    @Test
    void loopbackReceiversAreForTheLocalRuntimeOnly() {
        ok(post(SM, setting("interaction-receiver", "/local", receiver("http://127.0.0.1:8099/ir", "u", "p"))));
        Map<String, String> awsLike = new HashMap<>(STACK.environmentOfHandler(SettingsHandler.class.getName()));
        awsLike.remove("RECEIVER_ALLOW_LOOPBACK");
        SettingsHandler deployed = new SettingsHandler(new FunctionEnvironment(awsLike));
        for (String uri : List.of("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "http://localhost:8099/ir",
                "http://[::1]/ir")) {
            APIGatewayV2HTTPResponse r = deployed.handleRequest(event("POST " + T, Map.of("group", SM), null,
                    setting("interaction-receiver", "/aws", receiver(uri, "u", "p")), admin), null);
            fails(r, 400, "value.uri-prefix");
        }
    }

    @ParameterizedTest(name = "refused filter [{0}]")
    @ValueSource(strings = {"{\"attachedDataFilter\":\"(\"}", "{\"attachedDataFilter\":\"\"}",
            "{\"attachedDataFilter\":\"(.*a){20}\"}", "{\"acwCustomDataFilterException\":\"^(.+)+\\\\1$\"}",
            "{\"acwCustomDataFilter\":\"(.*?,){30}z\"}", "{\"attachedDataFilter\":\"[a-\"}", "{\"attachedDataFilter\":7}",
            "{\"disableAttachedDataFilter\":\"yes\"}", "{\"attachedDataFilter\":\"x\",\"disableAttachedDataFilter\":true}",
            "{\"attachedDatafilter\":\"x\"}", "[\"^ORSI:\"]", "\"^ORSI:\""})
    void badOrRunawayFiltersAreRefusedWhenSaved(String value) {
        APIGatewayV2HTTPResponse r = post(RPS, setting("eventDataFilters", null, value));
        fails(r, 400, null);
        assertThat(json(r).get("field").asText()).startsWith("value");
        assertThat(get(RPS, null).get("settings")).isEmpty();
    }

    @Test
    void aLongRegexIsRefusedAndAHugeBodyIs413() {
        fails(post(RPS, setting("eventDataFilters", null, "{\"attachedDataFilter\":\"" + "a".repeat(1001) + "\"}")),
                400, "value.attachedDataFilter");
        fails(post(RPS, setting("eventDataFilters", null, "{\"attachedDataFilter\":\"" + "a".repeat(2 << 20) + "\"}")),
                413, null);
    }

    @ParameterizedTest(name = "refused body [{0}]")
    @ValueSource(strings = {
            "{\"name\":\"acwThresholdMinutes\",\"value\":-1}", "{\"name\":\"acwThresholdMinutes\",\"value\":1441}",
            "{\"name\":\"acwThresholdMinutes\",\"value\":1.5}", "{\"name\":\"acwThresholdMinutes\",\"value\":true}",
            "{\"name\":\"acwThresholdMinutes\",\"value\":\"five\"}", "{\"name\":\"acwThresholdMinutes\",\"value\":{}}",
            "{\"name\":\"acwThresholdMinutes\",\"value\":[5]}", "{\"name\":\"acwThresholdMinutes\",\"value\":1e400}",
            "{\"name\":\"acwThresholdMinutes\",\"value\":99999999999999999999999}", "{\"name\":\"acwThresholdMinutes\"}",
            "{\"name\":\"acwThresholdMinutes\",\"value\":null}", "{\"name\":\"includeUnknownAgent\",\"value\":\"true\"}",
            "{\"value\":5}", "{\"name\":5,\"value\":5}", "{\"name\":\"ACWTHRESHOLDMINUTES\",\"value\":5}",
            "{\"name\":\"gimDb\",\"value\":{}}", "{\"name\":\"rwsPostRecBaseUri\",\"value\":{}}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"*\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"US\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"/US/\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"/US//CA\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"/US/../CA\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"/US\\u0000\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":\"/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q\",\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\",\"location\":7,\"value\":5}",
            "{\"name\":\"acwThresholdMinutes\\u0007\",\"value\":5}", "[]", "\"acwThresholdMinutes\"", "7", "null",
            "[5]", "{\"name\":\"acwThresholdMinutes\",\"value\":5", "{\"name\":\"a\",\"name\":\"b\",\"value\":5}", ""})
    void malformedWrongTypeAndHostileBodiesAre400AndWriteNothing(String body) {
        APIGatewayV2HTTPResponse r = post(RPS, body.isEmpty() ? null : body);
        fails(r, 400, null);
        assertThat(get(RPS, null).get("settings")).isEmpty();
    }

    @Test
    void tenThousandCharacterNamesAndValuesAreRefusedWithoutBeingEchoed() {
        String longName = "n\u0001".repeat(5_000);
        APIGatewayV2HTTPResponse r = post(RPS, Json.object().put("name", longName).put("value", 5).toString());
        fails(r, 400, "name");
        assertThat(r.getBody().length()).isLessThan(1000);
        fails(post(RPS, Json.object().put("name", "acwThresholdMinutes").put("location", "/" + "a".repeat(10_000))
                .put("value", 5).toString()), 400, "location");
        ObjectNode huge = Json.object().put("name", "eventDataFilters");
        huge.putObject("value").put("x".repeat(10_000), "y");
        APIGatewayV2HTTPResponse unknownField = post(RPS, huge.toString());
        fails(unknownField, 400, null);
        assertThat(unknownField.getBody().length()).isLessThan(1000);
        fails(post(SM, setting("interaction-receiver", null, receiver("https://sm.example.com/" + "a".repeat(10_000), "u",
                "p"))), 400, "value.uri-prefix");
        fails(post(SM, setting("interaction-receiver", null, receiver("https://sm.example.com/", "u".repeat(10_000), "p"))),
                400, "value.userName");
        fails(post(SM, setting("interaction-receiver", null, receiver("https://sm.example.com/", "u\u0000", "p"))),
                400, "value.userName");
        fails(post(SM, setting("interaction-receiver", null, "{\"uri-prefix\":\"https://sm.example.com/\",\"userName\":\"u\"}")),
                400, "value.password");
        fails(post(SM, setting("interaction-receiver", null,
                "{\"uri-prefix\":\"https://sm.example.com/\",\"userName\":\"u\",\"password\":\"p\",\"username\":\"u\"}")),
                400, "value.username");
        APIGatewayV2HTTPResponse hugeValue = post(RPS, setting("eventDataFilters", null,
                "{\"attachedDataFilter\":\"" + "a".repeat(900) + "\",\"acwCustomDataFilter\":\"" + "b".repeat(900) + "\"}"));
        ok(hugeValue);
        ArrayNode many = Json.array();
        for (int i = 0; i < 26; i++) {
            many.add(Json.object().put("name", "acwThresholdMinutes").put("location", "/l" + i).put("value", 1));
        }
        fails(post(RPS, many.toString()), 400, null);
        fails(post(RPS, "[" + setting("acwThresholdMinutes", "/x", "1") + "," + setting("acwThresholdMinutes", "/x", "2") + "]"),
                400, "[1].name");
    }

    @ParameterizedTest(name = "not a group [{0}]")
    @ValueSource(strings = {"encryption", "certificates", "private-keys", "agents", "screen-recording", "GIR-SCHEDULER",
            "RPS-PROVISIONING",
            "x\u0000", "../speechminer"})
    void pathsThatAreNotGroupsAre404NamingWhatServesThem(String group) {
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            APIGatewayV2HTTPResponse r = call(method, T, group, Map.of("location", "/"),
                    setting("acwThresholdMinutes", null, "1"), admin);
            fails(r, 404, null);
        }
        if (group.equals("encryption")) {
            assertThat(json(call("POST", T, group, null, "{}", admin)).get("message").asText())
                    .contains("GET and PUT /api/v2/settings/encryption");
        }
    }

    @Test
    void tenantScopeNeedsContactCenterAdminAndStaysInTheTokensTenant() {
        ok(post(RPS, setting("acwThresholdMinutes", null, "9")));
        assertThat(call("GET", T, RPS, null, null, null).getStatusCode()).isEqualTo(401);
        for (Map<String, String> who : List.of(
                claims(ccid, "k", List.of("RECORDING_KEY_ADMIN", "RECORDING_READ", "RECORDING_INGEST"), List.of("/"), false),
                claims(ccid, "agent", List.of(), List.of(), true), ops,
                claims(null, "x", List.of("CONTACT_CENTER_ADMIN"), List.of(), false))) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                fails(call(method, T, RPS, null, setting("acwThresholdMinutes", null, "1"), who), 403, null);
            }
        }
        // Another tenant's admin sees and changes only its own settings.
        Map<String, String> other = claims(UUID.randomUUID().toString(), "other", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        assertThat(json(call("GET", T, RPS, null, null, other)).get("settings")).isEmpty();
        fails(call("PUT", T, RPS, null, setting("acwThresholdMinutes", null, "1"), other), 404, null);
        ok(call("POST", T, RPS, null, setting("acwThresholdMinutes", null, "1"), other));
        assertThat(get(RPS, null).get("settings").get(0).get("values").get(0).get("value").asInt()).isEqualTo(9);
        // A tenant admin has no ops scope, not even for its own tenant.
        fails(call("GET", O, RPS, null, null, admin), 403, null);
    }

    @Test
    void opsScopeReachesTheTenantOfThePath() {
        ok(call("POST", O, RPS, null, setting("acwThresholdMinutes", null, "3"), ops));
        assertThat(get(RPS, null).get("settings").get(0).get("values").get(0).get("value").asInt())
                .as("what ops set is the tenant's setting").isEqualTo(3);
        ok(call("PUT", O, RPS, null, setting("acwThresholdMinutes", null, "4"), ops));
        JsonNode read = json(call("GET", O, RPS, Map.of("location", "*", "ignoreParentLocations", "false"), null, ops));
        assertThat(read.get("settings").get(0).get("values").get(0).get("value").asInt()).isEqualTo(4);
        ok(call("POST", O, SM, null, setting("interaction-receiver", null, receiver("https://sm.example.com/ir", "u", "secret-p")), ops));
        assertThat(call("GET", O, SM, null, null, ops).getBody()).contains("****").doesNotContain("secret-p");
        ok(call("DELETE", O, RPS, Map.of("location", "/"), "{\"name\":\"acwThresholdMinutes\"}", ops));

        Map<String, String> unknown = Map.of("group", RPS, "ccid", UUID.randomUUID().toString());
        fails(handler.handleRequest(event("GET " + O, unknown, null, null, ops), null), 404, null);
        for (String bad : List.of("../x", "a b", "x".repeat(100), "\u0000")) {
            fails(handler.handleRequest(event("GET " + O, Map.of("group", RPS, "ccid", bad), null, null, ops), null), 400, "ccid");
        }
        for (Map<String, String> who : List.of(claims(ccid, "k", List.of("RECORDING_KEY_ADMIN"), List.of(), false),
                claims(ccid, "a", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false))) {
            fails(call("POST", O, RPS, null, setting("acwThresholdMinutes", null, "1"), who), 403, null);
        }
        assertThat(call("GET", O, RPS, null, null, null).getStatusCode()).isEqualTo(401);
    }

    Map<String, AttributeValue> item(String group, String name, String location) {
        return STACK.dynamo().getItem(b -> b.tableName(STACK.resourceName("ControlTable")).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#" + group),
                "SK", AttributeValue.fromS("NAME#" + name + "#LOC#" + location)))).item();
    }

    static String secret(String name) {
        return SECRETS.getSecretValue(b -> b.secretId(name)).secretString();
    }
}
