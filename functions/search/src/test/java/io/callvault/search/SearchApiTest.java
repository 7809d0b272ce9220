package io.callvault.search;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.ApiEvents;
import io.callvault.core.GuideFixtures;
import io.callvault.core.model.RecordingKind;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The search API over a fixed corpus with known answers, through the real handler on DynamoDB Local and the
 * OpenSearch node: each parameter, paging, the access rule, and hostile input.
 */
class SearchApiTest {
    static final String SEARCH = "GET /api/v2/recordings";
    static final String SEARCH_SCREENS = "GET /api/v2/screen-recordings";
    static final String OPS_SEARCH = "GET /api/v2/ops/contact-centers/{ccid}/recordings";
    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    static final SearchCorpus CORPUS = new SearchCorpus();
    static final SearchHandler handler = new SearchHandler(ApiEvents.env(SearchHandler.class));
    static String ccid;
    static String otherCcid;
    static String r1;
    static String r2;
    static String r3;
    static String s1;

    @BeforeAll
    static void corpus() {
        ccid = ApiEvents.newContactCenter("search-");
        otherCcid = ApiEvents.newContactCenter("search-other-");
        String run = UUID.randomUUID().toString().substring(0, 8);
        r1 = "R1-" + run;
        r2 = "R2-" + run;
        r3 = "R3-" + run;
        s1 = "S1-" + run;
        ObjectNode one = SearchCorpus.call(r1, T0, "+1 (555) 010-0001", "1800FLOWERS",
                List.of("Alice Smith alice.smith"), Map.of("Queue", "Sales", "SRS", "SRSScreenRecordingStateStarted"),
                List.of("/sales/team1|sales|alice.smith", "/sales/team9||alice.smith"));
        one.put("callType", "Inbound").put("screenRecording", true).putArray("labels").add("vip");
        ObjectNode two = SearchCorpus.call(r2, T0.plusSeconds(3600), "15550100002", "1800555",
                List.of("Bob Jones bob"), Map.of("Queue", "Support"), List.of("/sales/team2|support|bob"));
        two.put("callType", "Outbound");
        ObjectNode three = SearchCorpus.call(r3, T0.plusSeconds(7200), "44 20 7999 0000", "15550100001",
                List.of("Amber Alice amber", "Carol King carol"), Map.of("Case", "tom123"), List.of("/support||carol"));
        three.put("callType", "Internal");
        CORPUS.store(ccid, RecordingKind.CALL, one);
        CORPUS.store(ccid, RecordingKind.CALL, two);
        CORPUS.store(ccid, RecordingKind.CALL, three);
        // Another tenant with a recording just like r1: it must never show.
        CORPUS.store(otherCcid, RecordingKind.CALL, SearchCorpus.call(r1, T0, "+1 (555) 010-0001", "1800FLOWERS",
                List.of("Alice Smith alice.smith"), Map.of("Queue", "Sales"), List.of("/|sales|alice.smith")));
        ObjectNode screen = GuideFixtures.screenRecording();
        screen.put("id", s1).put("callRecordingId", r1).put("startTime", SearchCorpus.GUIDE_TIME.format(T0))
                .put("stopTime", SearchCorpus.GUIDE_TIME.format(T0.plusSeconds(60)));
        ((ObjectNode) screen.get("mediaFiles").get(0)).put("mediaId", s1 + "-video.mp4");
        CORPUS.store(ccid, RecordingKind.SCREEN, screen);
        CORPUS.index(ccid, RecordingKind.CALL, List.of(r1, r2, r3));
        CORPUS.index(ccid, RecordingKind.SCREEN, List.of(s1));
        CORPUS.index(otherCcid, RecordingKind.CALL, List.of(r1));
    }

    static Map<String, String> supervisor(String... groups) {
        return claims(ccid, "sup", List.of("RECORDING_READ"), List.of(groups), false);
    }

    static APIGatewayV2HTTPResponse search(String route, Map<String, String> query, Map<String, String> claims) {
        Map<String, String> path = route.contains("{ccid}") ? Map.of("ccid", ccid) : null;
        return handler.handleRequest(event(route, path, query, null, claims), null);
    }

    static List<String> ids(Map<String, String> query, Map<String, String> claims) {
        APIGatewayV2HTTPResponse response = search(SEARCH, query, claims);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("recordings").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    static Map<String, String> q(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "startTime;2024-03-01T09:30:00.000+0000;r2 r3",
            "startTime;1709285400000;r2 r3",
            "endTime;1709287260000;r1 r2",
            "callerPhoneNumber;15550100001;r1",
            "callerPhoneNumber;+1 (555) 010-000*;r1 r2",
            "callerPhoneNumber;1555*;r1 r2",
            "callerPhoneNumber;*0000;r3",
            "dialedPhoneNumber;1800FLOWERS;r1",
            "dialedPhoneNumber;1800flowers;",
            "dialedPhoneNumber;1800*;r1 r2",
            "dialedPhoneNumber;*00001;r3",
            "userName;alice;r1 r3",
            "userName;ALICE;r1 r3",
            "userName;ali*;r1 r3",
            "userName;amber bob;r2 r3",
            "userName;alice AND carol;r3",
            "userName;alice.smith;r1",
            "userName;King;r3",
            "userData;Sales;r1",
            "userData;sales;",
            "userData;Sales Support;r1 r2",
            "userData;tom*;r3",
            "userData;SRSScreenRecordingStateStarted;r1",
            "label;vip;r1",
            "label;other;",
            "agentId;agent-of-bob;r2",
            "callType;Outbound;r2",
            "callType;Internal;r3",
            "screenRecording;true;r1",
            "screenRecording;false;r2 r3",
    })
    void eachParameterFindsItsKnownAnswer(String name, String value, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.replace("r1", r1).replace("r2", r2)
                .replace("r3", r3).split(" "));
        assertThat(ids(q(name, value), supervisor("/"))).containsExactlyElementsOf(want);
    }

    @Test
    void noParametersListsTheTenantsRecordingsInStartOrder() {
        APIGatewayV2HTTPResponse response = search(SEARCH, null, supervisor("/"));
        JsonNode body = json(response);
        assertThat(body.get("statusCode").asInt()).isZero();
        assertThat(body.get("totalCount").asLong()).isEqualTo(3);
        assertThat(ids(null, supervisor("/"))).containsExactly(r1, r2, r3);
        JsonNode first = body.get("recordings").get(0);
        assertThat(first.get("mediaFiles").get(0).get("mediaUri").asText())
                .startsWith("https://rec.example.com/api/v2/recordings/" + r1 + "/play/");
        assertThat(first.toString()).as("secrets are never returned").doesNotContain("speechminer_auth");
    }

    @Test
    void pagesFollowNextUriUntilItIsAbsent() {
        Map<String, String> query = q("limit", "2", "scanAndScroll", "true");
        JsonNode page1 = json(search(SEARCH, query, supervisor("/")));
        assertThat(page1.get("recordings")).extracting(r -> r.get("id").asText()).containsExactly(r1, r2);
        URI next = URI.create(page1.get("nextUri").asText());
        assertThat(next.getScheme() + "://" + next.getHost() + next.getPath()).isEqualTo("https://rec.example.com/api/v2/recordings");
        JsonNode page2 = json(search(SEARCH, queryOf(next), supervisor("/")));
        assertThat(page2.get("recordings")).extracting(r -> r.get("id").asText()).containsExactly(r3);
        assertThat(page2.has("nextUri")).isFalse();
    }

    @Test
    void whenTheNodeHoldsAllThePointsInTimeItMaySearchStillPagesOverLiveData() {
        var limit = SearchCorpus.object();
        limit.putObject("transient").put("search.max_open_pit_context", 0);
        CORPUS.cluster.put("/_cluster/settings", limit);
        try {
            APIGatewayV2HTTPResponse first = search(SEARCH, q("limit", "2"), supervisor("/"));
            assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
            JsonNode page1 = json(first);
            assertThat(page1.get("recordings")).extracting(r -> r.get("id").asText()).containsExactly(r1, r2);
            JsonNode page2 = json(search(SEARCH, queryOf(URI.create(page1.get("nextUri").asText())), supervisor("/")));
            assertThat(page2.get("recordings")).extracting(r -> r.get("id").asText()).containsExactly(r3);
            assertThat(page2.has("nextUri")).isFalse();
        } finally {
            var reset = SearchCorpus.object();
            reset.putObject("transient").putNull("search.max_open_pit_context");
            CORPUS.cluster.put("/_cluster/settings", reset);
        }
    }

    @ParameterizedTest(name = "groups {0} agent {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "/;;r1 r2 r3",
            "/sales;;r1 r2",
            "/sales/;;r1 r2",
            "/sales/team1;;r1",
            "/sales/team2;;r2",
            "/sales/team3;;",
            "/sal;;",
            "support;;r2",
            "sales;;r1",
            ";carol;r3",
            ";alice.smith;r1",
            ";;",
    })
    void theAccessRuleDecidesWhatIsFoundAndCounted(String groups, String agent, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.replace("r1", r1).replace("r2", r2)
                .replace("r3", r3).split(" "));
        Map<String, String> claims = claims(ccid, agent == null ? "sup" : agent,
                agent == null ? List.of("RECORDING_READ") : List.of(), groups == null ? List.of() : List.of(groups), agent != null);
        APIGatewayV2HTTPResponse response = search(SEARCH, null, claims);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("recordings")).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(want);
        assertThat(json(response).get("totalCount").asLong()).isEqualTo(want.size());
    }

    @Test
    void resultsCarryOnlyTheMediaFilesTheCallerMaySee() {
        JsonNode team1 = json(search(SEARCH, q("callerPhoneNumber", "15550100001"), supervisor("/sales/team1")));
        assertThat(team1.get("recordings").get(0).get("mediaFiles")).hasSize(1);
        assertThat(team1.get("recordings").get(0).get("mediaFiles").get(0).get("mediaId").asText()).isEqualTo(r1 + "-m0.mp3");
        JsonNode root = json(search(SEARCH, q("callerPhoneNumber", "15550100001"), supervisor("/")));
        assertThat(root.get("recordings").get(0).get("mediaFiles")).hasSize(2);
    }

    @Test
    void anotherTenantsTokenFindsOnlyItsOwnRecordings() {
        Map<String, String> other = claims(otherCcid, "sup", List.of("RECORDING_READ"), List.of("/"), false);
        APIGatewayV2HTTPResponse response = search(SEARCH, null, other);
        assertThat(json(response).get("recordings")).hasSize(1);
        assertThat(json(response).get("recordings").get(0).get("mediaFiles").get(0).get("accessgroups").get(0).asText())
                .isEqualTo("/");
    }

    @Test
    void screenRecordingsAreFoundByWhoeverMaySeeTheirCall() {
        assertThat(json(search(SEARCH_SCREENS, null, supervisor("/sales/team1"))).get("screenRecordings"))
                .extracting(r -> r.get("id").asText()).containsExactly(s1);
        assertThat(json(search(SEARCH_SCREENS, null, supervisor("/support"))).get("screenRecordings")).isEmpty();
        Map<String, String> agent = claims(ccid, "agent1000", List.of(), List.of(), true);
        assertThat(json(search(SEARCH_SCREENS, null, agent)).get("screenRecordings")).hasSize(1);
        JsonNode bulk = json(search(SEARCH_SCREENS, q("callRecordingIds", r2 + "," + r1), supervisor("/")));
        assertThat(bulk.get("screenRecordings")).extracting(r -> r.get("callRecordingId").asText()).containsExactly(r1);
        assertThat(json(search(SEARCH_SCREENS, q("callRecordingIds", r2), supervisor("/"))).get("screenRecordings")).isEmpty();
    }

    @Test
    void theCallShowsItsScreenRecording() {
        JsonNode call = json(search(SEARCH, q("callerPhoneNumber", "15550100001"), supervisor("/"))).get("recordings").get(0);
        assertThat(call.get("screenRecording").asBoolean()).isTrue();
    }

    @Test
    void opsSearchSeesTheWholeContactCenterAndNeedsOps() {
        Map<String, String> ops = claims(null, "ops", List.of("OPS"), List.of(), false);
        APIGatewayV2HTTPResponse response = search(OPS_SEARCH, q("userData", "SRSScreenRecordingStateStarted",
                "scanAndScroll", "true", "limit", "100"), ops);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("recordings")).extracting(r -> r.get("id").asText()).containsExactly(r1);
        assertThat(search(OPS_SEARCH, null, supervisor("/")).getStatusCode()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}=[{1}] is refused")
    @CsvSource(delimiter = ';', value = {
            "userName;a:b",
            "userName;*",
            "userName;name~2",
            "userName;(alice OR bob)",
            "callerPhoneNumber;1555?",
            "callerPhoneNumber;*1*2*3*4*5*",
            "userData;\"quoted\"",
            "userData;a\\b",
            "limit;0",
            "limit;1001",
            "limit;ten",
            "startTime;yesterday",
            "endTime;1e9",
            "callType;Sideways",
            "screenRecording;yes",
            "sort;startTime",
            "cursor;not-a-cursor",
            "cursor;eyJwIjoiYSJ9",
            "label;''",
    })
    void hostileOrMalformedQueriesAreA400ThatNamesTheParameter(String name, String value) {
        APIGatewayV2HTTPResponse response = search(SEARCH, q(name, value), supervisor("/"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(json(response).get("field").asText()).isEqualTo(name);
    }

    @Test
    void tenThousandTermsOrHugeValuesAreRefused() {
        String terms = String.join(" ", java.util.Collections.nCopies(10_000, "bob"));
        assertThat(search(SEARCH, q("userName", terms), supervisor("/")).getStatusCode()).isEqualTo(400);
        assertThat(search(SEARCH, q("userData", "x".repeat(100_000)), supervisor("/")).getStatusCode()).isEqualTo(400);
        assertThat(search(SEARCH, q("callerPhoneNumber", "1".repeat(65)), supervisor("/")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aTokenWithoutReadOrAgentIsForbiddenAndNoTokenIsUnauthorized() {
        assertThat(search(SEARCH, null, claims(ccid, "x", List.of("RECORDING_PLAY"), List.of("/"), false)).getStatusCode())
                .isEqualTo(403);
        assertThat(search(SEARCH, null, null).getStatusCode()).isEqualTo(401);
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> q = new HashMap<>();
        for (String part : uri.getRawQuery().split("&")) {
            String[] kv = part.split("=", 2);
            q.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return q;
    }
}
