package io.callvault.api;

import io.callvault.core.ApiEvents;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.env;
import static io.callvault.core.ApiEvents.event;
import static io.callvault.core.ApiEvents.json;
import static io.callvault.core.ApiEvents.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.crypto.OpenSsl;
import io.callvault.core.crypto.TestPki;
import io.callvault.core.store.AuditTrail;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET .../export/{file}.p7m}: the encrypted DER file, by range, opened by the openssl CLI. */
class ExportTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String ROUTE = "GET /api/v2/recordings/{id}/export/{mediaFile}";
    static final String SMALL_ID = "SMALLREC0000000000000000000001";
    static final String LARGE_ID = "LARGEREC0000000000000000000001";
    static final PlaybackTest.Tenant TENANT = PlaybackTest.TENANT;
    static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    final PlaybackHandler handler = new PlaybackHandler(env(PlaybackHandler.class));

    APIGatewayV2HTTPResponse export(String id, String file, String range, Map<String, String> who) {
        APIGatewayV2HTTPEvent e = withHeader(event(ROUTE, Map.of("id", id, "mediaFile", file), null, null, who), "range", range);
        return handler.handleRequest(e, null);
    }

    static String p7m(String playFile) {
        return playFile.substring(0, playFile.lastIndexOf('.')) + ".p7m";
    }

    /** Downloads the whole file the way the README tells clients to: follow Content-Range until the end. */
    byte[] download(String id, String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        APIGatewayV2HTTPResponse r = export(id, file, null, TENANT.admin());
        while (true) {
            assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 206);
            out.writeBytes(PlaybackTest.body(r));
            if (r.getStatusCode() == 200) {
                return out.toByteArray();
            }
            Matcher m = CONTENT_RANGE.matcher(r.getHeaders().get("content-range"));
            assertThat(m.matches()).isTrue();
            long last = Long.parseLong(m.group(2));
            long size = Long.parseLong(m.group(3));
            if (last == size - 1) {
                return out.toByteArray();
            }
            r = export(id, file, "bytes=" + (last + 1) + "-", TENANT.admin());
        }
    }

    static byte[] opensslDecrypt(Path dir, byte[] der, String command) throws Exception {
        OpenSsl.assumeAvailable();
        Path in = Files.write(dir.resolve("media.p7m"), der);
        Path key = Files.writeString(dir.resolve("key.pem"), TestPki.pkcs8Pem(TestPki.ALICE.getPrivate()));
        Path out = dir.resolve("media.out");
        OpenSsl.run(dir, command, "-decrypt", "-inform", "DER", "-binary", "-in", in.toString(), "-inkey", key.toString(),
                "-out", out.toString()).ok();
        return Files.readAllBytes(out);
    }

    @Test
    void aSmallFileExportsWholeAndOpensslCmsOpensIt(@TempDir Path dir) throws Exception {
        APIGatewayV2HTTPResponse r = export(SMALL_ID, p7m(TENANT.smallPlay), null, TENANT.admin());
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(r.getHeaders()).containsEntry("content-type", PlaybackService.EXPORT_TYPE)
                .containsEntry("accept-ranges", "bytes")
                .containsEntry("content-disposition", "attachment; filename=\"" + p7m(TENANT.smallPlay) + "\"");
        assertThat(opensslDecrypt(dir, PlaybackTest.body(r), "cms")).isEqualTo(TENANT.small);
    }

    @Test
    void aFileLargerThanOneResponseComesInRangesThatJoinIntoTheWholeFile(@TempDir Path dir) throws Exception {
        APIGatewayV2HTTPResponse first = export(LARGE_ID, p7m(TENANT.largePlay), null, TENANT.admin());
        assertThat(first.getStatusCode()).isEqualTo(206);
        assertThat(PlaybackTest.body(first)).hasSize((int) PlaybackService.MAX_CHUNK);

        byte[] der = download(LARGE_ID, p7m(TENANT.largePlay));
        assertThat(der.length).isGreaterThan(TENANT.large.length);
        assertThat(opensslDecrypt(dir, der, "cms")).isEqualTo(TENANT.large);

        // Ranges that straddle the header and the content, and the tail.
        byte[] straddle = PlaybackTest.body(export(LARGE_ID, p7m(TENANT.largePlay), "bytes=100-2000", TENANT.admin()));
        assertThat(straddle).isEqualTo(Arrays.copyOfRange(der, 100, 2001));
        byte[] tail = PlaybackTest.body(export(LARGE_ID, p7m(TENANT.largePlay), "bytes=-40", TENANT.admin()));
        assertThat(tail).isEqualTo(Arrays.copyOfRange(der, der.length - 40, der.length));
        APIGatewayV2HTTPResponse past = export(LARGE_ID, p7m(TENANT.largePlay), "bytes=" + der.length + "-",
                TENANT.admin());
        assertThat(past.getStatusCode()).isEqualTo(416);
        assertThat(past.getHeaders()).containsEntry("content-range", "bytes */" + der.length);
    }

    @Test
    void exportIsCheckedAndAudited() {
        String file = p7m(TENANT.smallPlay);
        assertThat(export(SMALL_ID, file, null, claims(TENANT.ccid, "r", List.of("RECORDING_READ"), List.of("/"), false))
                .getStatusCode()).isEqualTo(403);
        assertThat(export(SMALL_ID, file, null, claims(TENANT.ccid, "p", List.of("RECORDING_PLAY"), List.of("/team2"),
                false)).getStatusCode()).isEqualTo(404);
        assertThat(export(SMALL_ID, file, null, claims(UUID.randomUUID().toString(), "p", List.of("RECORDING_PLAY"),
                List.of("/"), false)).getStatusCode()).isEqualTo(404);
        assertThat(export(SMALL_ID, "../../etc/passwd", null, TENANT.admin()).getStatusCode()).isEqualTo(400);
        assertThat(json(export(SMALL_ID, "x\r\nSet-Cookie: a=b.p7m", null, TENANT.admin())).get("field").asText())
                .isEqualTo("mediaFileId");
        assertThat(export(SMALL_ID, file, null, claims(TENANT.ccid, "exporter", List.of("RECORDING_PLAY"), List.of("/"),
                false)).getStatusCode()).isEqualTo(200);

        var audit = new AuditTrail(STACK.dynamo(), STACK.resourceName("AuditTable"), Clock.systemUTC()).list(TENANT.ccid);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).startsWith("Export media [small.mp3] of recording [" + SMALL_ID + "]");
            assertThat(e.actor()).isEqualTo("exporter");
            assertThat(e.outcome()).isEqualTo("succeeded");
        });
    }
}
