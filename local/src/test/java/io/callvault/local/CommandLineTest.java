package io.callvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a separate JVM, its ready line, and a token minted by a second process. */
class CommandLineTest {
    @Test
    void startsPrintsItsReadyLineAndAcceptsTokensFromTheTokenCommand(@TempDir Path dataDir) throws Exception {
        int port = io.callvault.standins.Ports.free();
        Process server = java("--port", Integer.toString(port), "--data-dir", dataDir.toString());
        // Nobody reads the server's stderr; a full pipe must not stall it.
        Thread drain = new Thread(() -> {
            try {
                server.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException closed) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            String ready = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("callvault local ready")) {
                    ready = line;
                    break;
                }
            }
            assertThat(ready).isEqualTo("callvault local ready: http://127.0.0.1:" + port);

            Process token = java("token", "--ccid", "-", "--user", "ops", "--permissions", "OPS",
                    "--data-dir", dataDir.toString());
            String jwt = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(token.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(token.exitValue()).isZero();

            Http http = new Http(java.net.URI.create("http://127.0.0.1:" + port));
            assertThat(http.get("/api/v2/ops/contact-centers", jwt).status()).isEqualTo(200);
            assertThat(http.get("/api/v2/diagnostics/version", jwt).json().get("version").asText()).isNotBlank();
            assertThat(http.get("/api/v2/ops/contact-centers", jwt + "x").status()).isEqualTo(401);
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void aMissingTokenOptionIsAUsageError() throws Exception {
        Process p = java("token", "--user", "x");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("--ccid is required").contains("usage");
    }

    private static Process java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }
}
