package io.callvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.crypto.RangeDecryption.CiphertextRange;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP Range playback: fetch only the ciphertext blocks a plaintext range needs and decrypt only those. */
class RangeDecryptionTest {
    static final X509Certificate ALICE = TestPki.selfSigned(TestPki.ALICE, "Alice");

    /** One encrypted media file and the S3 object's bytes, fetched the way a ranged GET would. */
    record Media(byte[] plaintext, byte[] object, RangeDecryption ranges) {
        byte[] get(CiphertextRange range) {
            return Arrays.copyOfRange(object, (int) range.first(), (int) Math.min(object.length, range.last() + 1));
        }

        byte[] play(long first, long last) throws MediaDecryptionException {
            return ranges.decrypt(first, last, get(ranges.ciphertextRangeFor(first, last)));
        }
    }

    static Media media(int size) throws Exception {
        byte[] plaintext = EnvelopeRoundTripTest.plaintext(size);
        var e = EnvelopeRoundTripTest.encrypt(plaintext, KeyTransport.RSA_OAEP_SHA256, new Recipient("alice", ALICE));
        ContentKey key = EnvelopeDecryptor.open(e.media().pkcs7Pem(), TestPki.ALICE.getPrivate());
        return new Media(plaintext, e.ciphertext(), new RangeDecryption(key, size));
    }

    static byte[] slice(byte[] data, long first, long last) {
        return Arrays.copyOfRange(data, (int) first, (int) last + 1);
    }

    @ParameterizedTest(name = "every range of {0} bytes")
    @ValueSource(ints = {1, 15, 16, 17, 31, 32, 33, 48, 49})
    void everyRangeOfSmallMedia(int size) throws Exception {
        Media m = media(size);

        for (int first = 0; first < size; first++) {
            for (int last = first; last < size; last++) {
                assertThat(m.play(first, last)).as("bytes=%d-%d", first, last).isEqualTo(slice(m.plaintext(), first, last));
            }
        }
    }

    @Test
    void fetchesFromThePreviousBlockToTheBlockOfTheLastByte() throws Exception {
        RangeDecryption r = media(1000).ranges();   // 63 ciphertext blocks: 62 full data blocks, one with 8 bytes + padding

        // Block 0 uses the envelope IV: nothing before it is fetched.
        assertThat(r.ciphertextRangeFor(0, 0)).isEqualTo(new CiphertextRange(0, 15));
        assertThat(r.ciphertextRangeFor(5, 20)).isEqualTo(new CiphertextRange(0, 31));
        // Later blocks: the previous ciphertext block is the IV.
        assertThat(r.ciphertextRangeFor(16, 16)).isEqualTo(new CiphertextRange(0, 31));
        assertThat(r.ciphertextRangeFor(40, 47)).isEqualTo(new CiphertextRange(16, 47));
        assertThat(r.ciphertextRangeFor(100, 200).httpRange()).isEqualTo("bytes=80-207");
        // Reaching the end includes the final block (checked padding); 992..999 share it with the padding.
        assertThat(r.ciphertextRangeFor(999, 999)).isEqualTo(new CiphertextRange(976, 1007));
        assertThat(r.ciphertextRangeFor(0, 999)).isEqualTo(new CiphertextRange(0, 1007));
        assertThat(r.ciphertextSize()).isEqualTo(1008);
    }

    @Test
    void whenTheSizeIsAMultipleOf16TheLastByteAlsoFetchesTheWholePaddingBlock() throws Exception {
        Media m = media(64);   // 4 data blocks + 1 block of padding (16 x 0x10)

        assertThat(m.ranges().ciphertextRangeFor(63, 63)).isEqualTo(new CiphertextRange(32, 79));
        assertThat(m.ranges().ciphertextRangeFor(60, 62)).isEqualTo(new CiphertextRange(32, 63));
        assertThat(m.play(63, 63)).isEqualTo(slice(m.plaintext(), 63, 63));
        assertThat(m.play(48, 63)).isEqualTo(slice(m.plaintext(), 48, 63));
    }

    @Test
    void largeMediaEdges() throws Exception {
        Media m = media(EnvelopeRoundTripTest.FIVE_MIB_PLUS_ONE);
        long size = m.plaintext().length;
        long[][] ranges = {
            {0, 0}, {size - 1, size - 1}, {0, size - 1}, {size - 17, size - 1}, {size - 2, size - 1},
            {1024 * 1024 - 1, 1024 * 1024 + 16}, {4 * 1024 * 1024, 5 * 1024 * 1024 - 1}, {size - 4096, size - 2},
        };

        for (long[] r : ranges) {
            assertThat(m.play(r[0], r[1])).as("bytes=%d-%d", r[0], r[1]).isEqualTo(slice(m.plaintext(), r[0], r[1]));
            // Never more than the previous block, the range's blocks and the final block.
            assertThat(m.ranges().ciphertextRangeFor(r[0], r[1]).length()).isLessThanOrEqualTo(r[1] - r[0] + 1 + 3 * 16);
        }
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            long first = random.nextInt((int) size);
            long last = Math.min(size - 1, first + random.nextInt(70_000));
            assertThat(m.play(first, last)).isEqualTo(slice(m.plaintext(), first, last));
        }
    }

    @Test
    void emptyMediaHasNoRanges() throws Exception {
        RangeDecryption r = media(0).ranges();

        assertThat(r.ciphertextSize()).isEqualTo(16);
        assertThatThrownBy(() -> r.ciphertextRangeFor(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangesOutsideTheMediaAreTheCallersBug() throws Exception {
        RangeDecryption r = media(100).ranges();

        assertThatThrownBy(() -> r.ciphertextRangeFor(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.ciphertextRangeFor(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.ciphertextRangeFor(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RangeDecryption(null, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
