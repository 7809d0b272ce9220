package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class S3NotificationPumpTest {
    static StandInStack stack;
    static FunctionHost functions;
    static S3NotificationPump pump;
    static String bucket;

    @BeforeAll
    static void start() throws Exception {
        Path template = Path.of(S3NotificationPumpTest.class.getResource("/s3-trigger-template.yaml").toURI());
        stack = StandInStack.start(SamTemplate.read(template), null);
        functions = new FunctionHost(stack);
        pump = new S3NotificationPump(stack, functions, 60_000);
        bucket = stack.resourceName("DropBucket");
    }

    @AfterAll
    static void stop() {
        pump.close();
        stack.close();
    }

    @BeforeEach
    void reset() {
        RecordingS3Handler.RECEIVED.clear();
        RecordingS3Handler.FAILURES_TO_INJECT.set(0);
    }

    @Test
    void aPresignedPutBecomesOneObjectCreatedEvent() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(stack.s3Endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        io.callvault.standins.S3Local.ACCESS_KEY, io.callvault.standins.S3Local.SECRET_KEY))
                .build()) {
            URI url = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(p -> p.bucket(bucket).key("cc/calls/REC1/a b.mp3"))).url().toURI();
            HttpURLConnection put = (HttpURLConnection) url.toURL().openConnection();
            put.setRequestMethod("PUT");
            put.setDoOutput(true);
            put.getOutputStream().write("audio".getBytes(StandardCharsets.UTF_8));
            assertThat(put.getResponseCode()).isEqualTo(200);
        }
        pump.pass();
        pump.pass();

        assertThat(RecordingS3Handler.RECEIVED).hasSize(1);
        var record = RecordingS3Handler.RECEIVED.get(0).getRecords().get(0);
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getS3().getBucket().getName()).isEqualTo(bucket);
        assertThat(record.getS3().getObject().getKey()).isEqualTo("cc/calls/REC1/a+b.mp3");
        assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("cc/calls/REC1/a b.mp3");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(5L);
    }

    @Test
    void aRewrittenObjectIsAnnouncedAgainAndAFailedDeliveryIsRetried() {
        stack.s3().putObject(b -> b.bucket(bucket).key("k1"), RequestBody.fromString("one"));
        RecordingS3Handler.FAILURES_TO_INJECT.set(1);
        pump.pass();
        assertThat(RecordingS3Handler.RECEIVED).isEmpty();
        pump.pass();
        assertThat(RecordingS3Handler.RECEIVED).hasSize(1);

        stack.s3().putObject(b -> b.bucket(bucket).key("k1"), RequestBody.fromString("two"));
        pump.pass();
        assertThat(RecordingS3Handler.RECEIVED).hasSize(2);
        stack.s3().deleteObject(b -> b.bucket(bucket).key("k1"));
    }
}
