package io.callvault.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.codec.InvalidFieldException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSRF: an analytics receiver URL never points callvault at metadata, link-local or loopback addresses. */
class ReceiverUrlsTest {
    static final ReceiverUrls STRICT = new ReceiverUrls(false);
    static final ReceiverUrls LOCAL = new ReceiverUrls(true);

    @ParameterizedTest(name = "accepted [{0}]")
    @ValueSource(strings = {"http://sm.example.com/interactionreceiver", "https://sm.example.com:8443/ir/",
            "http://10.0.0.5:8080/interactionreceiver", "http://192.168.1.20/ir", "http://172.16.0.1/ir",
            "https://[2001:db8::1]/ir", "http://[fd12:3456::1]/ir", "HTTPS://SM.EXAMPLE.COM/ir?tenant=a",
            "http://8.8.8.8/ir", "http://sm.example.com./ir"})
    void ordinaryAndPrivateNetworkReceiversAreAccepted(String url) {
        assertThat(STRICT.check("value.uri-prefix", url)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest(name = "refused [{0}]")
    @ValueSource(strings = {
            // instance metadata, ECS credentials, link-local, in every spelling
            "http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials", "http://169.254.0.1/",
            "http://[fd00:ec2::254]/latest/meta-data/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/", "http://[fe80::1]/", "http://[fe80::1%25eth0]/",
            "http://2852039166/", "http://0xA9FEA9FE/", "http://0251.0376.0251.0376/", "http://169.254.43518/",
            "http://0169.254.169.254/", "http://169.254.169.254.:80/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://instance-data/latest/", "http://instance-data.ec2.internal/",
            // loopback (the Lambda Runtime API), unspecified, multicast, broadcast
            "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "http://127.1.2.3/", "http://localhost/",
            "http://LOCALHOST./", "http://a.localhost/", "http://[::1]/", "http://0.0.0.0/", "http://[::]/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://256.1.1.1/",
            // not http(s), credentials in the URL, fragments, no host, junk
            "ftp://sm.example.com/", "file:///etc/passwd", "javascript:alert(1)", "gopher://sm.example.com:25/",
            "http://user:pass@sm.example.com/", "http://169.254.169.254@sm.example.com/", "http://sm.example.com/#frag",
            "http:///ir", "http://sm_example.com/", "http://sm.example.com:0/", "//sm.example.com/ir", "sm.example.com",
            "http://sm.example.com/a b", "http://sm.example.com/\u0000", "http://sm.exa\tmple.com/", "",
            "http://exämple.com/"})
    void dangerousOrMalformedReceiversAreRefused(String url) {
        assertThatThrownBy(() -> STRICT.check("value.uri-prefix", url)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("value.uri-prefix"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\t"));
    }

    @Test
    void aVeryLongUrlIsRefusedWithoutEchoingIt() {
        String url = "http://sm.example.com/" + "a".repeat(10_000);
        assertThatThrownBy(() -> STRICT.check("f", url)).hasMessageContaining("longer than")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void loopbackIsAllowedOnlyWhereTheLocalRuntimeSaysSo() {
        assertThat(LOCAL.check("f", "http://127.0.0.1:8099/ir")).isNotNull();
        assertThat(LOCAL.check("f", "http://localhost:8099/ir")).isNotNull();
        assertThatThrownBy(() -> LOCAL.check("f", "http://169.254.169.254/")).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> STRICT.check("f", "http://127.0.0.1:8099/ir")).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void resolvingForSendingRefusesNamesThatLeadToForbiddenAddresses() throws Exception {
        assertThatThrownBy(() -> STRICT.resolve(URI.create("http://localhost:8080/ir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolves to");
        assertThat(LOCAL.resolve(URI.create("http://localhost:8080/ir"))).isNotEmpty();
        assertThat(STRICT.resolve(URI.create("http://10.1.2.3/ir"))).extracting(InetAddress::getHostAddress)
                .containsExactly("10.1.2.3");
        assertThat(STRICT.forbidden(InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(STRICT.forbidden(InetAddress.getByName("fd00:ec2::254"))).isTrue();
        assertThat(STRICT.forbidden(InetAddress.getByName("fd00:ec2::253"))).isFalse();
        assertThat(STRICT.forbidden(InetAddress.getByName("::ffff:10.0.0.1"))).isFalse();
    }
}
