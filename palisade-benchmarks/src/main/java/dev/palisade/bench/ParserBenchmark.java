package dev.palisade.bench;

import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.routing.Interface;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PacketParser#parse} alone on 60-byte Ethernet frames into a reused {@link PacketView}:
 * a TCP segment, a UDP datagram, an ICMP echo, and the benchmark mix of
 * {@link BenchScenario} (4,096 frames in turn), with transport checksum verification on (the
 * engine's default) or off ({@code verify}). The IPv4 header checksum is always verified.
 * Result: ns per frame.
 *
 * <p>Run: {@code java -jar palisade-benchmarks/target/benchmarks.jar ParserBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ParserBenchmark {

    private static final int MIX = 4096;

    @Param({"true", "false"})
    public boolean verify;

    private PacketParser parser;
    private final PacketView view = new PacketView();
    private byte[] tcp;
    private byte[] udp;
    private byte[] icmp;
    private final byte[] mix = new byte[MIX * 64];
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        parser = new PacketParser(verify);
        BenchScenario scenario = new BenchScenario(1000);
        tcp = scenario.frame(0, true);
        udp = scenario.frame(7, true);
        icmp = scenario.frame(9, true);
        SplittableRandom r = new SplittableRandom(3);
        BenchScenario.Expected[] expected = new BenchScenario.Expected[1];
        for (int k = 0; k < MIX; k++) {
            Interface ignored = scenario.nextMixed(r, mix, k * 64, expected);
            if (parser.parse(mix, k * 64, BenchScenario.FRAME_LENGTH, LinkLayer.ETHERNET, view) != Malformation.NONE
                    || ignored == null) {
                throw new IllegalStateException("mix frame " + k + " does not parse");
            }
        }
        for (byte[] f : new byte[][] {tcp, udp, icmp}) {
            if (parser.parse(f, 0, f.length, LinkLayer.ETHERNET, view) != Malformation.NONE) {
                throw new IllegalStateException("frame does not parse");
            }
        }
    }

    @Benchmark
    public Malformation tcp() {
        return parser.parse(tcp, 0, tcp.length, LinkLayer.ETHERNET, view);
    }

    @Benchmark
    public Malformation udp() {
        return parser.parse(udp, 0, udp.length, LinkLayer.ETHERNET, view);
    }

    @Benchmark
    public Malformation icmp() {
        return parser.parse(icmp, 0, icmp.length, LinkLayer.ETHERNET, view);
    }

    @Benchmark
    public Malformation mix() {
        int k = cursor++ & (MIX - 1);
        return parser.parse(mix, k << 6, BenchScenario.FRAME_LENGTH, LinkLayer.ETHERNET, view);
    }
}
