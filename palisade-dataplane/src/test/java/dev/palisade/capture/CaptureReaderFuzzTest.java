package dev.palisade.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes never make the reader throw anything but an {@link IOException} (normally a
 * {@link CaptureFormatException}), and reading always ends.
 *
 * <p>{@link #arbitraryBytes} is a Jazzer target: plain {@code mvn test} runs it once in
 * regression mode; {@code JAZZER_FUZZ=1 mvn test -pl palisade-dataplane -Dtest=CaptureReaderFuzzTest}
 * fuzzes it. {@link #mutatedCaptures} runs on every build with seeded mutations (bit flips,
 * overwritten length fields, truncation, splicing) of the real-tool fixtures and of writer output.
 */
class CaptureReaderFuzzTest {
    /** Each block or record consumes at least 8 bytes, so more frames than this means a loop. */
    private static long frameBound(int inputLength) {
        return inputLength / 8 + 1;
    }

    static void readToEnd(byte[] input) {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(input), "fuzz")) {
            CapturedFrame frame = new CapturedFrame();
            long frames = 0;
            while (reader.next(frame)) {
                frames++;
                assertThat(frames).isLessThanOrEqualTo(frameBound(input.length));
                assertThat(frame.length()).isBetween(0, CaptureReader.Limits.DEFAULT.maxPacketLength());
                assertThat(frame.captureInterface()).isSameAs(reader.interfaces().get(frame.interfaceId()));
            }
        } catch (CaptureFormatException expected) {
            assertThat(expected.offset()).isBetween(0L, (long) input.length);
        } catch (IOException expected) {
            // Only format errors can occur on an in-memory stream, but the contract allows any IOException.
        }
    }

    @FuzzTest(maxDuration = "2m")
    void arbitraryBytes(byte[] input) {
        readToEnd(input);
    }

    @Test
    void mutatedCaptures() throws IOException {
        byte[][] seeds = {
                resource("lan-wan.dumpcap.pcapng"), resource("lan.tcpdump.pcap"), resource("wan.tcpdump-nano.pcap"),
                PcapngVectorsTest.sectionWithClock(0x80 | 20, 3L).enhancedPacket(0, 1, new byte[70]).toByteArray()};
        Random random = new Random(20_261_125);
        for (int i = 0; i < 5_000; i++) {
            byte[] input = mutate(seeds[random.nextInt(seeds.length)], random);
            try {
                readToEnd(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("mutation " + i + " failed on input " + HexFormat.of().formatHex(input), e);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CaptureReaderFuzzTest.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> { // a 32-bit field set to an edge value: where lengths and ids live
                    int[] edges = {0, 1, 3, 4, 11, 12, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFC, 0x01000000};
                    int v = edges[random.nextInt(edges.length)];
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> { // splice a copy of one region over another
                    int from = random.nextInt(b.length);
                    int len = Math.min(random.nextInt(64), Math.min(b.length - from, b.length - at));
                    System.arraycopy(b.clone(), from, b, at, len);
                }
                default -> b[at] = (byte) random.nextInt(256);
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
