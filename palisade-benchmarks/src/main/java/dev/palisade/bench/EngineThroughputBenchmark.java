package dev.palisade.bench;

import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets per second through the whole {@link TrafficEngine} pipeline on one thread: parse
 * (with IPv4 and TCP/UDP/ICMP checksum verification), fragment check, connection lookup and TCP
 * window tracking, the full router chain (preset-allow, ip-allowlist and ip-denylist over 1,000
 * entries each, custom rules), routing, masquerading or reply translation with incremental
 * checksum update, TTL decrement and the Ethernet header of the frame sent.
 *
 * <p>Traffic: a ring of {@value #RING} pre-built 60-byte frames of {@link BenchScenario}'s mix
 * (80% established TCP/UDP/ICMP flows in both directions, 15% unsolicited WAN packets dropped at
 * preset-block, 5% from denylisted hosts) over {@code flows} concurrent flows, opened before the
 * measurement. The configuration has {@code rules} enabled custom rules with the matching one
 * last ({@code 8} or {@code 512}, same traffic). Packet time advances {@value #TICK_NANOS} ns per
 * packet, so flows stay alive and are not new.
 *
 * <p>The engine rewrites frames in place (NAT, TTL), so each operation first copies its frame
 * into a scratch buffer with {@code System.arraycopy} and processes the copy; {@link #copyOnly}
 * measures that copy alone, to subtract. One operation = one packet, so ops/s = packets/s.
 *
 * <p>Run (after {@code mvn -B -q install -DskipTests}):
 * <pre>
 * java -jar palisade-benchmarks/target/benchmarks.jar EngineThroughputBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class EngineThroughputBenchmark {

    /** Frames in the ring (a power of two). */
    public static final int RING = 1 << 16;
    /** Packet time between two packets: 10 million packets per second of packet time. */
    public static final long TICK_NANOS = 100;

    /** Counts what the engine sends, so the sending path cannot be optimised away. */
    static final class CountingSink implements FrameSink {
        long frames;
        long bytes;

        @Override
        public void send(Interface egress, LinkLayer link, byte[] buffer, int offset, int length) {
            frames++;
            bytes += length + buffer[offset];
        }
    }

    /** The engine, its opened flows and the ring of frames. */
    @State(Scope.Thread)
    public static class Pipeline {

        @Param({"10000", "100000"})
        public int flows;

        @Param({"8", "512"})
        public int rules;

        final byte[] ring = new byte[RING * 64];
        final Interface[] ingress = new Interface[RING];
        final byte[] scratch = new byte[2048];
        final CountingSink sink = new CountingSink();
        TrafficEngine engine;
        int cursor;
        long now = 1_000_000_000L;

        @Setup(Level.Trial)
        public void setUp() {
            BenchScenario scenario = new BenchScenario(flows);
            engine = new TrafficEngine(BenchScenario.config(rules), EngineOptions.defaults(), sink);
            // Open every flow.
            List<byte[]> frames = new ArrayList<>();
            List<Interface> in = new ArrayList<>();
            for (int i = 0; i < flows; i++) {
                scenario.opening(i, frames, in);
            }
            for (int k = 0; k < frames.size(); k++) {
                byte[] f = frames.get(k);
                System.arraycopy(f, 0, scratch, 0, f.length);
                Decision d = engine.process(in.get(k), LinkLayer.ETHERNET, scratch, 0, f.length, now += TICK_NANOS, k);
                if (d.verdict() != Verdict.ACCEPT) {
                    throw new IllegalStateException("opening packet " + k + " not accepted: " + d);
                }
            }
            // Build the ring and check that every frame meets the fate it was made for.
            SplittableRandom r = new SplittableRandom(42);
            BenchScenario.Expected[] expected = new BenchScenario.Expected[1];
            Map<Stage, Integer> stages = new EnumMap<>(Stage.class);
            for (int k = 0; k < RING; k++) {
                ingress[k] = scenario.nextMixed(r, ring, k * 64, expected);
                System.arraycopy(ring, k * 64, scratch, 0, BenchScenario.FRAME_LENGTH);
                Decision d = engine.process(ingress[k], LinkLayer.ETHERNET, scratch, 0, BenchScenario.FRAME_LENGTH,
                        now += TICK_NANOS, k);
                boolean ok = switch (expected[0]) {
                    case FORWARD -> d.verdict() == Verdict.ACCEPT && d.egress() != null;
                    case PRESET_BLOCK -> d.verdict() == Verdict.DROP && d.stage() == Stage.PRESET_BLOCK;
                    case DENYLIST -> d.verdict() == Verdict.DROP && d.stage() == Stage.IP_DENYLIST;
                };
                if (!ok) {
                    throw new IllegalStateException("ring frame " + k + " expected " + expected[0] + " but got " + d);
                }
                stages.merge(d.stage(), 1, Integer::sum);
            }
            System.err.println("ring decisions by stage: " + stages + ", tracked connections: " + engine.connections().size());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (sink.frames == 0) {
                throw new IllegalStateException("nothing was sent");
            }
        }
    }

    /** Only the ring and the scratch buffer, for the cost of the copy. */
    @State(Scope.Thread)
    public static class CopyRing {
        final byte[] ring = new byte[RING * 64];
        final byte[] scratch = new byte[2048];
        int cursor;

        @Setup(Level.Trial)
        public void setUp() {
            new SplittableRandom(1).nextBytes(ring);
        }
    }

    /** One packet of the mix through the whole engine (including the copy into the scratch buffer). */
    @Benchmark
    public Decision process(Pipeline s) {
        int k = s.cursor++ & (RING - 1);
        System.arraycopy(s.ring, k << 6, s.scratch, 0, BenchScenario.FRAME_LENGTH);
        return s.engine.process(s.ingress[k], LinkLayer.ETHERNET, s.scratch, 0, BenchScenario.FRAME_LENGTH,
                s.now += TICK_NANOS, k);
    }

    /** The copy of a 60-byte frame from the ring into the scratch buffer alone. */
    @Benchmark
    public byte copyOnly(CopyRing s) {
        int k = s.cursor++ & (RING - 1);
        System.arraycopy(s.ring, k << 6, s.scratch, 0, BenchScenario.FRAME_LENGTH);
        return s.scratch[k & 63];
    }
}
