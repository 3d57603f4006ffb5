package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.capture.CaptureReader;
import dev.palisade.capture.CapturedFrame;
import dev.palisade.capture.LinkType;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the engine decides (never throws) and everything it sends is a
 * well-formed IPv4 packet with correct checksums. Two ways in: a Jazzer target over arbitrary
 * byte sequences (a stream of frames: ingress byte, link byte, 16-bit length, frame), and a
 * seeded mutation run over real and built frames that always runs in {@code mvn test}.
 */
class EngineFuzzTest {

    private static final Interface[] INGRESS = Interface.values();

    private static TrafficEngine engine(List<String> problems) {
        PacketParser checker = new PacketParser(true);
        PacketView v = new PacketView();
        TrafficEngine engine = new TrafficEngine(TestConfigs.router()
                .rule("accept", "In", "any", null, null, null, null)
                .rule("deny", "Out", "tcp", "203.0.113.0/24", null, null, "22")
                .rule("accept", "Out", "udp", null, null, null, "1000-2000")
                .forward("tcp", 8443, "192.168.1.50", 443).forward("udp", 5683, "192.168.1.60", 5683)
                .allow("203.0.113.7").deny("203.0.113.66").build(),
                EngineOptions.defaults().withConnectionCapacity(64), (egress, link, b, off, len) -> {
                    Malformation m = checker.parse(b, off, len, link, v);
                    if (m != Malformation.NONE) {
                        problems.add("sent a malformed frame (" + m.key() + ") on " + egress.key() + ": "
                                + java.util.HexFormat.of().formatHex(b, off, off + len));
                    }
                });
        engine.setFragmentListener((tag, d) -> assertThat(d.verdict()).isNotEqualTo(Verdict.HELD));
        return engine;
    }

    private static void check(Decision d) {
        assertThat(d.verdict()).isNotNull();
        assertThat(d.stage()).isNotNull();
    }

    @FuzzTest(maxDuration = "30s")
    void anyFrameStream(byte[] input) {
        List<String> problems = new ArrayList<>();
        TrafficEngine engine = engine(problems);
        int i = 0;
        long now = 1;
        while (i + 4 <= input.length) {
            Interface ingress = INGRESS[(input[i] & 0xff) % INGRESS.length];
            LinkLayer link = (input[i + 1] & 1) == 0 ? LinkLayer.ETHERNET : LinkLayer.RAW_IP;
            int len = Math.min(((input[i + 2] & 0xff) << 8) | (input[i + 3] & 0xff), input.length - i - 4);
            byte[] frame = Arrays.copyOfRange(input, i + 4, i + 4 + len);
            now += (input[i + 1] & 0xf0) * 1_000_000_000L;
            check(engine.process(ingress, link, frame, 0, frame.length, now, i));
            i += 4 + len;
        }
        engine.discardIncompleteDatagrams();
        assertThat(problems).isEmpty();
    }

    private static List<byte[]> seedFrames() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (String name : List.of("lan-wan.dumpcap.pcapng", "lan.tcpdump.pcap", "wan.tcpdump-nano.pcap")) {
            try (InputStream in = EngineFuzzTest.class.getResourceAsStream("/captures/" + name);
                 CaptureReader r = CaptureReader.open(in, name)) {
                CapturedFrame f = new CapturedFrame();
                while (r.next(f)) {
                    if (f.captureInterface().linkType() == LinkType.ETHERNET) {
                        frames.add(Arrays.copyOf(f.buffer(), f.length()));
                    }
                }
            }
        }
        frames.add(Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).syn().seq(1).build());
        frames.add(Frames.tcp("203.0.113.10", 502, "198.51.100.2", 50000).synAck(2).seq(900).build());
        frames.add(Frames.tcp("203.0.113.20", 40000, "198.51.100.2", 8443).syn().build());
        frames.add(Frames.udp("203.0.113.20", 1500, "198.51.100.2", 5683).payload(30).build());
        frames.add(Frames.udp("192.168.1.30", 1, "203.0.113.10", 9).payload(100).id(3).fragment(true, 0).build());
        frames.add(Frames.icmpEcho("192.168.1.30", "203.0.113.10", 9).payload(16).build());
        frames.add(Frames.arpRequest("192.168.1.30", "192.168.1.1"));
        frames.add(Frames.tcp("192.168.1.30", 1, "203.0.113.10", 2).tcpOptions((byte) 2, (byte) 4, (byte) 5, (byte) 0xb4, (byte) 3, (byte) 3, (byte) 7).syn().build());
        return frames;
    }

    @Test
    void mutatedFramesNeverBreakTheEngine() throws IOException {
        List<byte[]> seeds = seedFrames();
        assertThat(seeds).hasSizeGreaterThan(10);
        SplittableRandom random = new SplittableRandom(2026);
        List<String> problems = new ArrayList<>();
        TrafficEngine engine = engine(problems);
        long now = 1_000_000_000L;
        for (int k = 0; k < 200_000; k++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] frame = mutate(seed, random);
            Interface ingress = INGRESS[random.nextInt(INGRESS.length)];
            now += random.nextInt(3) == 0 ? random.nextLong(60_000_000_000L) : 1000;
            check(engine.process(ingress, LinkLayer.ETHERNET, frame, 0, frame.length, now, k));
            if (!problems.isEmpty()) {
                break;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(engine.counters().packets()).isEqualTo(200_000);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] f = seed.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                return f;
            }
            case 1 -> {
                return Arrays.copyOf(f, r.nextInt(f.length + 1));
            }
            case 2 -> {
                for (int n = r.nextInt(1, 4); n > 0; n--) {
                    int at = r.nextInt(f.length);
                    f[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 3 -> {
                // Keep checksums plausible by mutating only beyond the headers.
                if (f.length > 60) {
                    f[r.nextInt(54, f.length)] = (byte) r.nextInt(256);
                }
            }
            case 4 -> {
                int at = r.nextInt(f.length);
                f[at] = (byte) r.nextInt(256);
            }
            default -> {
                byte[] longer = Arrays.copyOf(f, f.length + r.nextInt(1, 64));
                return longer;
            }
        }
        return f;
    }
}
