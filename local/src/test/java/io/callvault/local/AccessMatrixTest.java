package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.standins.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One access rule everywhere (architecture doc): for each kind of caller, search, get, play, label, protect and
 * delete of one recording through the local runtime over HTTP agree on whether the caller may see it. The
 * recording's one media file is at hierarchy path /sales/team1, in partition vip, recorded from agent7.
 */
class AccessMatrixTest {
    static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    static final String ID = "MATRIX0000000000000000000000001";
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static LocalRuntime runtime;
    static Http http;
    static String ccid;
    static String otherCcid;
    static String mediaUri;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(TEMPLATE, null, 0, Clock.systemUTC());
        http = new Http(runtime.baseUri());
        String ops = runtime.issuer().mint("-", "ops", List.of("OPS"), List.of(), false, Duration.ofMinutes(10));
        ccid = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Matrix\",\"region\":\"us\"}").json().get("id").asText();
        otherCcid = http.post("/api/v2/ops/contact-centers", ops, "{\"name\":\"Other\",\"region\":\"us\"}").json().get("id").asText();
        String admin = runtime.issuer().mint(ccid, "admin", List.of("RECORDING_KEY_ADMIN", "RECORDING_INGEST", "RECORDING_READ"),
                List.of("/"), false, Duration.ofMinutes(10));
        var cert = TestPki.selfSigned(TestPki.ALICE, "matrix");
        assertThat(http.post("/api/v2/settings/certificates", admin, Json.object().put("alias", "matrix")
                .put("certificate", TestPki.pem(cert)).toString()).status()).isEqualTo(200);
        assertThat(http.post("/api/v2/settings/private-keys", admin, Json.object().put("alias", "matrix")
                .put("privateKey", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())).toString()).status()).isEqualTo(200);
        post(admin, ID, "matrix.mp3");
        byte[] audio = new byte[20_000];
        new java.util.Random(5).nextBytes(audio);
        JsonNode upload = http.post("/internal-api/contact-centers/" + ccid + "/media-uploads", admin,
                "{\"mediaId\":\"matrix.mp3\",\"contentType\":\"audio/mp3\",\"size\":" + audio.length + "}").json();
        assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                .header("content-type", "audio/mp3").PUT(HttpRequest.BodyPublishers.ofByteArray(audio)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        runtime.deliverS3Notifications();
        mediaUri = http.get("/api/v2/recordings/" + ID, admin).json().get("recording").get("mediaFiles").get(0)
                .get("mediaUri").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (search(admin).isEmpty() && System.nanoTime() < deadline) {
            runtime.deliverStreamRecords();
            Thread.sleep(200);
        }
        assertThat(search(admin)).containsExactly(ID);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static void post(String token, String id, String mediaId) {
        post(token, id, mediaId, "1000");
    }

    /** Recordings made only to be deleted get another caller number, so the searches above never see them. */
    static void post(String token, String id, String mediaId, String callerNumber) {
        ObjectNode body = GuideFixtures.callRecordingPost(0).put("id", id).put("callerPhoneNumber", callerNumber);
        ObjectNode file = (ObjectNode) body.get("mediaFiles").get(0);
        file.put("mediaId", mediaId);
        file.putArray("accessgroups").add("/sales/team1");
        file.putArray("partitions").add("vip");
        ((ObjectNode) file.get("parameters")).put("username", "agent7");
        Http.Response r = http.post("/internal-api/contact-centers/" + ccid + "/recordings", token, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static List<String> search(String token) {
        Http.Response r = http.get("/api/v2/recordings?callerPhoneNumber=1000", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("recordings").forEach(x -> ids.add(x.get("id").asText()));
        return ids;
    }

    static int play(String token) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(mediaUri)).header("Authorization", "Bearer " + token)
                .header("Range", "bytes=0-99").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @ParameterizedTest(name = "{0}: sees={4}")
    @CsvSource(delimiter = ';', value = {
            // who;        tenant; groups;         agent user; sees
            "root;         own;    /;              ;           true",
            "team prefix;  own;    /sales;         ;           true",
            "own team;     own;    /sales/team1;   ;           true",
            "sibling team; own;    /sales/team2;   ;           false",
            "name prefix;  own;    /sales/team;    ;           false",
            "partition;    own;    vip;            ;           true",
            "agent own;    own;    ;               agent7;     true",
            "other agent;  own;    ;               agent8;     false",
            "no groups;    own;    ;               ;           false",
            "other tenant; other;  /;              ;           false",
    })
    void searchGetPlayLabelProtectAndDeleteAgree(String who, String tenant, String groups, String agentUser, boolean sees) throws Exception {
        boolean agent = agentUser != null;
        String cc = tenant.equals("own") ? ccid : otherCcid;
        List<String> permissions = agent ? List.of() : List.of("RECORDING_READ", "RECORDING_PLAY", "RECORDING_DELETE",
                "RECORDING_PERMISSION_ADD_LABEL", "RECORDING_PERMISSION_DELETE_LABEL",
                "RECORDING_PERMISSION_APPLY_NON_DELETE", "RECORDING_PERMISSION_UNAPPLY_NON_DELETE");
        String token = runtime.issuer().mint(cc, agent ? agentUser : "sup-" + who.replace(' ', '-'), permissions,
                groups == null ? List.of() : List.of(groups), agent, Duration.ofMinutes(10));

        assertThat(search(token)).as("search").isEqualTo(sees ? List.of(ID) : List.of());
        assertThat(http.get("/api/v2/recordings/" + ID, token).status()).as("get").isEqualTo(sees ? 200 : 404);
        assertThat(play(token)).as("play").isEqualTo(sees ? 206 : 404);
        String label = "/api/v2/recordings/" + ID + "/labels/screenRecording";
        String protection = "/api/v2/recordings/" + ID + "/non-delete";
        int labelled = agent ? 403 : sees ? 200 : 404;
        assertThat(http.send("PUT", label, token, null).status()).as("add label").isEqualTo(labelled);
        assertThat(http.send("DELETE", label, token, null).status()).as("remove label").isEqualTo(labelled);
        assertThat(http.send("PUT", protection, token, null).status()).as("protect").isEqualTo(labelled);
        assertThat(http.send("DELETE", protection, token, null).status()).as("unprotect").isEqualTo(labelled);
        if (agent) {
            assertThat(http.delete("/api/v2/recordings/" + ID, token).status()).as("agents may not delete").isEqualTo(403);
        } else if (!sees) {
            assertThat(http.delete("/api/v2/recordings/" + ID, token).status()).as("delete").isEqualTo(404);
        } else {
            String admin = runtime.issuer().mint(ccid, "admin", List.of("RECORDING_INGEST"), List.of("/"), false,
                    Duration.ofMinutes(10));
            String own = "MATRIXDEL" + Math.abs(who.hashCode());
            post(admin, own, own + ".mp3", "9999");
            assertThat(http.delete("/api/v2/recordings/" + own, token).status()).as("delete").isEqualTo(200);
        }
        assertThat(http.get("/api/v2/recordings/" + ID, runtime.issuer().mint(ccid, "root", List.of("RECORDING_READ"),
                List.of("/"), false, Duration.ofMinutes(10))).status()).as("the recording is still there").isEqualTo(200);
    }
}
