package io.callvault.mux.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the binary and running it: exit code and stderr kept, a timeout kills it and says so. */
class FfmpegTest {
    @TempDir
    Path dir;

    @Test
    void locateFindsTheLayerBinaryTheBuildLeftInAParentDirectory() {
        Ffmpeg ffmpeg = Ffmpeg.locate(Map.of(), key -> null, Path.of("").toAbsolutePath());

        assertThat(ffmpeg.binary().toString()).endsWith(Ffmpeg.BUILD_BINARY);
        assertThat(Files.isExecutable(ffmpeg.binary())).isTrue();
    }

    @Test
    void envFfmpegPathWinsOverTheSystemProperty() throws Exception {
        Path env = executable("env-ffmpeg");
        Path property = executable("property-ffmpeg");

        assertThat(Ffmpeg.locate(Map.of("FFMPEG_PATH", env.toString()), key -> property.toString(), dir).binary())
                .isEqualTo(env);
        assertThat(Ffmpeg.locate(Map.of(), key -> key.equals("callvault.ffmpeg") ? property.toString() : null, dir)
                .binary()).isEqualTo(property);
    }

    @Test
    void aMissingOrNonExecutableBinaryFailsWithAClearMessage() throws Exception {
        Path plain = Files.writeString(dir.resolve("not-executable"), "x");

        assertThatThrownBy(() -> Ffmpeg.locate(Map.of("FFMPEG_PATH", plain.toString()), key -> null, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(plain.toString()).hasMessageContaining("env FFMPEG_PATH")
                .hasMessageContaining("not an executable");
        assertThatThrownBy(() -> Ffmpeg.locate(Map.of(), key -> dir.resolve("absent").toString(), dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("callvault.ffmpeg");
    }

    @Test
    void aFailedRunKeepsItsExitCodeAndStderr() {
        Ffmpeg.Result result = MediaFixtures.ffmpeg().run(List.of("-i", "absent.mp4", "-f", "null", "-"), dir,
                Duration.ofSeconds(30));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.excerpt()).contains("absent.mp4").contains("No such file");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aRunThatOutlastsItsTimeoutIsKilledAndReportedAsATimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> MediaFixtures.ffmpeg().run(
                List.of("-re", "-f", "lavfi", "-i", "anullsrc", "-f", "null", "-"), dir, Duration.ofMillis(500)))
                .isInstanceOf(FfmpegTimeoutException.class).hasMessageContaining("timed out after 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private Path executable(String name) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
