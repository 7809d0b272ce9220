package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.env;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.LabelDefinitionStore;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.StoredRecording;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Label definitions, labels on recordings and deletion protection through the real handler classes, on
 * DynamoDB Local: what a user sees in the answers, in the recording read back with GET, and in the audit table.
 */
class LabelApiTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String INGEST = "POST /internal-api/contact-centers/{ccid}/recordings";
    static final String SCREEN_INGEST = "POST /internal-api/contact-centers/{ccid}/screen-recordings";
    static final String CREATE_DEFINITION = "POST /api/v2/label-definitions";
    static final String LIST_DEFINITIONS = "GET /api/v2/label-definitions";
    static final String DELETE_DEFINITION = "DELETE /api/v2/label-definitions/{name}";
    static final String ADD = "PUT /api/v2/recordings/{id}/labels/{name}";
    static final String REMOVE = "DELETE /api/v2/recordings/{id}/labels/{name}";
    static final String ADD_MANY = "POST /api/v2/recordings/labels";
    static final String PROTECT = "PUT /api/v2/recordings/{id}/non-delete";
    static final String UNPROTECT = "DELETE /api/v2/recordings/{id}/non-delete";
    static final String SCREEN_ADD = "PUT /api/v2/screen-recordings/{id}/labels/{name}";
    static final String SCREEN_REMOVE = "DELETE /api/v2/screen-recordings/{id}/labels/{name}";
    static final String SCREEN_ADD_MANY = "POST /api/v2/screen-recordings/labels";
    static final String SCREEN_PROTECT = "PUT /api/v2/screen-recordings/{id}/non-delete";
    static final String SCREEN_UNPROTECT = "DELETE /api/v2/screen-recordings/{id}/non-delete";
    static final String SCREEN_ID = GuideFixtures.CALL_ID + "_2017-03-30_17-00-18";
    /** Every label and protection permission, and read and delete, so that only visibility tells callers apart. */
    static final List<String> LABELLER = List.of("RECORDING_PERMISSION_ADD_LABEL_DEFINITION",
            "RECORDING_PERMISSION_DELETE_LABEL_DEFINITION", "RECORDING_PERMISSION_ADD_LABEL",
            "RECORDING_PERMISSION_DELETE_LABEL", "RECORDING_PERMISSION_APPLY_NON_DELETE",
            "RECORDING_PERMISSION_UNAPPLY_NON_DELETE", "RECORDING_READ", "RECORDING_DELETE");
    static final String REC = "LABELREC0001";

    final LabelHandler labels = new LabelHandler(env(LabelHandler.class));
    final RecordingHandler recordings = new RecordingHandler(env(RecordingHandler.class));
    final RecordingIngestHandler ingest = new RecordingIngestHandler(env(RecordingIngestHandler.class));
    final ScreenRecordingIngestHandler screens = new ScreenRecordingIngestHandler(env(ScreenRecordingIngestHandler.class));
    final RecordingStore store = new RecordingStore(STACK.dynamo(), STACK.resourceName("RecordingsTable"), Clock.systemUTC());
    final AuditTrail audit = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC());
    String ccid;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("labels-");
    }

    // ------------------------------------------------------------------ helpers

    Map<String, String> root() {
        return claims(ccid, "sup", LABELLER, List.of("/"), false);
    }

    Map<String, String> with(String... permissions) {
        return claims(ccid, "limited", List.of(permissions), List.of("/"), false);
    }

    APIGatewayV2HTTPResponse call(String route, Map<String, String> path, String body, Map<String, String> who) {
        return labels.handleRequest(event(route, path, null, body, who), null);
    }

    APIGatewayV2HTTPResponse define(String name, Map<String, String> who) {
        return call(CREATE_DEFINITION, null, Json.object().put("name", name).put("description", "d " + name).toString(), who);
    }

    void define(String name) {
        APIGatewayV2HTTPResponse r = define(name, root());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    APIGatewayV2HTTPResponse add(String id, String name, Map<String, String> who) {
        return call(ADD, Map.of("id", id, "name", name), null, who);
    }

    APIGatewayV2HTTPResponse remove(String id, String name, Map<String, String> who) {
        return call(REMOVE, Map.of("id", id, "name", name), null, who);
    }

    APIGatewayV2HTTPResponse protect(String id, Map<String, String> who) {
        return call(PROTECT, Map.of("id", id), null, who);
    }

    APIGatewayV2HTTPResponse unprotect(String id, Map<String, String> who) {
        return call(UNPROTECT, Map.of("id", id), null, who);
    }

    APIGatewayV2HTTPResponse addMany(String label, List<?> ids, Map<String, String> who) {
        ObjectNode body = Json.object().put("label", label);
        ArrayNode list = body.putArray("recordingIds");
        ids.forEach(id -> list.add(Json.MAPPER.valueToTree(id)));
        return call(ADD_MANY, null, body.toString(), who);
    }

    /** A call recording with one media file of hierarchy path {@code group}, partition {@code partition}, agent {@code agent}. */
    void postCall(String id, String group, String partition, String agent) {
        postCall(callPost(id, group, partition, agent));
    }

    static ObjectNode callPost(String id, String group, String partition, String agent) {
        ObjectNode post = GuideFixtures.callRecordingPost(0).put("id", id);
        ObjectNode file = (ObjectNode) post.get("mediaFiles").get(0);
        file.put("mediaId", id + "-1.mp3").remove("mediaID");
        file.putArray("accessgroups").add(group);
        file.putArray("partitions").add(partition);
        ((ObjectNode) file.get("parameters")).put("username", agent);
        post.putArray("eventHistory");
        return post;
    }

    void postCall(ObjectNode post) {
        APIGatewayV2HTTPResponse r = ingest.handleRequest(event(INGEST, Map.of("ccid", ccid), null, post.toString(),
                claims(ccid, "mcp", List.of("RECORDING_INGEST"), List.of(), false)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    /** The guide's call (two media files in /team1, partitions sales and salesasdfsaf) and its screen recording. */
    void postCallAndScreen() {
        postCall(GuideFixtures.callRecording());
        ObjectNode screen = GuideFixtures.screenRecording().put("id", SCREEN_ID).put("callRecordingId", GuideFixtures.CALL_ID);
        APIGatewayV2HTTPResponse r = screens.handleRequest(event(SCREEN_INGEST, Map.of("ccid", ccid), null,
                screen.toString(), claims(ccid, "srs", List.of("RECORDING_INGEST"), List.of(), false)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    JsonNode get(String id) {
        APIGatewayV2HTTPResponse r = recordings.handleRequest(event("GET /api/v2/recordings/{id}", Map.of("id", id),
                null, null, root()), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return json(r).get("recording");
    }

    JsonNode getScreen(String id) {
        APIGatewayV2HTTPResponse r = recordings.handleRequest(event("GET /api/v2/screen-recordings/{id}",
                Map.of("id", id), null, null, root()), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return json(r).get("screenRecording");
    }

    APIGatewayV2HTTPResponse deleteRecording(String route, String id) {
        return recordings.handleRequest(event(route, Map.of("id", id), null, null, root()), null);
    }

    long version(RecordingKind kind, String id) {
        return store.find(ccid, kind, id).map(StoredRecording::version).orElseThrow();
    }

    List<String> auditActions() {
        return audit.list(ccid).stream().map(e -> e.action() + " | " + e.target() + " | " + e.actor() + " | " + e.outcome())
                .toList();
    }

    List<String> definitionNames() {
        APIGatewayV2HTTPResponse r = call(LIST_DEFINITIONS, null, null, root());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(r).get("labelDefinitions").forEach(d -> names.add(d.get("name").asText()));
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static void assertError(APIGatewayV2HTTPResponse r, int status) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(json(r).get("statusCode").asInt()).isEqualTo(status);
        assertThat(json(r).get("message").asText()).isNotBlank();
    }

    static void assertField(APIGatewayV2HTTPResponse r, String field) {
        assertError(r, 400);
        assertThat(json(r).get("field").asText()).isEqualTo(field);
    }

    // ------------------------------------------------------------------ label definitions

    @Test
    void definitionsAreCreatedListedAndDeletedAndAudited() {
        APIGatewayV2HTTPResponse created = call(CREATE_DEFINITION, null,
                "{\"name\":\"needs review\",\"description\":\"QA should listen to this\"}", root());
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(200);
        JsonNode def = json(created).get("labelDefinition");
        assertThat(json(created).get("statusCode").asInt()).isZero();
        assertThat(def.get("name").asText()).isEqualTo("needs review");
        assertThat(def.get("description").asText()).isEqualTo("QA should listen to this");
        assertThat(def.get("builtIn").asBoolean()).isFalse();
        assertThat(def.get("createdBy").asText()).isEqualTo("sup");
        assertThat(def.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(call(CREATE_DEFINITION, null, "{\"name\":\"Qualité\"}", root()).getStatusCode()).isEqualTo(200);

        JsonNode list = json(call(LIST_DEFINITIONS, null, null, root())).get("labelDefinitions");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("name").asText()).isEqualTo("screenRecording");
        assertThat(list.get(0).get("builtIn").asBoolean()).isTrue();
        assertThat(definitionNames()).containsExactly("screenRecording", "Qualité", "needs review");
        assertThat(list.get(1).get("description").asText()).isEmpty();

        APIGatewayV2HTTPResponse deleted = call(DELETE_DEFINITION, Map.of("name", "needs review"), null, root());
        assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(200);
        assertThat(json(deleted).get("name").asText()).isEqualTo("needs review");
        assertThat(definitionNames()).containsExactly("screenRecording", "Qualité");
        assertError(call(DELETE_DEFINITION, Map.of("name", "needs review"), null, root()), 404);

        assertThat(auditActions()).containsExactly(
                "Create label definition [needs review] | needs review | sup | succeeded",
                "Create label definition [Qualité] | Qualité | sup | succeeded",
                "Delete label definition [needs review] | needs review | sup | succeeded");
    }

    @Test
    void aDefinedNameIs409AndTheBuiltInScreenRecordingCanBeNeitherCreatedNorDeleted() {
        define("review");
        APIGatewayV2HTTPResponse again = define("review", root());
        assertError(again, 409);
        assertThat(json(again).get("message").asText()).contains("review");
        assertError(define("screenRecording", root()), 409);
        APIGatewayV2HTTPResponse builtIn = call(DELETE_DEFINITION, Map.of("name", "screenRecording"), null, root());
        assertError(builtIn, 409);
        assertThat(json(builtIn).get("message").asText()).contains("built in");
        assertThat(definitionNames()).containsExactly("screenRecording", "review");
        assertThat(auditActions()).hasSize(1);
    }

    @Test
    void namesAreCaseSensitive() {
        define("Review");
        define("review");
        assertThat(definitionNames()).containsExactly("screenRecording", "Review", "review");
    }

    @Test
    void eachTenantHasItsOwnDefinitions() {
        define("review");
        String other = ApiEvents.newContactCenter("labels-other-");
        Map<String, String> otherAdmin = claims(other, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false);
        JsonNode theirs = json(call(LIST_DEFINITIONS, null, null, otherAdmin)).get("labelDefinitions");
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).get("name").asText()).isEqualTo("screenRecording");
        assertError(call(DELETE_DEFINITION, Map.of("name", "review"), null, otherAdmin), 404);
        assertThat(define("review", otherAdmin).getStatusCode()).isEqualTo(200);
        assertThat(definitionNames()).containsExactly("screenRecording", "review");
    }

    @Test
    void definitionPermissionsAreChecked() {
        define("keep");
        assertError(define("x", with("RECORDING_READ", "RECORDING_PERMISSION_DELETE_LABEL_DEFINITION")), 403);
        assertError(call(DELETE_DEFINITION, Map.of("name", "keep"), null,
                with("RECORDING_READ", "RECORDING_PERMISSION_ADD_LABEL_DEFINITION")), 403);
        assertError(call(LIST_DEFINITIONS, null, null, with("RECORDING_PLAY")), 403);
        assertThat(definitionNames()).containsExactly("screenRecording", "keep");

        // Who may read recordings, an agent, and whoever may manage labels may list them.
        for (Map<String, String> who : List.of(with("RECORDING_READ"), with("RECORDING_PERMISSION_ADD_LABEL"),
                claims(ccid, "agent1000", List.of(), List.of(), true), with("CONTACT_CENTER_ADMIN"))) {
            assertThat(call(LIST_DEFINITIONS, null, null, who).getStatusCode()).as(who.toString()).isEqualTo(200);
        }
        // A contact center admin holds both definition permissions without naming them.
        assertThat(define("byAdmin", with("CONTACT_CENTER_ADMIN")).getStatusCode()).isEqualTo(200);
        assertThat(call(DELETE_DEFINITION, Map.of("name", "keep"), null, with("CONTACT_CENTER_ADMIN")).getStatusCode())
                .isEqualTo(200);
        assertThat(definitionNames()).containsExactly("screenRecording", "byAdmin");
    }

    @Test
    void aTenantHoldsAtMostAThousandDefinitions() {
        String table = STACK.resourceName("ControlTable");
        List<WriteRequest> items = IntStream.range(0, LabelDefinitionStore.MAX_DEFINITIONS - 1)
                .mapToObj(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "PK", AttributeValue.fromS("CC#" + ccid + "#LABELDEF"),
                        "SK", AttributeValue.fromS(String.format("bulk%04d", i)),
                        "description", AttributeValue.fromS(""), "createdAt", AttributeValue.fromN("0"),
                        "createdBy", AttributeValue.fromS("test"))).build()).build()).toList();
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25));
            STACK.dynamo().batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        }
        define("the thousandth");
        APIGatewayV2HTTPResponse refused = define("one too many", root());
        assertError(refused, 409);
        assertThat(json(refused).get("message").asText()).contains("1000");
        assertThat(definitionNames()).hasSize(LabelDefinitionStore.MAX_DEFINITIONS + 1).doesNotContain("one too many");
    }

    // ------------------------------------------------------------------ labels on a recording

    @Test
    void aLabelIsAddedOnceAndRemovedAndEachChangeIsAuditedAndBumpsTheVersion() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("review");
        long v0 = version(RecordingKind.CALL, REC);

        APIGatewayV2HTTPResponse added = add(REC, "review", root());
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(200);
        assertThat(json(added).get("statusCode").asInt()).isZero();
        assertThat(json(added).get("id").asText()).isEqualTo(REC);
        assertThat(texts(json(added).get("labels"))).containsExactly("review");
        assertThat(json(added).get("changed").asBoolean()).isTrue();
        assertThat(texts(get(REC).get("labels"))).containsExactly("review");
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 1);

        APIGatewayV2HTTPResponse again = add(REC, "review", root());
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).get("changed").asBoolean()).isFalse();
        assertThat(texts(json(again).get("labels"))).containsExactly("review");
        assertThat(version(RecordingKind.CALL, REC)).as("adding a present label writes nothing").isEqualTo(v0 + 1);

        assertThat(add(REC, "screenRecording", root()).getStatusCode()).as("built in, never defined").isEqualTo(200);
        APIGatewayV2HTTPResponse removed = remove(REC, "review", root());
        assertThat(removed.getStatusCode()).isEqualTo(200);
        assertThat(texts(json(removed).get("labels"))).containsExactly("screenRecording");
        assertThat(texts(get(REC).get("labels"))).containsExactly("screenRecording");
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 3);

        APIGatewayV2HTTPResponse absent = remove(REC, "review", root());
        assertThat(absent.getStatusCode()).as("removing an absent label is fine").isEqualTo(200);
        assertThat(json(absent).get("changed").asBoolean()).isFalse();
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 3);

        assertThat(auditActions()).containsExactly(
                "Create label definition [review] | review | sup | succeeded",
                "Add label [review] to call-recording | " + REC + " | sup | succeeded",
                "Add label [screenRecording] to call-recording | " + REC + " | sup | succeeded",
                "Remove label [review] from call-recording | " + REC + " | sup | succeeded");
    }

    @Test
    void anUndefinedLabelIs400NamingItAndWritesNothing() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        long v0 = version(RecordingKind.CALL, REC);
        APIGatewayV2HTTPResponse r = add(REC, "never defined", root());
        assertField(r, "name");
        assertThat(json(r).get("message").asText()).contains("never defined").contains("not defined");
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0);
        assertThat(auditActions()).isEmpty();
    }

    @Test
    void aDeletedDefinitionCanNoLongerBeAddedButItsLabelsCanStillBeRemoved() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("temporary");
        add(REC, "temporary", root());
        call(DELETE_DEFINITION, Map.of("name", "temporary"), null, root());

        assertThat(texts(get(REC).get("labels"))).containsExactly("temporary");
        assertField(add(REC, "temporary", root()), "name");
        assertThat(remove(REC, "temporary", root()).getStatusCode()).isEqualTo(200);
        assertThat(get(REC).get("labels")).isEmpty();
    }

    @Test
    void aRecordingCarriesAtMostAHundredLabels() {
        ObjectNode post = callPost(REC, "/sales/team1", "vip", "agent1000");
        ArrayNode posted = post.putArray("labels");
        IntStream.range(0, LabelService.MAX_LABELS_PER_RECORDING).forEach(i -> posted.add("posted" + i));
        postCall(post);
        define("one more");
        long v0 = version(RecordingKind.CALL, REC);

        APIGatewayV2HTTPResponse r = add(REC, "one more", root());
        assertError(r, 409);
        assertThat(json(r).get("message").asText()).contains("100 labels");
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0);
        assertThat(remove(REC, "posted0", root()).getStatusCode()).isEqualTo(200);
        assertThat(add(REC, "one more", root()).getStatusCode()).isEqualTo(200);
        assertThat(get(REC).get("labels")).hasSize(100);
    }

    // ------------------------------------------------------------------ deletion protection

    @Test
    void aProtectedRecordingCannotBeDeletedUntilTheProtectionIsRemoved() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        long v0 = version(RecordingKind.CALL, REC);

        APIGatewayV2HTTPResponse applied = protect(REC, root());
        assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(200);
        assertThat(json(applied).get("nonDelete").asBoolean()).isTrue();
        assertThat(json(applied).get("changed").asBoolean()).isTrue();
        assertThat(get(REC).get("nonDelete").asBoolean()).isTrue();
        assertThat(json(protect(REC, root())).get("changed").asBoolean()).isFalse();
        assertThat(version(RecordingKind.CALL, REC)).as("applying twice writes once").isEqualTo(v0 + 1);

        APIGatewayV2HTTPResponse refused = deleteRecording("DELETE /api/v2/recordings/{id}", REC);
        assertError(refused, 409);
        assertThat(json(refused).get("message").asText()).contains("protected");
        assertThat(get(REC).get("nonDelete").asBoolean()).isTrue();

        APIGatewayV2HTTPResponse removed = unprotect(REC, root());
        assertThat(removed.getStatusCode()).isEqualTo(200);
        assertThat(json(removed).get("nonDelete").asBoolean()).isFalse();
        assertThat(json(unprotect(REC, root())).get("changed").asBoolean()).isFalse();
        assertThat(get(REC).get("nonDelete").asBoolean()).isFalse();
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 2);

        assertThat(deleteRecording("DELETE /api/v2/recordings/{id}", REC).getStatusCode()).isEqualTo(200);
        assertError(protect(REC, root()), 404);
        assertThat(auditActions()).containsExactly(
                "Apply non-deletion to call-recording | " + REC + " | sup | succeeded",
                "Remove non-deletion from call-recording | " + REC + " | sup | succeeded",
                "Delete metadata and media-files of call-recording | " + REC + " | sup | requested",
                "Delete metadata and media-files of call-recording | " + REC + " | sup | succeeded");
    }

    // ------------------------------------------------------------------ access

    /**
     * Who may label and protect a recording whose one media file is in {@code /sales/team1}, partition
     * {@code vip}, agent {@code agent1000}: exactly who may get it. Every caller holds every permission; the
     * recording starts labelled {@code review} and protected, so removals would show if they went through.
     */
    @ParameterizedTest(name = "{0} [{1}] -> {5}")
    @CsvSource(delimiter = '|', value = {
            "root                           | /             | false | sup       | false | 200",
            "team prefix                    | /sales        | false | sup       | false | 200",
            "the team itself                | /sales/team1  | false | sup       | false | 200",
            "team prefix with slash         | /sales/       | false | sup       | false | 200",
            "sibling team                   | /sales/team2  | false | sup       | false | 404",
            "below the team                 | /sales/team1/a| false | sup       | false | 404",
            "not a whole segment            | /sal          | false | sup       | false | 404",
            "partition group                | vip           | false | sup       | false | 200",
            "other partition                | sales         | false | sup       | false | 404",
            "agent, own recording           | ''            | true  | agent1000 | false | 200",
            "agent, someone else's          | ''            | true  | agent2000 | false | 404",
            "agent's name but not an agent  | ''            | false | agent1000 | false | 404",
            "no groups                      | ''            | false | sup       | false | 404",
            "another tenant, root           | /             | false | sup       | true  | 404",
    })
    void labelsAndProtectionFollowWhoMaySeeTheRecording(String who, String group, boolean agent, String user,
                                                        boolean otherTenant, int expected) {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("review");
        define("escalated");
        add(REC, "review", root());
        protect(REC, root());
        long v0 = version(RecordingKind.CALL, REC);
        int auditRows = auditActions().size();
        String tenant = ccid;
        if (otherTenant) {
            tenant = ApiEvents.newContactCenter("labels-other-");
            define("escalated", claims(tenant, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false));
        }
        Map<String, String> caller = claims(tenant, user, LABELLER, group.isEmpty() ? List.of() : List.of(group), agent);

        List<APIGatewayV2HTTPResponse> answers = List.of(add(REC, "escalated", caller), remove(REC, "review", caller),
                unprotect(REC, caller), protect(REC, caller));

        assertThat(answers).allSatisfy(r -> assertThat(r.getStatusCode()).as(who + ": " + r.getBody()).isEqualTo(expected));
        JsonNode after = get(REC);
        if (expected == 200) {
            assertThat(texts(after.get("labels"))).containsExactly("escalated");
            assertThat(after.get("nonDelete").asBoolean()).isTrue();
            assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 4);
            assertThat(auditActions().subList(auditRows, auditActions().size())).containsExactly(
                    "Add label [escalated] to call-recording | " + REC + " | " + user + " | succeeded",
                    "Remove label [review] from call-recording | " + REC + " | " + user + " | succeeded",
                    "Remove non-deletion from call-recording | " + REC + " | " + user + " | succeeded",
                    "Apply non-deletion to call-recording | " + REC + " | " + user + " | succeeded");
        } else {
            assertThat(answers).allSatisfy(r -> {
                assertThat(json(r).get("message").asText()).isEqualTo("recording " + REC + " not found");
                assertThat(r.getBody()).doesNotContain("forbidden", "review", "vip", "/sales");
            });
            assertThat(texts(after.get("labels"))).containsExactly("review");
            assertThat(after.get("nonDelete").asBoolean()).isTrue();
            assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0);
            assertThat(auditActions()).hasSize(auditRows);
        }
    }

    @Test
    void eachOperationNeedsItsOwnPermissionAndAContactCenterAdminHoldsThemAll() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("review");
        add(REC, "review", root());
        long v0 = version(RecordingKind.CALL, REC);

        Map<String, String> reader = with("RECORDING_READ", "RECORDING_DELETE");
        assertError(add(REC, "review", reader), 403);
        assertError(remove(REC, "review", reader), 403);
        assertError(protect(REC, reader), 403);
        assertError(unprotect(REC, reader), 403);
        assertError(addMany("review", List.of(REC), reader), 403);
        assertThat(json(add(REC, "review", reader)).get("message").asText())
                .contains("RECORDING_PERMISSION_ADD_LABEL");
        // Each permission opens its own operation only.
        assertError(remove(REC, "review", with("RECORDING_PERMISSION_ADD_LABEL")), 403);
        assertError(unprotect(REC, with("RECORDING_PERMISSION_APPLY_NON_DELETE")), 403);
        assertError(protect(REC, with("RECORDING_PERMISSION_UNAPPLY_NON_DELETE")), 403);
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0);

        Map<String, String> admin = claims(ccid, "ccadmin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false);
        assertThat(remove(REC, "review", admin).getStatusCode()).isEqualTo(200);
        assertThat(add(REC, "review", admin).getStatusCode()).isEqualTo(200);
        assertThat(protect(REC, admin).getStatusCode()).isEqualTo(200);
        assertThat(unprotect(REC, admin).getStatusCode()).isEqualTo(200);
        assertThat(json(addMany("review", List.of(REC), admin)).get("added").asInt()).isEqualTo(1);
        // The role grants permissions, not sight: without an access group the recording is not there.
        Map<String, String> blindAdmin = claims(ccid, "ccadmin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
        assertError(protect(REC, blindAdmin), 404);
        assertThat(json(addMany("review", List.of(REC), blindAdmin)).get("results").get(0).get("outcome").asText())
                .isEqualTo("not found");
    }

    @Test
    void tokenFaultsAre401Or403AndUnknownRecordingsAre404() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("review");
        assertError(add(REC, "review", null), 401);
        assertError(call(LIST_DEFINITIONS, null, null, null), 401);
        Map<String, String> noTenant = claims(null, "sup", LABELLER, List.of("/"), false);
        assertError(add(REC, "review", noTenant), 403);
        assertError(define("x", noTenant), 403);
        assertError(call(LIST_DEFINITIONS, null, null, noTenant), 403);
        assertError(add("NOSUCHRECORDING", "review", root()), 404);
        assertError(remove("NOSUCHRECORDING", "review", root()), 404);
        assertError(protect("NOSUCHRECORDING", root()), 404);
        assertError(unprotect("NOSUCHRECORDING", root()), 404);
        assertError(call(ADD, Map.of("id", REC), null, root()), 400);
        assertThat(auditActions()).hasSize(1);
    }

    // ------------------------------------------------------------------ one label on many recordings

    @Test
    void oneLabelGoesOnEveryRecordingTheCallerMaySeeAndTheOthersAreNotFound() {
        postCall("SALES1", "/sales/team1", "vip", "agent1000");
        postCall("SALES2", "/sales/team2", "vip", "agent1001");
        postCall("SUPPORT", "/support/team1", "tech", "agent2000");
        define("review");
        add("SALES2", "review", root());
        long supportVersion = version(RecordingKind.CALL, "SUPPORT");
        Map<String, String> salesSupervisor = claims(ccid, "salessup", LABELLER, List.of("/sales"), false);

        APIGatewayV2HTTPResponse r = addMany("review", List.of("SALES1", "SALES2", "SUPPORT", "NOSUCH", "SALES1"),
                salesSupervisor);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.get("statusCode").asInt()).isZero();
        assertThat(answer.get("label").asText()).isEqualTo("review");
        assertThat(answer.get("added").asInt()).isEqualTo(2);
        assertThat(answer.get("notAdded").asInt()).isEqualTo(2);
        Map<String, String> outcomes = new HashMap<>();
        answer.get("results").forEach(e -> outcomes.put(e.get("id").asText(), e.get("outcome").asText()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("SALES1", "added", "SALES2", "added",
                "SUPPORT", "not found", "NOSUCH", "not found"));
        assertThat(answer.get("results")).hasSize(4);
        assertThat(r.getBody()).doesNotContain("forbidden");

        assertThat(texts(get("SALES1").get("labels"))).containsExactly("review");
        assertThat(texts(get("SALES2").get("labels"))).containsExactly("review");
        assertThat(get("SUPPORT").get("labels")).isEmpty();
        assertThat(version(RecordingKind.CALL, "SUPPORT")).isEqualTo(supportVersion);
        assertThat(auditActions()).containsExactly(
                "Create label definition [review] | review | sup | succeeded",
                "Add label [review] to call-recording | SALES2 | sup | succeeded",
                "Add label [review] to call-recording | SALES1 | salessup | succeeded");
    }

    @Test
    void aBulkRequestIsCheckedWholeBeforeAnythingIsWritten() {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        define("review");
        long v0 = version(RecordingKind.CALL, REC);
        List<String> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "R" + i).toList();

        assertField(addMany("review", hundredAndOne, root()), "recordingIds");
        assertField(addMany("review", List.of(), root()), "recordingIds");
        assertField(addMany("review", List.of(REC, "../../etc/passwd"), root()), "recordingIds[1]");
        assertField(addMany("review", List.of(REC, 42), root()), "recordingIds[1]");
        assertField(addMany("review", List.of(REC, "x".repeat(10_000)), root()), "recordingIds[1]");
        assertField(addMany("undefined", List.of(REC), root()), "label");
        assertField(addMany("rev*", List.of(REC), root()), "label");
        assertField(call(ADD_MANY, null, "{\"label\":\"review\",\"recordingIds\":\"" + REC + "\"}", root()), "recordingIds");
        assertField(call(ADD_MANY, null, "{\"label\":\"review\"}", root()), "recordingIds");
        assertField(call(ADD_MANY, null, "{\"label\":7,\"recordingIds\":[\"" + REC + "\"]}", root()), "label");
        assertField(call(ADD_MANY, null, "{\"recordingIds\":[\"" + REC + "\"]}", root()), "label");
        assertError(call(ADD_MANY, null, "[\"" + REC + "\"]", root()), 400);

        assertThat(json(addMany("review", IntStream.range(0, 100).mapToObj(i -> i == 0 ? REC : "R" + i).toList(), root()))
                .get("added").asInt()).as("a hundred is fine").isEqualTo(1);
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0 + 1);
    }

    // ------------------------------------------------------------------ screen recordings

    @Test
    void screenRecordingsAreLabelledAndProtectedLikeCalls() {
        postCallAndScreen();
        define("review");
        Map<String, String> team1 = claims(ccid, "sup1", LABELLER, List.of("/team1"), false);

        APIGatewayV2HTTPResponse added = call(SCREEN_ADD, Map.of("id", SCREEN_ID, "name", "review"), null, team1);
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(200);
        assertThat(texts(getScreen(SCREEN_ID).get("labels"))).containsExactly("review");
        assertThat(get(GuideFixtures.CALL_ID).get("labels")).as("the call is another recording").isEmpty();

        // The guide's screen comes protected.
        assertError(deleteRecording("DELETE /api/v2/screen-recordings/{id}", SCREEN_ID), 409);
        APIGatewayV2HTTPResponse unprotected = call(SCREEN_UNPROTECT, Map.of("id", SCREEN_ID), null, team1);
        assertThat(unprotected.getStatusCode()).isEqualTo(200);
        assertThat(getScreen(SCREEN_ID).get("nonDelete").asBoolean()).isFalse();
        assertThat(call(SCREEN_PROTECT, Map.of("id", SCREEN_ID), null, team1).getStatusCode()).isEqualTo(200);
        assertThat(getScreen(SCREEN_ID).get("nonDelete").asBoolean()).isTrue();
        assertThat(call(SCREEN_REMOVE, Map.of("id", SCREEN_ID, "name", "review"), null, team1).getStatusCode())
                .isEqualTo(200);
        assertThat(getScreen(SCREEN_ID).get("labels")).isEmpty();

        ObjectNode bulk = Json.object().put("label", "review");
        bulk.putArray("recordingIds").add(SCREEN_ID).add(GuideFixtures.CALL_ID);
        JsonNode many = json(call(SCREEN_ADD_MANY, null, bulk.toString(), team1));
        assertThat(many.get("results").get(0).get("outcome").asText()).isEqualTo("added");
        assertThat(many.get("results").get(1).get("outcome").asText()).as("a call is not a screen").isEqualTo("not found");
        assertThat(texts(getScreen(SCREEN_ID).get("labels"))).containsExactly("review");

        assertThat(auditActions()).containsExactly(
                "Create label definition [review] | review | sup | succeeded",
                "Add label [review] to screen-recording | " + SCREEN_ID + " | sup1 | succeeded",
                "Remove non-deletion from screen-recording | " + SCREEN_ID + " | sup1 | succeeded",
                "Apply non-deletion to screen-recording | " + SCREEN_ID + " | sup1 | succeeded",
                "Remove label [review] from screen-recording | " + SCREEN_ID + " | sup1 | succeeded",
                "Add label [review] to screen-recording | " + SCREEN_ID + " | sup1 | succeeded");
    }

    /** A screen has no access groups of its own: whoever may see its call may label it, and its agent, and root. */
    @ParameterizedTest(name = "{0} [{1}] -> {4}")
    @CsvSource(delimiter = '|', value = {
            "root                 | /       | false | sup       | 200",
            "the call's team      | /team1  | false | sup       | 200",
            "the call's partition | sales   | false | sup       | 200",
            "another team         | /team2  | false | sup       | 404",
            "the screen's agent   | ''      | true  | agent1000 | 200",
            "another agent        | ''      | true  | agent2000 | 404",
            "no groups            | ''      | false | sup       | 404",
    })
    void screenLabelsAndProtectionFollowWhoMaySeeTheScreen(String who, String group, boolean agent, String user,
                                                           int expected) {
        postCallAndScreen();
        define("review");
        long v0 = version(RecordingKind.SCREEN, SCREEN_ID);
        Map<String, String> caller = claims(ccid, user, LABELLER, group.isEmpty() ? List.of() : List.of(group), agent);

        List<APIGatewayV2HTTPResponse> answers = List.of(
                call(SCREEN_ADD, Map.of("id", SCREEN_ID, "name", "review"), null, caller),
                call(SCREEN_UNPROTECT, Map.of("id", SCREEN_ID), null, caller));

        assertThat(answers).allSatisfy(r -> assertThat(r.getStatusCode()).as(who + ": " + r.getBody()).isEqualTo(expected));
        assertThat(version(RecordingKind.SCREEN, SCREEN_ID)).isEqualTo(expected == 200 ? v0 + 2 : v0);
        assertThat(getScreen(SCREEN_ID).get("nonDelete").asBoolean()).isEqualTo(expected != 200);
    }

    @Test
    void anotherTenantCannotReachAScreen() {
        postCallAndScreen();
        String other = ApiEvents.newContactCenter("labels-other-");
        Map<String, String> stranger = claims(other, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of("/"), false);
        assertError(call(SCREEN_UNPROTECT, Map.of("id", SCREEN_ID), null, stranger), 404);
        assertError(call(SCREEN_ADD, Map.of("id", SCREEN_ID, "name", "screenRecording"), null, stranger), 404);
        assertThat(getScreen(SCREEN_ID).get("nonDelete").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ ingest and the API

    @Test
    void aRepostDoesNotUndoWhatTheApiChangedAndANewSegmentAddsOnlyWhatItNames() {
        ObjectNode first = callPost(REC, "/sales/team1", "vip", "agent1000").put("nonDelete", true);
        first.putArray("labels").add("fromPost");
        postCall(first);
        assertThat(texts(get(REC).get("labels"))).containsExactly("fromPost");
        define("byApi");
        remove(REC, "fromPost", root());
        unprotect(REC, root());
        add(REC, "byApi", root());
        long v = version(RecordingKind.CALL, REC);

        postCall(first);
        assertThat(texts(get(REC).get("labels"))).containsExactly("byApi");
        assertThat(get(REC).get("nonDelete").asBoolean()).isFalse();
        assertThat(version(RecordingKind.CALL, REC)).as("the retried post writes nothing").isEqualTo(v);

        ObjectNode quietSegment = callPost(REC, "/sales/team1", "vip", "agent1000");
        ((ObjectNode) quietSegment.get("mediaFiles").get(0)).put("mediaId", REC + "-2.mp3");
        postCall(quietSegment);
        assertThat(texts(get(REC).get("labels"))).containsExactly("byApi");
        assertThat(get(REC).get("nonDelete").asBoolean()).isFalse();

        ObjectNode namingSegment = callPost(REC, "/sales/team1", "vip", "agent1000").put("nonDelete", true);
        ((ObjectNode) namingSegment.get("mediaFiles").get(0)).put("mediaId", REC + "-3.mp3");
        namingSegment.putArray("labels").add("fromPost");
        postCall(namingSegment);
        assertThat(texts(get(REC).get("labels"))).containsExactly("byApi", "fromPost");
        assertThat(get(REC).get("nonDelete").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "posted label [{0}]")
    @ValueSource(strings = {"rev*", "a/b", "..", "a\u0000b", " padded"})
    void anIngestedLabelFollowsTheSameNameRule(String label) {
        ObjectNode post = callPost(REC, "/sales/team1", "vip", "agent1000");
        post.putArray("labels").add("fine").add(label);
        APIGatewayV2HTTPResponse r = ingest.handleRequest(event(INGEST, Map.of("ccid", ccid), null, post.toString(),
                claims(ccid, "mcp", List.of("RECORDING_INGEST"), List.of(), false)), null);
        assertField(r, "labels[1]");
        assertThat(store.find(ccid, RecordingKind.CALL, REC)).isEmpty();
    }

    // ------------------------------------------------------------------ bad input

    static final String TEN_K = "x".repeat(10_000);

    /** Hostile label names on every route that takes one: a clear 400 naming the field, and nothing written. */
    @ParameterizedTest(name = "name [{0}]")
    @ValueSource(strings = {"../../etc/passwd", "..", ".", "a/b", "a\\b", "*", "rev*", "a\u0000b", "a\nb", "a\rb",
            "bell\u0007", "rtl\u202Eexe", "zero\u200Bwidth", " lead", "trail ", ""})
    void hostileNamesAre400OnEveryRouteAndWriteNothing(String name) {
        hostileNameIsRefusedEverywhere(name);
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {129, 10_000})
    void overlongNamesAre400OnEveryRouteAndWriteNothing(int length) {
        hostileNameIsRefusedEverywhere("x".repeat(length));
    }

    private void hostileNameIsRefusedEverywhere(String name) {
        postCall(REC, "/sales/team1", "vip", "agent1000");
        postCallAndScreen();
        define("review");
        add(REC, "review", root());
        long v0 = version(RecordingKind.CALL, REC);
        long s0 = version(RecordingKind.SCREEN, SCREEN_ID);
        List<String> auditBefore = auditActions();
        String bulk = Json.object().put("label", name).set("recordingIds", Json.MAPPER.createArrayNode().add(REC)).toString();

        assertField(define(name, root()), "name");
        assertField(call(DELETE_DEFINITION, Map.of("name", name), null, root()), "name");
        assertField(add(REC, name, root()), "name");
        assertField(remove(REC, name, root()), "name");
        assertField(call(SCREEN_ADD, Map.of("id", SCREEN_ID, "name", name), null, root()), "name");
        assertField(call(SCREEN_REMOVE, Map.of("id", SCREEN_ID, "name", name), null, root()), "name");
        assertField(call(ADD_MANY, null, bulk, root()), "label");
        assertField(call(SCREEN_ADD_MANY, null, bulk, root()), "label");

        assertThat(definitionNames()).containsExactly("screenRecording", "review");
        assertThat(version(RecordingKind.CALL, REC)).isEqualTo(v0);
        assertThat(version(RecordingKind.SCREEN, SCREEN_ID)).isEqualTo(s0);
        assertThat(texts(get(REC).get("labels"))).containsExactly("review");
        assertThat(auditActions()).isEqualTo(auditBefore);
    }

    @ParameterizedTest(name = "id [{0}]")
    @ValueSource(strings = {"../../etc/passwd", "a/b", "a%2Fb", "a\u0000b", "a b", ".."})
    void hostileRecordingIdsAre400(String id) {
        hostileRecordingIdIsRefused(id);
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {129, 10_000})
    void overlongRecordingIdsAre400(int length) {
        hostileRecordingIdIsRefused("A".repeat(length));
    }

    private void hostileRecordingIdIsRefused(String id) {
        define("review");
        assertField(add(id, "review", root()), "id");
        assertField(remove(id, "review", root()), "id");
        assertField(protect(id, root()), "id");
        assertField(unprotect(id, root()), "id");
        assertField(call(SCREEN_PROTECT, Map.of("id", id), null, root()), "id");
        assertField(call(SCREEN_UNPROTECT, Map.of("id", id), null, root()), "id");
        assertThat(auditActions()).hasSize(1);
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {"", "{", "not json", "[1,2", "{\"name\":\"a\",}", "{\"a\":1}{\"b\":2}x", "\"just a string\"",
            "[]", "42", "null", "{\"name\":\"a\",\"name\":\"b\"}"})
    void malformedBodiesAre400AndWriteNothing(String body) {
        List<String> before = definitionNames();
        for (String route : List.of(CREATE_DEFINITION, ADD_MANY, SCREEN_ADD_MANY)) {
            APIGatewayV2HTTPResponse r = call(route, null, body, root());
            assertError(r, 400);
        }
        assertThat(labels.handleRequest(event(CREATE_DEFINITION, null, null, null, root()), null).getStatusCode())
                .isEqualTo(400);
        assertThat(definitionNames()).isEqualTo(before);
        assertThat(auditActions()).isEmpty();
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        assertField(call(CREATE_DEFINITION, null, "{\"name\":42}", root()), "name");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":[\"review\"]}", root()), "name");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":{\"x\":1}}", root()), "name");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":null}", root()), "name");
        assertField(call(CREATE_DEFINITION, null, "{\"description\":\"no name\"}", root()), "name");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":\"ok\",\"description\":7}", root()), "description");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":\"ok\",\"description\":\"" + TEN_K + "\"}", root()),
                "description");
        assertField(call(CREATE_DEFINITION, null, "{\"name\":\"ok\",\"description\":\"a\\u0000b\"}", root()),
                "description");
        assertError(call(CREATE_DEFINITION, null, "[{\"name\":\"ok\"}]", root()), 400);
        assertThat(definitionNames()).containsExactly("screenRecording");
        assertThat(call(CREATE_DEFINITION, null, "{\"name\":\"ok\",\"description\":\"line one\\nline two\"}", root())
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAre413AndWriteNothing() {
        String padding = "x".repeat(1_100_000);
        assertError(call(CREATE_DEFINITION, null, "{\"name\":\"big\",\"description\":\"" + padding + "\"}", root()), 413);
        assertError(call(ADD_MANY, null, "{\"label\":\"big\",\"recordingIds\":[],\"pad\":\"" + padding + "\"}", root()), 413);
        assertError(call(SCREEN_ADD_MANY, null, "{\"label\":\"big\",\"pad\":\"" + padding + "\"}", root()), 413);
        assertThat(definitionNames()).containsExactly("screenRecording");
        assertThat(auditActions()).isEmpty();
    }

    @Test
    void anUnknownRouteIs404() {
        assertError(call("PATCH /api/v2/label-definitions", null, null, root()), 404);
    }
}
