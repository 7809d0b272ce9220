package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.standins.SamTemplate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playback harness on a small file: upload, ingest, verified ranged plays and raw GETs. */
class PlaybackBenchmarkTest {

    @Test
    void playsTheMiddleMebibyteOfAnUploadedFile(@TempDir Path dataDir) throws Exception {
        long size = 3L << 20;
        PlaybackBenchmark.Figures f = new PlaybackBenchmark().run(SamTemplate.read(SamTemplate.locate(Path.of(""))),
                dataDir, size, 1, 3);

        assertThat(f.sizeBytes()).isEqualTo(size);
        assertThat(f.last() - f.first() + 1).isEqualTo(PlaybackBenchmark.RANGE_BYTES);
        assertThat(f.first() % 16).isEqualTo(5);
        // The block before the range (the IV of its first block) up to the end of the block holding the last byte.
        assertThat(f.ciphertextRange()).isEqualTo("bytes=" + (f.first() / 16 - 1) * 16 + "-" + ((f.last() / 16 + 1) * 16 - 1));
        assertThat(f.storedObjectBytes()).isEqualTo(size + 16);
        assertThat(f.play().operations()).isEqualTo(3);
        assertThat(f.rawGet().operations()).isEqualTo(3);
        assertThat(f.play().percentileMillis(50)).isPositive();
        assertThat(f.ingestSeconds()).isPositive();
    }
}
