package dev.palisade.bench;

import dev.palisade.stream.StreamConsumer;
import dev.palisade.stream.StreamReassembler;
import dev.palisade.stream.StreamReassembler.StreamLimits;
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
 * {@link StreamReassembler#segment} with 64-byte payloads over {@code flows} open flows taken in
 * turn (so that at 10,000 flows successive calls touch unrelated per-direction state): in order
 * ({@code inOrder}, the common case: straight from the packet to the consumer), and in swapped
 * pairs ({@code swappedPairs}: every second segment arrives before its predecessor, is copied
 * into the pool, and is delivered from it when the predecessor fills the hole). The consumer
 * reads one byte per call, as an inspector reads at least the first. Result: ns per segment;
 * with {@code -prof gc}, bytes allocated per segment (should be 0).
 *
 * <p>Run: {@code ./palisade bench StreamReassemblerBenchmark -f 1 -wi 2 -i 3 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StreamReassemblerBenchmark {

    private static final int SEGMENT = 64;

    @Param({"1", "10000"})
    public int flows;

    private StreamReassembler reassembler;
    private int[] next;
    private final byte[] payload = new byte[SEGMENT];
    private int flow;
    private boolean secondHalf;
    private long sink;
    private final StreamConsumer consumer = (f, direction, buffer, offset, length) -> sink += buffer[offset] + length;

    @Setup(Level.Trial)
    public void setUp() {
        reassembler = new StreamReassembler(flows, StreamLimits.DEFAULTS);
        next = new int[flows];
        SplittableRandom r = new SplittableRandom(7);
        r.nextBytes(payload);
        for (int f = 0; f < flows; f++) {
            next[f] = r.nextInt();
            reassembler.open(f, 0, next[f]);
        }
    }

    @Benchmark
    public int inOrder() {
        int f = flow;
        flow = f + 1 == flows ? 0 : f + 1;
        int seq = next[f];
        next[f] = seq + SEGMENT;
        return reassembler.segment(f, 0, seq, payload, 0, SEGMENT, consumer);
    }

    /** One segment per call: the later one of a pair (buffered), then the earlier (delivers both). */
    @Benchmark
    public int swappedPairs() {
        int f = flow;
        int seq = next[f];
        if (!secondHalf) {
            secondHalf = true;
            return reassembler.segment(f, 0, seq + SEGMENT, payload, 0, SEGMENT, consumer);
        }
        secondHalf = false;
        flow = f + 1 == flows ? 0 : f + 1;
        next[f] = seq + 2 * SEGMENT;
        return reassembler.segment(f, 0, seq, payload, 0, SEGMENT, consumer);
    }

    /** Keeps the consumer's work observable so that it cannot be optimised away. */
    public long sink() {
        return sink;
    }
}
