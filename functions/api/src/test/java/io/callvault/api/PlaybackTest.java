package io.callvault.api;

import io.callvault.core.store.PrivateKeys;
import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.env;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static io.callvault.core.ApiEvents.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.GuideFixtures;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.core.store.AuditTrail;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/** Playback of media stored by the real ingest path, decrypted by byte range. */
class PlaybackTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String ROUTE = "GET /api/v2/recordings/{id}/play/{mediaFile}";
    static final int SMALL = 100_003;
    static final int LARGE = 5 * 1024 * 1024 + 1;
    /** Set up once: a tenant with a certificate and key, and two recordings, one small and one over 4 MiB. */
    static final Tenant TENANT = new Tenant();

    final PlaybackHandler playback = new PlaybackHandler(env(PlaybackHandler.class));


    /** A contact center with its key material and stored media, made through the real handlers. */
    static final class Tenant {
        final String ccid = UUID.randomUUID().toString();
        final byte[] small = bytes(SMALL, 1);
        final byte[] large = bytes(LARGE, 2);
        final String smallPlay;
        final String largePlay;
        final String mediaBucket = STACK.resourceName("MediaBucket");

        Tenant() {
            new ContactCenterStore(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC())
                    .create(ccid, true, "play-" + ccid, "us");
            var certs = new CertificateHandler(env(CertificateHandler.class));
            var cert = TestPki.selfSigned(TestPki.ALICE, "play");
            certs.handleRequest(event("POST /api/v2/settings/certificates", null, null, Json.object().put("alias", "play")
                    .put("certificate", TestPki.pem(cert)).toString(), admin()), null);
            certs.handleRequest(event("POST /api/v2/settings/private-keys", null, null, Json.object().put("alias", "play")
                    .put("privateKey", TestPki.pkcs8Pem(TestPki.ALICE.getPrivate())).toString(), admin()), null);
            smallPlay = store("SMALLREC0000000000000000000001", "small.mp3", small);
            largePlay = store("LARGEREC0000000000000000000001", "large.mp3", large);
        }

        Map<String, String> admin() {
            return claims(ccid, "sup1", List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_PLAY",
                    "RECORDING_KEY_ADMIN"), List.of("/"), false);
        }

        private String store(String id, String mediaId, byte[] content) {
            var post = GuideFixtures.callRecordingPost(0).put("id", id);
            ((com.fasterxml.jackson.databind.node.ObjectNode) post.get("mediaFiles").get(0)).put("mediaId", mediaId);
            new RecordingIngestHandler(env(RecordingIngestHandler.class)).handleRequest(event(
                    "POST /internal-api/contact-centers/{ccid}/recordings", Map.of("ccid", ccid), null, post.toString(),
                    admin()), null);
            String key = ccid + "/calls/" + mediaId;
            STACK.s3().putObject(b -> b.bucket(STACK.resourceName("IngestBucket")).key(key), RequestBody.fromBytes(content));
            new MediaIngestHandler(env(MediaIngestHandler.class))
                    .handleRequest(MediaIngestTest.s3Event(STACK.resourceName("IngestBucket"), key), null);
            var got = new RecordingHandler(env(RecordingHandler.class)).handleRequest(event("GET /api/v2/recordings/{id}",
                    Map.of("id", id), null, null, admin()), null);
            String path = json(got).get("recording").get("mediaFiles").get(0).get("mediaPath").asText();
            return path.substring(path.lastIndexOf('/') + 1);
        }

        String objectKey(String recordingId) {
            return STACK.s3().listObjectsV2(b -> b.bucket(mediaBucket).prefix(ccid + "/voice/2015/06/24/" + recordingId))
                    .contents().get(0).key();
        }

        static byte[] bytes(int n, long seed) {
            byte[] b = new byte[n];
            new Random(seed).nextBytes(b);
            return b;
        }
    }

    APIGatewayV2HTTPResponse play(String id, String file, String range, Map<String, String> who) {
        APIGatewayV2HTTPEvent e = withHeader(event(ROUTE, Map.of("id", id, "mediaFile", file), null, null, who), "range", range);
        return playback.handleRequest(e, null);
    }

    APIGatewayV2HTTPResponse playSmall(String range) {
        return play("SMALLREC0000000000000000000001", TENANT.smallPlay, range, TENANT.admin());
    }

    static byte[] body(APIGatewayV2HTTPResponse r) {
        assertThat(r.getIsBase64Encoded()).isTrue();
        return Base64.getDecoder().decode(r.getBody());
    }

    @Test
    void aSmallFilePlaysWhole() {
        APIGatewayV2HTTPResponse r = playSmall(null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(TENANT.small);
        assertThat(r.getHeaders()).containsEntry("accept-ranges", "bytes").containsEntry("content-type", "audio/mp3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bytes=0-0,             0,      0",
            "bytes=10-20,           10,     20",
            "bytes=99990-,          99990,  100002",
            "bytes=-16,             99987,  100002",
            "bytes=100002-100002,   100002, 100002",
            "bytes=99980-100100,    99980,  100002",
            "bytes=0-100002,        0,      100002",
            "'bytes=16-31,40-50',   16,     31",
    })
    void everyRangeFormDecryptsExactlyTheBytesAsked(String range, long first, long last) {
        APIGatewayV2HTTPResponse r = playSmall(range);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(206);
        assertThat(r.getHeaders()).containsEntry("content-range", "bytes " + first + "-" + last + "/" + SMALL);
        assertThat(body(r)).isEqualTo(Arrays.copyOfRange(TENANT.small, (int) first, (int) last + 1));
    }

    @Test
    void aRangePastTheEndIs416WithTheSize() {
        APIGatewayV2HTTPResponse r = playSmall("bytes=100003-");
        assertThat(r.getStatusCode()).isEqualTo(416);
        assertThat(r.getHeaders()).containsEntry("content-range", "bytes */" + SMALL);
        assertThat(playSmall("bytes=abc").getStatusCode()).isEqualTo(200);
    }

    @Test
    void aFileOverOneResponseComesInFourMebibyteSlices() {
        APIGatewayV2HTTPResponse first = play("LARGEREC0000000000000000000001", TENANT.largePlay, null, TENANT.admin());
        assertThat(first.getStatusCode()).isEqualTo(206);
        assertThat(first.getHeaders()).containsEntry("content-range", "bytes 0-4194303/" + LARGE);
        assertThat(body(first)).isEqualTo(Arrays.copyOf(TENANT.large, 4 * 1024 * 1024));
        APIGatewayV2HTTPResponse rest = play("LARGEREC0000000000000000000001", TENANT.largePlay, "bytes=4194304-",
                TENANT.admin());
        assertThat(rest.getHeaders()).containsEntry("content-range", "bytes 4194304-" + (LARGE - 1) + "/" + LARGE);
        assertThat(body(rest)).isEqualTo(Arrays.copyOfRange(TENANT.large, 4 * 1024 * 1024, LARGE));
        assertThat(Base64.getEncoder().encodeToString(body(first)).length()).isLessThan(6 * 1000 * 1000);
    }

    @Test
    void playIsCheckedAndAudited() {
        String id = "SMALLREC0000000000000000000001";
        assertThat(play(id, TENANT.smallPlay, null, claims(TENANT.ccid, "r", List.of("RECORDING_READ"), List.of("/"), false))
                .getStatusCode()).isEqualTo(403);
        assertThat(play(id, TENANT.smallPlay, null, claims(TENANT.ccid, "p", List.of("RECORDING_PLAY"), List.of("/team2"),
                false)).getStatusCode()).isEqualTo(404);
        assertThat(play(id, TENANT.smallPlay, null, claims(UUID.randomUUID().toString(), "p", List.of("RECORDING_PLAY"),
                List.of("/"), false)).getStatusCode()).isEqualTo(404);
        assertThat(play(id, TENANT.smallPlay, null, claims(TENANT.ccid, "agent1000", List.of(), List.of(), true))
                .getStatusCode()).isEqualTo(200);
        assertThat(play(id, UUID.randomUUID() + ".mp3", null, TENANT.admin()).getStatusCode()).isEqualTo(404);
        assertThat(play(id, "../../x.mp3", null, TENANT.admin()).getStatusCode()).isEqualTo(400);

        var audit = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(TENANT.ccid);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).startsWith("Play media [small.mp3] of recording [" + id + "]");
            assertThat(e.actor()).isEqualTo("agent1000");
            assertThat(e.outcome()).isEqualTo("succeeded");
        });
    }

    @Test
    void corruptTruncatedOrWronglyKeyedMediaFailsOneWayAndLeaksNothing() {
        Tenant t = new Tenant();
        String id = "SMALLREC0000000000000000000001";
        String key = t.objectKey(id);
        byte[] original = STACK.s3().getObjectAsBytes(b -> b.bucket(t.mediaBucket).key(key)).asByteArray();

        byte[] flipped = original.clone();
        flipped[flipped.length - 1] ^= 0x01;
        STACK.s3().putObject(b -> b.bucket(t.mediaBucket).key(key), RequestBody.fromBytes(flipped));
        APIGatewayV2HTTPResponse a = play(id, t.smallPlay, "bytes=-10", t.admin());

        STACK.s3().putObject(b -> b.bucket(t.mediaBucket).key(key),
                RequestBody.fromBytes(Arrays.copyOf(original, original.length - 32)));
        APIGatewayV2HTTPResponse b = play(id, t.smallPlay, null, t.admin());

        STACK.s3().putObject(b2 -> b2.bucket(t.mediaBucket).key(key), RequestBody.fromBytes(original));
        new PrivateKeyVault(AwsClients.secretsManager(new FunctionEnvironment(STACK.awsEnvironment())))
                .put(t.ccid, "play", TestPki.pkcs8Pem(TestPki.BOB.getPrivate()));
        // A fresh function: a warm one keeps a key it read for up to five minutes (PrivateKeys.TTL).
        APIGatewayV2HTTPResponse c = new PlaybackHandler(env(PlaybackHandler.class)).handleRequest(
                event(ROUTE, Map.of("id", id, "mediaFile", t.smallPlay), null, null, t.admin()), null);

        for (APIGatewayV2HTTPResponse r : List.of(a, b, c)) {
            assertThat(r.getStatusCode()).isEqualTo(500);
            assertThat(r.getIsBase64Encoded()).isFalse();
        }
        assertThat(a.getBody()).isEqualTo(b.getBody()).isEqualTo(c.getBody());
        assertThat(json(a).get("message").asText()).startsWith("Playback Error - Encrypted");
    }
}
