package io.callvault.mux;

import io.callvault.core.ApiEvents;
import io.callvault.core.crypto.EncryptedMedia;
import io.callvault.core.crypto.EnvelopeEncryptor;
import io.callvault.core.crypto.KeyTransport;
import io.callvault.core.crypto.Recipient;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.CertificateStore;
import io.callvault.core.store.EncryptionSettingsStore;
import io.callvault.core.store.MediaLocation;
import io.callvault.core.store.PrivateKeyVault;
import io.callvault.core.store.PrivateKeys;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.core.store.StoredCertificate;
import io.callvault.core.store.TenantRecipients;
import io.callvault.mux.media.Ffmpeg;
import io.callvault.mux.media.ScreenMuxer;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A tenant on the shared stand-ins with a deployed certificate and its private key, and recordings stored the way
 * ingest stores them (metadata through {@link RecordingStore}, media enveloped into the media bucket and attached), for
 * the mux services to work on.
 */
final class MuxWorld {
    static final StandInStack STACK = StandInStack.shared();
    static final String RECORDINGS = STACK.resourceName("RecordingsTable");
    static final String CONTROL = STACK.resourceName("ControlTable");
    static final String MEDIA = STACK.resourceName("MediaBucket");

    final String ccid = ApiEvents.newContactCenter("mux-");
    final Clock clock = Clock.systemUTC();
    final RecordingStore recordings = new RecordingStore(STACK.dynamo(), RECORDINGS, clock);
    final MuxStore store = new MuxStore(STACK.dynamo(), RECORDINGS, clock);
    final CertificateStore certificates = new CertificateStore(STACK.dynamo(), CONTROL);
    final SecretsManagerClient secrets = io.callvault.core.aws.AwsClients.secretsManager(ApiEvents.env(io.callvault.mux.handlers.MuxHandler.class));
    final PrivateKeyVault vault = new PrivateKeyVault(secrets);
    final KeyPair keys = TestPki.ALICE;
    final Recipient recipient;

    MuxWorld() {
        var cert = TestPki.selfSigned(keys, "mux-" + ccid);
        String pem = TestPki.pem(cert);
        certificates.add(ccid, new StoredCertificate("mux", pem, "CN=mux", "CN=mux", "1", Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(86_400), "fp", 2048, true, Instant.now()));
        vault.put(ccid, "mux", TestPki.pkcs8Pem(keys.getPrivate()));
        recipient = new Recipient("mux", cert);
    }

    TenantSettings settings() {
        return new TenantSettings(new SettingsStore(STACK.dynamo(), CONTROL, clock), new SettingSecretVault(secrets),
                new ReceiverUrls(true), "/", clock);
    }

    MuxService service(Path scratch) {
        return new MuxService(store, STACK.s3(), MEDIA, new PrivateKeys(vault, clock),
                new TenantRecipients(certificates, clock), new EncryptionSettingsStore(STACK.dynamo(), CONTROL, clock),
                new EnvelopeEncryptor(), new ScreenMuxer(Ffmpeg.locate()), scratch);
    }

    /** How a stored media file's content is kept: enveloped by callvault, by the media server (PKCS#1 v1.5), or plain. */
    enum Storage { ENVELOPED, MEDIA_SERVER_ENVELOPED, PLAIN, NOT_ARRIVED }

    /** Stores a media file of a recording (metadata first, as a post does) and its content as {@code storage} says. */
    MediaFile store(RecordingKind kind, String recordingId, String callId, String mediaId, String type, Instant start,
                    Instant stop, Path content, Storage storage, String user) throws IOException {
        var params = Json.object();
        if (kind == RecordingKind.CALL && user != null) {
            params.put("username", user);
        } else if (user != null) {
            params.putObject("contact").put("userName", user);
        }
        MediaFile file = MediaFile.builder().mediaId(mediaId).type(type).startTime(start).stopTime(stop)
                .size(Files.size(content)).parameters(params).build();
        Recording.Builder r = Recording.builder(kind).id(recordingId).startTime(start).stopTime(stop).mediaFiles(List.of(file));
        if (kind == RecordingKind.SCREEN) {
            r.callRecordingId(callId);
        }
        recordings.ingest(ccid, r.build());
        if (storage == Storage.NOT_ARRIVED) {
            return file;
        }
        MediaLocation location = recordings.locateMedia(ccid, mediaId).orElseThrow();
        String key = ccid + "/" + (kind == RecordingKind.CALL ? "voice" : "screen") + "/test/" + recordingId + "/" + mediaId
                + "." + UUID.randomUUID().toString().substring(0, 8);
        MediaFile updated = location.media();
        if (storage == Storage.PLAIN) {
            STACK.s3().putObject(b -> b.bucket(MEDIA).key(key), RequestBody.fromFile(content));
        } else {
            KeyTransport transport = storage == Storage.MEDIA_SERVER_ENVELOPED ? KeyTransport.RSA_PKCS1_V15
                    : KeyTransport.RSA_OAEP_SHA256;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EncryptedMedia encrypted;
            try (var in = Files.newInputStream(content)) {
                encrypted = new EnvelopeEncryptor().encrypt(in, out, List.of(recipient), transport);
            }
            STACK.s3().putObject(b -> b.bucket(MEDIA).key(key), RequestBody.fromBytes(out.toByteArray()));
            updated = updated.toBuilder().pkcs7(encrypted.pkcs7Pem()).certAlias(encrypted.certAliases())
                    .size(encrypted.plaintextSize()).build();
        }
        recordings.attachObject(location, updated, key, "test");
        return updated;
    }
}
