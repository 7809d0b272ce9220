package io.callvault.api;

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
import io.callvault.core.store.Agent;
import io.callvault.core.store.AgentDirectory;
import io.callvault.core.store.AuditTrail;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent directory (issue 5 part 3) through the settings API, on DynamoDB Local, and the reader the
 * enrichment uses to set {@code accessgroups}: {@link AgentDirectory#lookup} with one BatchGetItem per 100 names.
 */
class AgentDirectoryApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String ONE = "/api/v2/settings/agents/{username}";
    static final String ALL = "/api/v2/settings/agents";

    final SettingsHandler handler = new SettingsHandler(ApiEvents.env(SettingsHandler.class));
    final AgentDirectory directory = new AgentDirectory(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC());
    String ccid;
    Map<String, String> admin;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("agents-");
        admin = claims(ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
    }

    APIGatewayV2HTTPResponse call(String method, String username, Map<String, String> query, String body,
                                  Map<String, String> who) {
        return handler.handleRequest(event(method + " " + (username == null ? ALL : ONE),
                username == null ? null : Map.of("username", username), query, body, who), null);
    }

    APIGatewayV2HTTPResponse putAgent(String username, String body) {
        return call("PUT", username, null, body, admin);
    }

    static void status(APIGatewayV2HTTPResponse r, int status, String field) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        if (field != null) {
            assertThat(json(r).path("field").asText()).as(r.getBody()).isEqualTo(field);
        }
        assertThat(r.getBody()).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]");
        assertThat(r.getBody().length()).isLessThan(status == 200 ? Integer.MAX_VALUE : 1000);
    }

    static ObjectNode agent(String username, String... paths) {
        ObjectNode a = Json.object().put("username", username).put("firstName", "First " + username)
                .put("lastName", "Last");
        ArrayNode h = a.putArray("hierarchy");
        for (String p : paths) {
            h.add(p);
        }
        return a;
    }

    @Test
    void putReadReplaceAndDeleteAnAgentWhoseNameIsFoundIgnoringCase() {
        APIGatewayV2HTTPResponse created = putAgent("Agent1000",
                "{\"firstName\":\"Firstname1000\",\"lastName\":\"lastname\",\"hierarchy\":[\"/sales/team1\",\"/sales/team1\",\"/qa\"]}");
        status(created, 200, null);
        assertThat(json(created).get("created").asBoolean()).isTrue();
        JsonNode agent = json(created).get("agent");
        assertThat(agent.get("username").asText()).isEqualTo("Agent1000");
        assertThat(agent.get("hierarchy").toString()).as("a path given twice is kept once").isEqualTo("[\"/sales/team1\",\"/qa\"]");
        assertThat(agent.get("updatedBy").asText()).isEqualTo("cc-admin");

        JsonNode read = json(call("GET", "AGENT1000", null, null, admin)).get("agent");
        assertThat(read.get("username").asText()).as("stored as given, found in any case").isEqualTo("Agent1000");
        assertThat(read.get("firstName").asText()).isEqualTo("Firstname1000");

        APIGatewayV2HTTPResponse replaced = putAgent("agent1000", "{\"username\":\"AGENT1000\",\"hierarchy\":[\"/support\"]}");
        status(replaced, 200, null);
        assertThat(json(replaced).get("created").asBoolean()).isFalse();
        JsonNode now = json(call("GET", "Agent1000", null, null, admin)).get("agent");
        assertThat(now.get("username").asText()).isEqualTo("agent1000");
        assertThat(now.has("firstName")).as("PUT replaces the whole agent").isFalse();
        assertThat(now.get("hierarchy").toString()).isEqualTo("[\"/support\"]");

        status(call("DELETE", "AGENT1000", null, null, admin), 200, null);
        status(call("GET", "agent1000", null, null, admin), 404, null);
        status(call("DELETE", "agent1000", null, null, admin), 404, null);
        assertThat(new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(ccid))
                .extracting(AuditTrail.Entry::action)
                .contains("Set agent [Agent1000]", "Set agent [agent1000]", "Delete agent [AGENT1000]");
    }

    @Test
    void multibyteNamesRoundTripAndMatchAcrossCase() {
        status(putAgent("Jürgen.Müller", "{\"firstName\":\"Jürgen\",\"lastName\":\"Müller-Ærø\",\"hierarchy\":[\"/vertrieb/köln\"]}"),
                200, null);
        status(putAgent("用户一", "{\"firstName\":\"一\",\"lastName\":\"用户\",\"hierarchy\":[\"/销售/一组\"]}"), 200, null);
        JsonNode read = json(call("GET", "JÜRGEN.MÜLLER", null, null, admin)).get("agent");
        assertThat(read.get("lastName").asText()).isEqualTo("Müller-Ærø");
        assertThat(read.get("hierarchy").get(0).asText()).isEqualTo("/vertrieb/köln");
        Map<String, Agent> found = directory.lookup(ccid, List.of("jürgen.müller", "用户一"));
        assertThat(found).containsOnlyKeys("jürgen.müller", "用户一");
        assertThat(found.get("用户一").hierarchy()).containsExactly("/销售/一组");
    }

    @Test
    void bulkProvisioningStoresUpToAHundredAtOnceOrNothing() {
        ArrayNode hundred = Json.array();
        for (int i = 0; i < 100; i++) {
            hundred.add(agent("bulk" + i, "/team" + (i % 3)));
        }
        APIGatewayV2HTTPResponse stored = call("POST", null, null, Json.object().set("agents", hundred).toString(), admin);
        status(stored, 200, null);
        assertThat(json(stored).get("stored").asInt()).isEqualTo(100);
        assertThat(directory.lookup(ccid, List.of("BULK0", "bulk99"))).hasSize(2);

        // Re-provisioning replaces; a bare array is accepted too.
        status(call("POST", null, null, "[" + agent("bulk0", "/moved") + "]", admin), 200, null);
        assertThat(directory.find(ccid, "bulk0").orElseThrow().hierarchy()).containsExactly("/moved");

        ArrayNode tooMany = hundred.deepCopy();
        tooMany.add(agent("bulk100"));
        status(call("POST", null, null, Json.object().set("agents", tooMany).toString(), admin), 400, "agents");
        status(call("POST", null, null, "{\"agents\":[]}", admin), 400, "agents");

        // One bad agent, or a name given twice in any case, writes nothing.
        String dup = "[" + agent("fresh1") + "," + agent("FRESH1") + "]";
        status(call("POST", null, null, dup, admin), 400, "[1].username");
        String bad = "{\"agents\":[" + agent("fresh2") + "," + agent("fresh3", "no-slash") + "]}";
        status(call("POST", null, null, bad, admin), 400, "agents[1].hierarchy[0]");
        assertThat(directory.lookup(ccid, List.of("fresh1", "fresh2", "fresh3"))).isEmpty();
        for (String body : List.of("{}", "{\"agents\":{}}", "[1]", "[{}]", "[{\"username\":7}]", "\"x\"", "{\"agents\":[null]}")) {
            status(call("POST", null, null, body, admin), 400, null);
        }
    }

    @Test
    void theListPagesThroughTheDirectoryInNameOrder() {
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            ArrayNode agents = Json.array();
            for (int i = 0; i < (batch < 2 ? 100 : 50); i++) {
                String name = String.format("pager%03d", batch * 100 + i);
                agents.add(agent(name, "/p"));
                expected.add(name);
            }
            status(call("POST", null, null, agents.toString(), admin), 200, null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new HashMap<>(Map.of("limit", "100"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonNode page = json(call("GET", null, query, null, admin));
            page.get("agents").forEach(a -> seen.add(a.get("username").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(json(call("GET", null, null, null, admin)).get("count").asInt()).as("100 by default").isEqualTo(100);

        for (String limit : List.of("0", "1001", "abc", "-1", "1e2", "")) {
            status(call("GET", null, Map.of("limit", limit), null, admin), 400, "limit");
        }
        for (String c : List.of("!!!", "AAAA", "bm9wZS9uYW1l", "x".repeat(5000))) {
            status(call("GET", null, Map.of("cursor", c), null, admin), 400, "cursor");
        }
        // Another tenant's directory is empty, whatever cursor it is given.
        Map<String, String> other = claims(UUID.randomUUID().toString(), "o", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        JsonNode first = json(call("GET", null, Map.of("limit", "1"), null, admin));
        JsonNode theirs = json(call("GET", null, Map.of("cursor", first.get("nextCursor").asText()), null, other));
        assertThat(theirs.get("agents")).isEmpty();
    }

    @ParameterizedTest(name = "refused user name [{0}]")
    @ValueSource(strings = {"a/b", "a\\b", "a b", "tab\tname", "nul\u0000", "star*", "\u200bzero-width", " lead", ""})
    void hostileUserNamesAre400(String username) {
        status(putAgent(username, "{}"), 400, "username");
        status(call("GET", username, null, null, admin), 400, "username");
        status(call("DELETE", username, null, null, admin), 400, "username");
    }

    @Test
    void aTenThousandCharacterUserNameIsRefusedWithoutBeingEchoed() {
        APIGatewayV2HTTPResponse r = putAgent("a".repeat(10_000), "{}");
        status(r, 400, "username");
        status(call("POST", null, null, "[{\"username\":\"" + "b".repeat(10_000) + "\"}]", admin), 400, "[0].username");
    }

    @ParameterizedTest(name = "refused agent [{0}]")
    @ValueSource(strings = {"{\"hierarchy\":\"/sales\"}", "{\"hierarchy\":[\"sales\"]}", "{\"hierarchy\":[\"/\"]}",
            "{\"hierarchy\":[\"/a//b\"]}", "{\"hierarchy\":[\"/a//\"]}", "{\"hierarchy\":[\"/a b\"]}",
            "{\"hierarchy\":[\"/a/../b\"]}", "{\"hierarchy\":[\"/a\\u0000\"]}", "{\"hierarchy\":[7]}",
            "{\"hierarchy\":[\"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17\"]}", "{\"firstName\":\"a\\u0007\"}",
            "{\"firstName\":7}", "{\"lastName\":\"\"}", "{\"lastName\":[\"x\"]}", "{\"hierachy\":[\"/typo\"]}",
            "{\"username\":\"someone-else\"}", "{\"username\":7}", "[]", "\"x\"", "{", ""})
    void malformedWrongTypeAndHostileAgentsAre400AndWriteNothing(String body) {
        status(putAgent("victim", body.isEmpty() ? null : body), 400, null);
        assertThat(directory.find(ccid, "victim")).isEmpty();
    }

    @Test
    void limitsOnNamesAndPaths() {
        StringBuilder paths = new StringBuilder("{\"hierarchy\":[");
        for (int i = 0; i < 33; i++) {
            paths.append(i == 0 ? "" : ",").append("\"/p").append(i).append('"');
        }
        status(putAgent("limits", paths.append("]}").toString()), 400, "hierarchy");
        status(putAgent("limits", "{\"firstName\":\"" + "f".repeat(129) + "\"}"), 400, "firstName");
        status(putAgent("limits", "{\"hierarchy\":[\"/" + "s".repeat(65) + "\"]}"), 400, "hierarchy[0]");
        status(putAgent("limits", "{\"firstName\":\"" + "f".repeat(128) + "\",\"hierarchy\":[\"/" + "s".repeat(64) + "\"]}"),
                200, null);
        status(putAgent("u".repeat(128), "{}"), 200, null);
        // The guide writes hierarchies with a trailing slash (L13309); it is dropped.
        APIGatewayV2HTTPResponse trailing = putAgent("david", "{\"hierarchy\":[\"/Genesys/TelAviv/\",\"/Genesys/TelAviv\"]}");
        status(trailing, 200, null);
        assertThat(json(trailing).get("agent").get("hierarchy").toString()).isEqualTo("[\"/Genesys/TelAviv\"]");
    }

    @Test
    void onlyTheTenantsContactCenterAdminManagesItsDirectory() {
        status(putAgent("mine", "{\"hierarchy\":[\"/mine\"]}"), 200, null);
        assertThat(call("GET", "mine", null, null, null).getStatusCode()).isEqualTo(401);
        for (Map<String, String> who : List.of(claims("-", "ops", List.of("OPS"), List.of(), false),
                claims(ccid, "r", List.of("RECORDING_READ", "RECORDING_KEY_ADMIN"), List.of("/"), false),
                claims(ccid, "mine", List.of(), List.of(), true))) {
            status(call("GET", "mine", null, null, who), 403, null);
            status(call("PUT", "mine", null, "{}", who), 403, null);
            status(call("DELETE", "mine", null, null, who), 403, null);
            status(call("GET", null, null, null, who), 403, null);
            status(call("POST", null, null, "[{\"username\":\"x\"}]", who), 403, null);
        }
        Map<String, String> other = claims(UUID.randomUUID().toString(), "o", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        status(call("GET", "mine", null, null, other), 404, null);
        status(call("DELETE", "mine", null, null, other), 404, null);
        assertThat(directory.find(ccid, "mine")).isPresent();
    }

    @Test
    void lookupFindsACallsAgentsInAnyCaseWithBatchGetsOfAHundred() {
        List<String> asked = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            ArrayNode agents = Json.array();
            for (int i = 0; i < 100; i++) {
                String name = "Look" + (batch * 100 + i);
                agents.add(agent(name, "/floor" + batch + "/desk" + i));
                asked.add(name.toUpperCase());
            }
            status(call("POST", null, null, agents.toString(), admin), 200, null);
        }
        asked.add("nobody");
        asked.add("bad/name");
        asked.add("x".repeat(1000));
        asked.add(null);
        asked.add("look0");
        Map<String, Agent> found = directory.lookup(ccid, asked);
        assertThat(found).hasSize(301);
        assertThat(found.get("LOOK0")).isEqualTo(found.get("look0"));
        assertThat(found.get("LOOK0").username()).isEqualTo("Look0");
        assertThat(found.get("LOOK257").hierarchy()).containsExactly("/floor2/desk57");
        assertThat(found).doesNotContainKeys("nobody", "bad/name");
        assertThat(directory.lookup(UUID.randomUUID().toString(), asked)).as("another tenant's directory").isEmpty();
        assertThat(directory.lookup(ccid, List.of())).isEmpty();
    }
}
