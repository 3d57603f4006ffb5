package dev.palisade.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Incremental checksum updates must equal full recomputation, for any data and any change. */
class ChecksumTest {

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(Checksum.sum(b, 0, b.length, 0)).isEqualTo(0xddf2);
    }

    @Test
    void incrementalUpdatesMatchRecomputation() {
        SplittableRandom r = new SplittableRandom(42);
        for (int k = 0; k < 50_000; k++) {
            byte[] b = new byte[2 + 2 * r.nextInt(1, 40)];
            r.nextBytes(b);
            b[0] = 0;
            b[1] = 0;
            int check = Checksum.finish(Checksum.sum(b, 0, b.length, 0));
            b[0] = (byte) (check >>> 8);
            b[1] = (byte) check;
            int at = 2 + 2 * r.nextInt((b.length - 2) / 2);
            int old16 = (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
            int new16 = r.nextInt(65536);
            b[at] = (byte) (new16 >>> 8);
            b[at + 1] = (byte) new16;
            int updated = Checksum.update16(check, old16, new16);
            assertThat(Checksum.verifies(Checksum.sum(withField(b, updated), 0, b.length, 0))).as("case %d", k).isTrue();
        }
    }

    @Test
    void addressUpdatesMatchRecomputation() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 50_000; k++) {
            byte[] b = new byte[20];
            r.nextBytes(b);
            b[0] = 0;
            b[1] = 0;
            int check = Checksum.finish(Checksum.sum(b, 0, b.length, 0));
            int oldAddress = Bytes.i32(b, 4);
            int newAddress = r.nextInt();
            Bytes.put32(b, 4, newAddress);
            int updated = Checksum.update32(check, oldAddress, newAddress);
            assertThat(Checksum.verifies(Checksum.sum(withField(b, updated), 0, b.length, 0))).as("case %d", k).isTrue();
        }
    }

    private static byte[] withField(byte[] b, int check) {
        byte[] c = b.clone();
        c[0] = (byte) (check >>> 8);
        c[1] = (byte) check;
        return c;
    }
}
