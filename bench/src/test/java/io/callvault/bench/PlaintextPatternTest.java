package io.callvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlaintextPatternTest {
    private static final int SIZE = 100_003;

    @Test
    void anyRangeEqualsTheSameBytesOfTheStream() throws Exception {
        PlaintextPattern pattern = new PlaintextPattern(42);
        byte[] whole;
        try (InputStream in = pattern.stream(SIZE)) {
            whole = in.readAllBytes();
        }
        assertThat(whole).hasSize(SIZE);
        for (int[] range : new int[][] {{0, 1}, {0, 8}, {3, 5}, {7, 9}, {8, 16}, {5, 1000}, {50_001, 17}, {SIZE - 13, 13}}) {
            assertThat(pattern.bytes(range[0], range[1])).as("%d+%d", range[0], range[1])
                    .isEqualTo(Arrays.copyOfRange(whole, range[0], range[0] + range[1]));
        }
    }

    @Test
    void streamReadsInOddChunksGiveTheSameBytes() throws Exception {
        PlaintextPattern pattern = new PlaintextPattern(7);
        byte[] expected = pattern.bytes(0, SIZE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = pattern.stream(SIZE)) {
            byte[] chunk = new byte[333];
            for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
                out.write(chunk, 0, n);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void writeToReturnsTheSha256OfWhatItWrote() throws Exception {
        PlaintextPattern pattern = new PlaintextPattern(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String sha256 = pattern.writeTo(out, 3L << 20 | 5);
        assertThat(out.size()).isEqualTo(3 << 20 | 5);
        PlaintextPattern.Digest digest = PlaintextPattern.digest(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertThat(digest.sha256()).isEqualTo(sha256);
        assertThat(digest.size()).isEqualTo(out.size());
    }

    @Test
    void seedsGiveDifferentBytes() {
        assertThat(new PlaintextPattern(1).bytes(0, 64)).isNotEqualTo(new PlaintextPattern(2).bytes(0, 64));
    }
}
