package io.callvault.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.settings.InteractionReceiver;
import io.callvault.core.settings.ReceiverClient.Kind;
import io.callvault.core.settings.ReceiverClient.Outcome;
import io.callvault.core.settings.ReceiverClient;
import io.callvault.core.settings.ReceiverUrls;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ReceiverClient} against a real HTTP server on 127.0.0.1: what each answer means, and where it never connects. */
class AnalyticsNotifyReceiverClientTest {
    static final String PASSWORD = "pw-that-must-not-leak";
    final TestReceiver server = new TestReceiver();
    final ReceiverClient client = new ReceiverClient(new ReceiverUrls(true), Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void close() {
        server.close();
    }

    static InteractionReceiver receiver(String url) {
        return new InteractionReceiver(URI.create(url), "sm-user", PASSWORD, "/");
    }

    Outcome post(String url) {
        Outcome o = client.post(receiver(url), "{\"id\":\"x\"}");
        assertThat(o.toString()).doesNotContain(PASSWORD, "sm-user");
        return o;
    }

    @ParameterizedTest(name = "HTTP {0} is delivered")
    @ValueSource(ints = {200, 201, 202, 204})
    void successIsDelivered(int status) {
        assertThat(post(server.answer(status).url()).kind()).isEqualTo(Kind.DELIVERED);
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
    void transientAnswersAreRetryable(int status) {
        Outcome o = post(server.answer(status).url());
        assertThat(o.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(o.statusCode()).isEqualTo(status);
    }

    @ParameterizedTest(name = "HTTP {0} is permanent")
    @ValueSource(ints = {301, 302, 307, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422})
    void otherAnswersArePermanentAndRedirectsAreNotFollowed(int status) {
        Outcome o = post(server.answer(status).url());
        assertThat(o.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(o.statusCode()).isEqualTo(status);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aRefusedConnectionAndASlowReceiverAreRetryable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Outcome refused = post("http://127.0.0.1:" + closedPort + "/ir");
        assertThat(refused.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(refused.statusCode()).isNull();
        server.delay(Duration.ofSeconds(4));
        Outcome slow = post(server.url());
        assertThat(slow.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(slow.detail()).contains("did not answer within 2 s");
    }

    @Test
    void forbiddenAddressesAreNeverContacted() {
        ReceiverClient deployed = new ReceiverClient(new ReceiverUrls(false), Duration.ofSeconds(2), Duration.ofSeconds(2));
        Outcome loopback = deployed.post(receiver(server.url()), "{}");
        assertThat(loopback.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(loopback.detail()).contains("loopback");
        assertThat(deployed.post(receiver("http://localhost:" + URI.create(server.url()).getPort() + "/ir"), "{}").kind())
                .isEqualTo(Kind.PERMANENT);
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                "http://[::ffff:169.254.170.2]/v2/credentials", "http://0.0.0.0:9001/"}) {
            Outcome o = post(url);
            assertThat(o.kind()).as(url).isEqualTo(Kind.PERMANENT);
            assertThat(o.statusCode()).isNull();
        }
        assertThat(server.received()).isEmpty();
    }
}
