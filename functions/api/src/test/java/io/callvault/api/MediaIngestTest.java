package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.env;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.GuideFixtures;
import io.callvault.core.crypto.EnvelopeDecryptor;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Media from the ingest bucket to the media bucket, encrypted, on DynamoDB Local, s3proxy and real BouncyCastle. */
class MediaIngestTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String MEDIA_ID = GuideFixtures.callRecording().get("mediaFiles").get(0).get("mediaId").asText();

    final RecordingIngestHandler metadata = new RecordingIngestHandler(env(RecordingIngestHandler.class));
    final RecordingHandler recordings = new RecordingHandler(env(RecordingHandler.class));
    final CertificateHandler certificates = new CertificateHandler(env(CertificateHandler.class));
    final MediaIngestHandler media = new MediaIngestHandler(env(MediaIngestHandler.class));
    final String ingestBucket = STACK.resourceName("IngestBucket");
    final String mediaBucket = STACK.resourceName("MediaBucket");
    final byte[] audio = new byte[100_003];
    String ccid;


    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("media-");
        new Random(7).nextBytes(audio);
    }

    Map<String, String> admin() {
        return claims(ccid, "admin", List.of("RECORDING_INGEST", "RECORDING_READ", "RECORDING_KEY_ADMIN"), List.of("/"), false);
    }

    void postMetadata(ObjectNode body) {
        var response = metadata.handleRequest(event("POST /internal-api/contact-centers/{ccid}/recordings",
                Map.of("ccid", ccid), null, body.toString(), admin()), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    }

    void deploy(String alias, java.security.cert.X509Certificate cert) {
        var response = certificates.handleRequest(event("POST /api/v2/settings/certificates", null, null,
                Json.object().put("alias", alias).put("certificate", TestPki.pem(cert)).toString(), admin()), null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    }

    String ingestKey() {
        return ccid + "/calls/" + MEDIA_ID;
    }

    void upload() {
        STACK.s3().putObject(b -> b.bucket(ingestBucket).key(ingestKey()), RequestBody.fromBytes(audio));
    }

    String deliver() {
        return media.handleRequest(s3Event(ingestBucket, ingestKey()), null);
    }

    JsonNode storedMediaFile() {
        var response = recordings.handleRequest(event("GET /api/v2/recordings/{id}", Map.of("id", GuideFixtures.CALL_ID),
                null, null, admin()), null);
        return json(response).get("recording").get("mediaFiles").get(0);
    }

    List<S3Object> mediaObjects() {
        return STACK.s3().listObjectsV2(b -> b.bucket(mediaBucket).prefix(ccid + "/")).contents();
    }

    boolean waitingInIngest() {
        return !STACK.s3().listObjectsV2(b -> b.bucket(ingestBucket).prefix(ccid + "/")).contents().isEmpty();
    }

    byte[] decrypt(JsonNode file, PrivateKey key) throws Exception {
        S3Object object = mediaObjects().get(0);
        byte[] ciphertext = STACK.s3().getObjectAsBytes(b -> b.bucket(mediaBucket).key(object.key())).asByteArray();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (var contentKey = EnvelopeDecryptor.open(file.get("pkcs7").asText(), key)) {
            EnvelopeDecryptor.decryptAll(contentKey, new ByteArrayInputStream(ciphertext), plain);
        }
        return plain.toByteArray();
    }

    @Test
    void metadataThenMediaIsEncryptedIntoTheMediaBucket() throws Exception {
        deploy("rec", TestPki.selfSigned(TestPki.ALICE, "rec"));
        postMetadata(GuideFixtures.callRecordingPost(0));
        upload();

        assertThat(deliver()).isEqualTo("STORED");

        JsonNode file = storedMediaFile();
        assertThat(file.get("pkcs7").asText()).startsWith("-----BEGIN PKCS7-----");
        assertThat(file.get("certAlias")).extracting(JsonNode::asText).containsExactly("rec");
        assertThat(file.get("size").asText()).isEqualTo(Integer.toString(audio.length));
        assertThat(mediaObjects()).singleElement().satisfies(o -> {
            assertThat(o.key()).startsWith(ccid + "/voice/2015/06/24/" + GuideFixtures.CALL_ID + "/" + MEDIA_ID + ".");
            assertThat(o.size()).isEqualTo((audio.length / 16 + 1) * 16L);
        });
        byte[] stored = STACK.s3().getObjectAsBytes(b -> b.bucket(mediaBucket).key(mediaObjects().get(0).key())).asByteArray();
        assertThat(indexOf(stored, java.util.Arrays.copyOf(audio, 64))).as("plaintext in the media bucket").isNegative();
        assertThat(decrypt(file, TestPki.ALICE.getPrivate())).isEqualTo(audio);
        assertThat(waitingInIngest()).isFalse();
    }

    @Test
    void mediaThenMetadataEndsInTheSameStoredRecording() throws Exception {
        deploy("rec", TestPki.selfSigned(TestPki.ALICE, "rec"));
        upload();
        assertThat(deliver()).isEqualTo("WAITING_FOR_METADATA");
        assertThat(waitingInIngest()).isTrue();

        postMetadata(GuideFixtures.callRecordingPost(0)); // re-drives the waiting media (a new ObjectCreated)
        assertThat(deliver()).isEqualTo("STORED");

        assertThat(decrypt(storedMediaFile(), TestPki.ALICE.getPrivate())).isEqualTo(audio);
        assertThat(waitingInIngest()).isFalse();
    }

    @Test
    void withoutACertificateMediaWaitsInPlaintextOnlyInIngestUntilOneIsDeployed() throws Exception {
        postMetadata(GuideFixtures.callRecordingPost(0));
        upload();
        assertThat(deliver()).isEqualTo("WAITING_FOR_CERTIFICATE");
        assertThat(mediaObjects()).isEmpty();
        assertThat(waitingInIngest()).isTrue();
        assertThat(storedMediaFile().has("pkcs7")).isFalse();

        // An expired certificate does not count; a valid one does, and deploying it re-drives the media.
        Instant now = Instant.now();
        deploy("old", TestPki.selfSigned(TestPki.BOB, "old", now.minus(30, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS)));
        assertThat(deliver()).isEqualTo("STORED");
        assertThat(decrypt(storedMediaFile(), TestPki.BOB.getPrivate())).isEqualTo(audio);
    }

    @Test
    void aDuplicateEventStoresOnce() {
        deploy("rec", TestPki.selfSigned(TestPki.ALICE, "rec"));
        postMetadata(GuideFixtures.callRecordingPost(0));
        upload();
        var event = s3Event(ingestBucket, ingestKey());
        assertThat(media.handleRequest(event, null)).isEqualTo("STORED");
        assertThat(media.handleRequest(event, null)).isEqualTo("ALREADY_STORED");
        upload(); // the media server uploads the same file again
        assertThat(deliver()).isEqualTo("ALREADY_STORED");
        assertThat(mediaObjects()).hasSize(1);
        assertThat(waitingInIngest()).isFalse();
    }

    @Test
    void everyDeployedCertificateIsARecipientAndEachKeyAloneDecrypts() throws Exception {
        deploy("alice", TestPki.selfSigned(TestPki.ALICE, "alice"));
        deploy("bob", TestPki.selfSigned(TestPki.BOB, "bob"));
        postMetadata(GuideFixtures.callRecordingPost(0));
        upload();
        deliver();

        JsonNode file = storedMediaFile();
        assertThat(file.get("certAlias")).extracting(JsonNode::asText).containsExactlyInAnyOrder("alice", "bob");
        assertThat(decrypt(file, TestPki.ALICE.getPrivate())).isEqualTo(audio);
        assertThat(decrypt(file, TestPki.BOB.getPrivate())).isEqualTo(audio);
    }

    @Test
    void mediaTheMediaServerEncryptedIsStoredAsItIs() throws Exception {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        var encrypted = new EnvelopeEncryptor().encrypt(new ByteArrayInputStream(audio), ciphertext,
                List.of(new Recipient("mcp", TestPki.selfSigned(TestPki.ALICE, "mcp"))), KeyTransport.RSA_PKCS1_V15);
        ObjectNode post = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) post.get("mediaFiles").get(0)).put("pkcs7", encrypted.pkcs7Pem()).putArray("certAlias").add("mcp");
        postMetadata(post);
        STACK.s3().putObject(b -> b.bucket(ingestBucket).key(ingestKey()), RequestBody.fromBytes(ciphertext.toByteArray()));

        assertThat(deliver()).isEqualTo("STORED");
        byte[] stored = STACK.s3().getObjectAsBytes(b -> b.bucket(mediaBucket).key(mediaObjects().get(0).key())).asByteArray();
        assertThat(stored).isEqualTo(ciphertext.toByteArray());
        assertThat(decrypt(storedMediaFile(), TestPki.ALICE.getPrivate())).isEqualTo(audio);
    }

    @Test
    void aBrokenMediaServerEnvelopeIsRejectedAndTheMediaKept() {
        ObjectNode post = GuideFixtures.callRecordingPost(0);
        ((ObjectNode) post.get("mediaFiles").get(0)).put("pkcs7", "-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n");
        postMetadata(post);
        upload();
        assertThat(deliver()).isEqualTo("REJECTED");
        assertThat(mediaObjects()).isEmpty();
        assertThat(waitingInIngest()).isTrue();
    }

    @Test
    void keysOutsideTheConventionAreIgnored() {
        STACK.s3().putObject(b -> b.bucket(ingestBucket).key(ccid + "/other/x.mp3"),
                RequestBody.fromString("x", StandardCharsets.UTF_8));
        assertThat(media.handleRequest(s3Event(ingestBucket, ccid + "/other/x.mp3"), null)).isEqualTo("IGNORED");
    }

    static S3Event s3Event(String bucket, String key) {
        var record = new S3EventNotification.S3EventNotificationRecord("us-east-1", "ObjectCreated:Put", "aws:s3",
                Instant.now().toString(), "2.1", new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity("t", "t"),
                new S3EventNotification.S3Entity("t", new S3EventNotification.S3BucketEntity(bucket,
                        new S3EventNotification.UserIdentityEntity("t"), "arn:aws:s3:::" + bucket),
                        new S3EventNotification.S3ObjectEntity(key, 0L, "etag", null, "1"), "1.0"),
                new S3EventNotification.UserIdentityEntity("t"));
        return new S3Event(List.of(record));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
