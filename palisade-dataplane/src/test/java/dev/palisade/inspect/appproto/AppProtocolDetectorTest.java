package dev.palisade.inspect.appproto;

import static dev.palisade.inspect.appproto.AppProtocolDetector.NONE;
import static dev.palisade.inspect.appproto.AppProtocolDetector.UNDECIDED;
import static dev.palisade.inspect.appproto.Hex.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.inspect.appproto.Samples.Message;
import dev.palisade.inspect.appproto.Samples.Sample;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detector on real flows of every target protocol and on look-alikes, each fed whole, split
 * in two at every position, one byte at a time and with the directions interleaved byte by byte;
 * then the bound, the counters, many flows side by side, and no allocation on the feed path.
 */
class AppProtocolDetectorTest {

    /** The default byte bound, but no chunk bound: one-byte feeding must reach the same answer. */
    private static final DetectionLimits BYTEWISE = new DetectionLimits(2048, Integer.MAX_VALUE);
    private static final int OTHER_PORT = 4711;

    /** One chunk of a direction, in feeding order. */
    private record Chunk(int direction, byte[] bytes) {
    }

    enum Feeding {
        /** Each message as one chunk. */
        WHOLE,
        /** Each message one byte per chunk. */
        BYTE_BY_BYTE,
        /** Bytes of the two directions alternate, each direction's order kept, from the first sender. */
        INTERLEAVED
    }

    static Stream<Sample> targets() {
        return Samples.TARGETS.stream();
    }

    static Stream<Sample> all() {
        return Stream.concat(targets(), Samples.OTHERS.stream());
    }



    private static List<Chunk> chunks(Sample s, Feeding feeding) {
        List<Chunk> out = new ArrayList<>();
        switch (feeding) {
            case WHOLE -> s.messages().forEach(m -> out.add(new Chunk(m.direction(), m.bytes())));
            case BYTE_BY_BYTE -> {
                for (Message m : s.messages()) {
                    for (byte b : m.bytes()) {
                        out.add(new Chunk(m.direction(), new byte[] {b}));
                    }
                }
            }
            case INTERLEAVED -> {
                byte[][] streams = new byte[2][];
                streams[0] = direction(s, 0);
                streams[1] = direction(s, 1);
                int[] at = new int[2];
                int d = s.messages().getFirst().direction();
                while (at[0] < streams[0].length || at[1] < streams[1].length) {
                    if (at[d] < streams[d].length) {
                        out.add(new Chunk(d, new byte[] {streams[d][at[d]++]}));
                    }
                    d ^= 1;
                }
            }
            default -> throw new IllegalArgumentException(feeding.toString());
        }
        return out;
    }

    private static byte[] direction(Sample s, int direction) {
        return s.messages().stream().filter(m -> m.direction() == direction).map(Message::bytes)
                .reduce(new byte[0], Hex::concat);
    }

    /**
     * Feeds the chunks to a fresh flow (id 3 of 5, so neighbours would show leaks) and checks
     * every intermediate answer: a target flow is only ever undecided or its protocol, any other
     * flow only undecided or NONE, and result() always agrees with feed().
     */
    private static int run(Sample s, int port, List<Chunk> chunks, DetectionLimits limits) {
        AppProtocolDetector detector = new AppProtocolDetector(5, limits);
        detector.reset(3, port);
        int code = UNDECIDED;
        for (Chunk c : chunks) {
            int before = code;
            code = detector.feed(3, c.direction(), c.bytes(), 0, c.bytes().length);
            assertThat(code).as("%s: intermediate answer", s).isIn(UNDECIDED, s.expected() == UNDECIDED ? NONE : s.expected());
            assertThat(detector.result(3)).isEqualTo(code);
            if (before != UNDECIDED) {
                assertThat(code).as("%s: decided answers never change", s).isEqualTo(before);
            }
        }
        for (int other : new int[] {0, 1, 2, 4}) {
            assertThat(detector.result(other)).isEqualTo(UNDECIDED);
        }
        return code;
    }

    private static void expectFinal(Sample s, int code) {
        if (s.expected() == UNDECIDED) {
            // A look-alike that leaves a target possible waits for more bytes or the bound.
            assertThat(code).as(s.name()).isIn(UNDECIDED, NONE);
        } else {
            assertThat(code).as(s.name()).isEqualTo(s.expected());
        }
    }

    private static int[] ports(Sample s) {
        return s.portMatters() ? new int[] {s.serverPort()} : new int[] {s.serverPort(), OTHER_PORT, 80, 443};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void wholeMessages(Sample s) {
        for (int port : ports(s)) {
            expectFinal(s, run(s, port, chunks(s, Feeding.WHOLE), DetectionLimits.DEFAULT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyTwoChunkSplit(Sample s) {
        List<Message> messages = s.messages();
        for (int m = 0; m < messages.size(); m++) {
            byte[] b = messages.get(m).bytes();
            for (int cut = 1; cut < b.length; cut++) {
                List<Chunk> chunks = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    Message msg = messages.get(i);
                    if (i == m) {
                        chunks.add(new Chunk(msg.direction(), Arrays.copyOfRange(b, 0, cut)));
                        chunks.add(new Chunk(msg.direction(), Arrays.copyOfRange(b, cut, b.length)));
                    } else {
                        chunks.add(new Chunk(msg.direction(), msg.bytes()));
                    }
                }
                expectFinal(s, run(s, s.serverPort(), chunks, DetectionLimits.DEFAULT));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void oneByteAtATime(Sample s) {
        expectFinal(s, run(s, s.serverPort(), chunks(s, Feeding.BYTE_BY_BYTE), BYTEWISE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void directionsInterleaved(Sample s) {
        expectFinal(s, run(s, s.serverPort(), chunks(s, Feeding.INTERLEAVED), BYTEWISE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void decidedWithinTheFirstMessages(Sample s) {
        // A target is known by the time each side has sent its first message.
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, s.serverPort());
        boolean[] spoke = new boolean[2];
        int code = UNDECIDED;
        for (Message m : s.messages()) {
            if (spoke[m.direction()] && code == UNDECIDED) {
                // Only FTP's NOOP sample needs a second client command.
                assertThat(s.name()).contains("NOOP");
            }
            code = detector.feed(0, m.direction(), m.bytes(), 0, m.bytes().length);
            spoke[m.direction()] = true;
        }
        assertThat(code).isEqualTo(s.expected());
    }

    @Test
    void allSamplesSideBySideInOneDetector() {
        List<Sample> samples = all().toList();
        AppProtocolDetector detector = new AppProtocolDetector(samples.size(), BYTEWISE);
        List<List<Chunk>> feeds = new ArrayList<>();
        for (int f = 0; f < samples.size(); f++) {
            detector.reset(f, samples.get(f).serverPort());
            feeds.add(chunks(samples.get(f), Feeding.BYTE_BY_BYTE));
        }
        for (int step = 0; ; step++) {
            boolean any = false;
            for (int f = 0; f < samples.size(); f++) {
                if (step < feeds.get(f).size()) {
                    Chunk c = feeds.get(f).get(step);
                    detector.feed(f, c.direction(), c.bytes(), 0, c.bytes().length);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        for (int f = 0; f < samples.size(); f++) {
            expectFinal(samples.get(f), detector.result(f));
        }
        for (AppProtocol p : AppProtocol.values()) {
            long expected = samples.stream().filter(s -> s.expected() == AppProtocolDetector.codeOf(p)).count();
            assertThat(detector.detected(p)).as(p.key()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(AppProtocol.class)
    void codesAreOrdinalPlusOne(AppProtocol p) {
        int code = AppProtocolDetector.codeOf(p);
        assertThat(code).isEqualTo(p.ordinal() + 1);
        assertThat(AppProtocolDetector.protocolOf(code)).isEqualTo(p);
        assertThat(AppProtocolDetector.protocolOf(NONE)).isNull();
        assertThat(AppProtocolDetector.protocolOf(UNDECIDED)).isNull();
    }

    // ---- The bound ----

    @Test
    void textWithoutLineEndIsUndecidedAtTheByteBound() {
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, 80);
        byte[] line = ascii("GET /" + "a".repeat(4000));
        assertThat(detector.feed(0, 0, line, 0, 1000)).isEqualTo(UNDECIDED);
        assertThat(detector.feed(0, 0, line, 1000, 1000)).isEqualTo(UNDECIDED);
        assertThat(detector.feed(0, 0, line, 2000, 1000)).isEqualTo(NONE);
        assertThat(detector.undecidedAtBound()).isEqualTo(1);
        assertThat(detector.notTarget()).isZero();
        // Decided: later bytes, even a perfect request line, change nothing.
        byte[] request = ascii(Samples.HTTP_CURL_GET);
        assertThat(detector.feed(0, 0, request, 0, request.length)).isEqualTo(NONE);
        detector.reset(0, 80);
        assertThat(detector.feed(0, 0, request, 0, request.length)).isEqualTo(AppProtocolDetector.HTTP);
    }

    @Test
    void trickleIsUndecidedAtTheChunkBound() {
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, 80);
        byte[] request = ascii(Samples.HTTP_CURL_GET);
        for (int i = 0; i < 7; i++) {
            assertThat(detector.feed(0, 0, request, i, 1)).isEqualTo(UNDECIDED);
        }
        assertThat(detector.feed(0, 0, request, 7, 1)).isEqualTo(NONE);
        assertThat(detector.undecidedAtBound()).isEqualTo(1);
    }

    @Test
    void emptyChunksDoNotCount() {
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, 80);
        for (int i = 0; i < 100; i++) {
            assertThat(detector.feed(0, i & 1, new byte[0], 0, 0)).isEqualTo(UNDECIDED);
        }
        byte[] request = ascii(Samples.HTTP_CURL_GET);
        assertThat(detector.feed(0, 0, request, 0, request.length)).isEqualTo(AppProtocolDetector.HTTP);
    }

    @Test
    void clientHelloCutByTheBoundIsHttpsOnlyOn443() {
        DetectionLimits small = new DetectionLimits(200, 8);
        byte[] hello = Samples.TLS_NOALPN;   // 320 bytes, no ALPN
        for (int port : new int[] {443, 8883}) {
            AppProtocolDetector detector = new AppProtocolDetector(1, small);
            detector.reset(0, port);
            int code = detector.feed(0, 0, hello, 0, hello.length);
            assertThat(code).isEqualTo(port == 443 ? AppProtocolDetector.HTTP : NONE);
        }
        // With ALPN beyond the bound, a port other than 443 stays undetected: documented limit.
        AppProtocolDetector detector = new AppProtocolDetector(1, new DetectionLimits(150, 8));
        detector.reset(0, 8443);
        assertThat(detector.feed(0, 0, Samples.TLS_CURL, 0, Samples.TLS_CURL.length)).isEqualTo(NONE);
    }

    @Test
    void connectWithAPasswordBeyondTheBoundIsMqtt() {
        byte[] password = new byte[3000];
        Arrays.fill(password, (byte) 'x');
        int remaining = 10 + 2 + 4 + 2 + 3 + 2 + password.length;
        byte[] connect = Hex.concat(Hex.bytes("""
                10                  # CONNECT
                %02x %02x           # remaining length (varint)
                00 04 4d 51 54 54   # "MQTT"
                04 c2 00 3c         # level 4, user name + password + clean session, keep alive 60
                00 04 63 61 6d 31   # client id "cam1"
                00 03 6a 77 74      # user name "jwt"
                %02x %02x           # password length
                """.formatted(remaining & 0x7F | 0x80, remaining >>> 7, password.length >>> 8, password.length & 0xFF)),
                password);
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, 1883);
        int code = UNDECIDED;
        for (int off = 0; off < connect.length && code == UNDECIDED; off += 1460) {
            code = detector.feed(0, 0, connect, off, Math.min(1460, connect.length - off));
        }
        assertThat(code).isEqualTo(AppProtocolDetector.MQTT);
        // The same CONNECT under a bound that holds it is parsed to the end.
        AppProtocolDetector roomy = new AppProtocolDetector(1, new DetectionLimits(4096, 8));
        roomy.reset(0, 1883);
        assertThat(roomy.feed(0, 0, connect, 0, connect.length)).isEqualTo(AppProtocolDetector.MQTT);
    }

    // ---- Random data ----

    @Test
    void randomBinaryIsNeverATarget() {
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        for (long seed = 0; seed < 20_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            detector.reset(0, random.nextBoolean() ? 443 : 502);
            int code = UNDECIDED;
            for (int chunk = 0; chunk < 16 && code == UNDECIDED; chunk++) {
                byte[] b = new byte[1 + random.nextInt(random.nextBoolean() ? 16 : 1460)];
                random.nextBytes(b);
                code = detector.feed(0, random.nextInt(2), b, 0, b.length);
            }
            assertThat(code).as("seed %d", seed).isIn(UNDECIDED, NONE);
        }
    }

    @Test
    void largeRandomTransferIsLeftAloneEarly() {
        AppProtocolDetector detector = new AppProtocolDetector(1, DetectionLimits.DEFAULT);
        detector.reset(0, 20);
        SplittableRandom random = new SplittableRandom(42);
        byte[] segment = new byte[1460];
        int code = UNDECIDED;
        int segments = 0;
        for (; segments < 1000; segments++) {
            random.nextBytes(segment);
            code = detector.feed(0, segments < 1 ? 0 : 1, segment, 0, segment.length);
            if (code != UNDECIDED) {
                break;
            }
        }
        assertThat(code).isEqualTo(NONE);
        assertThat(segments).isLessThan(3);
    }

    @Test
    void printableRandomTextIsNeverATarget() {
        // Text that passes the line scanner's character checks: only structure can tell.
        AppProtocolDetector detector = new AppProtocolDetector(1, BYTEWISE);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789/.*+-\r\n";
        for (long seed = 0; seed < 5_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            detector.reset(0, 80);
            int code = UNDECIDED;
            for (int chunk = 0; chunk < 6 && code == UNDECIDED; chunk++) {
                byte[] b = new byte[1 + random.nextInt(64)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                }
                code = detector.feed(0, chunk & 1 ^ 1, b, 0, b.length);
            }
            assertThat(code).as("seed %d", seed).isIn(UNDECIDED, NONE);
        }
    }

    // ---- Counters and steady state ----

    @Test
    void countersSplitDecisions() {
        AppProtocolDetector detector = new AppProtocolDetector(3, DetectionLimits.DEFAULT);
        detector.reset(0, 1883);
        detector.feed(0, 0, Samples.MQTT311_CONNECT, 0, Samples.MQTT311_CONNECT.length);
        detector.reset(1, 22);
        byte[] ssh = ascii("SSH-2.0-OpenSSH_9.2p1\r\n");
        detector.feed(1, 1, ssh, 0, ssh.length);
        detector.feed(1, 0, ssh, 0, ssh.length);
        detector.reset(2, 80);
        byte[] trickle = ascii("GET / HTTP/1.1");
        for (int i = 0; i < 8; i++) {
            detector.feed(2, 0, trickle, i, 1);
        }
        assertThat(detector.detected(AppProtocol.MQTT)).isEqualTo(1);
        assertThat(detector.detected(AppProtocol.HTTP)).isZero();
        assertThat(detector.notTarget()).isEqualTo(1);
        assertThat(detector.undecidedAtBound()).isEqualTo(1);
        assertThat(detector.flowsStarted()).isEqualTo(3);
    }

    @Test
    void feedingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Sample> samples = all().toList();
        AppProtocolDetector detector = new AppProtocolDetector(samples.size(), BYTEWISE);
        List<List<Chunk>> feeds = samples.stream().map(s -> chunks(s, Feeding.BYTE_BY_BYTE)).toList();
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            long start = threads.getCurrentThreadAllocatedBytes();
            for (int f = 0; f < samples.size(); f++) {
                detector.reset(f, samples.get(f).serverPort());
                for (Chunk c : feeds.get(f)) {
                    detector.feed(f, c.direction(), c.bytes(), 0, 1);
                }
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - start;
        }
        // The last round, warmed up: nothing but the iterators of the test's own lists.
        assertThat(allocated).isLessThan(4096);
    }
}
