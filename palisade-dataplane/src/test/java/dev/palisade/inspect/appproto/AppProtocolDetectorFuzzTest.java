package dev.palisade.inspect.appproto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.inspect.appproto.Samples.Message;
import dev.palisade.inspect.appproto.Samples.Sample;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, in whatever chunks and directions, the detector answers with a valid
 * code, never throws, agrees with {@code result()}, and never changes a decided answer. One Jazzer
 * target per recogniser (each input is steered into it by a fixed prefix) plus one over raw
 * chunk streams; a seeded mutation run over the real samples always runs in {@code mvn test}.
 * Fuzz for real with {@code JAZZER_FUZZ=1 mvn test -pl palisade-dataplane -Dtest=AppProtocolDetectorFuzzTest}.
 */
class AppProtocolDetectorFuzzTest {

    private static final DetectionLimits LIMITS = new DetectionLimits(2048, 64);

    /**
     * Plays {@code input} as a chunk stream over two flows: each chunk is a control byte (bit 0
     * direction, bit 1 flow, bits 2-7 length) and that many bytes; {@code prefix} is fed first
     * on the client side of both flows.
     */
    private static void play(byte[] prefix, byte[] input) {
        AppProtocolDetector detector = new AppProtocolDetector(2, LIMITS);
        int port = input.length > 0 && (input[0] & 1) != 0 ? 443 : 8883;
        detector.reset(0, port);
        detector.reset(1, port);
        int[] decided = {AppProtocolDetector.UNDECIDED, AppProtocolDetector.UNDECIDED};
        if (prefix.length > 0) {
            for (int flow = 0; flow < 2; flow++) {
                check(detector, flow, detector.feed(flow, 0, prefix, 0, prefix.length), decided);
            }
        }
        int i = 0;
        while (i < input.length) {
            int control = input[i++] & 0xFF;
            int len = Math.min(control >>> 2, input.length - i);
            int flow = control >>> 1 & 1;
            check(detector, flow, detector.feed(flow, control & 1, input, i, len), decided);
            i += len;
        }
    }

    private static void check(AppProtocolDetector detector, int flow, int code, int[] decided) {
        assertThat(code).isBetween(AppProtocolDetector.UNDECIDED, AppProtocolDetector.SMTP);
        assertThat(detector.result(flow)).isEqualTo(code);
        if (decided[flow] != AppProtocolDetector.UNDECIDED) {
            assertThat(code).isEqualTo(decided[flow]);
        }
        decided[flow] = code;
    }

    @FuzzTest(maxDuration = "20s")
    void anyChunks(byte[] input) {
        play(new byte[0], input);
    }

    @FuzzTest(maxDuration = "20s")
    void tlsClientHello(byte[] input) {
        play(Hex.bytes("16 03 01 02 00 01 00 01 fc 03 03"), input);
    }

    @FuzzTest(maxDuration = "20s")
    void mqttConnect(byte[] input) {
        play(Hex.bytes("10 1e 00 04 4d 51 54 54 05"), input);
    }

    @FuzzTest(maxDuration = "20s")
    void modbus(byte[] input) {
        play(Hex.bytes("00 01 00 00 00 06 01"), input);
    }

    @FuzzTest(maxDuration = "20s")
    void textLines(byte[] input) {
        // The client's side opens a line; the fuzzer supplies the rest and the server's greeting.
        play(Hex.ascii("A1 "), input);
    }

    /** Seeded mutations of every sample: flipped, dropped, duplicated bytes, random chunking. */
    @Test
    void mutatedSamplesKeepTheInvariants() {
        List<Sample> samples = Samples.TARGETS.stream().toList();
        SplittableRandom random = new SplittableRandom(7);
        AppProtocolDetector detector = new AppProtocolDetector(1, LIMITS);
        int[] decided = new int[1];
        for (int round = 0; round < 20_000; round++) {
            Sample s = samples.get(random.nextInt(samples.size()));
            detector.reset(0, s.serverPort());
            decided[0] = AppProtocolDetector.UNDECIDED;
            for (Message m : s.messages()) {
                byte[] b = m.bytes().clone();
                for (int k = random.nextInt(4); k > 0 && b.length > 0; k--) {
                    int at = random.nextInt(b.length);
                    switch (random.nextInt(3)) {
                        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                        case 1 -> b[at] = (byte) random.nextInt(256);
                        default -> b = Hex.concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at / 2, b.length));
                    }
                }
                int off = 0;
                while (off < b.length) {
                    int len = Math.min(b.length - off, 1 + random.nextInt(40));
                    check(detector, 0, detector.feed(0, m.direction(), b, off, len), decided);
                    off += len;
                }
            }
        }
    }
}
