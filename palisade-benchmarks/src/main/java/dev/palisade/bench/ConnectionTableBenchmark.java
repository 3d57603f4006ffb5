package dev.palisade.bench;

import dev.palisade.conntrack.ConnectionTable;
import dev.palisade.packet.Ipv4;
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
 * {@link ConnectionTable#lookup} in a table of capacity {@code entries} filled with
 * {@code entries} masqueraded TCP/UDP connections (two tuples each, so 2 x entries index
 * entries): a hit on a random tuple (original or reply direction, in a shuffled order so that
 * successive lookups touch unrelated cache lines, as real traffic does), and a miss (a tuple no
 * connection has). At 1,000,000 entries the table (~110 MB) is far larger than the caches, so
 * the figure is dominated by memory latency. Result: ns per lookup.
 *
 * <p>Run: {@code java -jar palisade-benchmarks/target/benchmarks.jar ConnectionTableBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ConnectionTableBenchmark {

    private static final int KEYS = 1 << 20;
    private static final long NOW = 1_000_000_000L;

    @Param({"10000", "1000000"})
    public int entries;

    private ConnectionTable table;
    private final int[] proto = new int[KEYS];
    private final int[] src = new int[KEYS];
    private final int[] dst = new int[KEYS];
    private final int[] sport = new int[KEYS];
    private final int[] dport = new int[KEYS];
    private final int[] missSrc = new int[KEYS];
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        table = new ConnectionTable(entries, 0x5eed);
        SplittableRandom r = new SplittableRandom(11);
        int wan = 0xc6336402;           // 198.51.100.2
        int[] oSrc = new int[entries];
        int[] oDst = new int[entries];
        int[] oPorts = new int[entries];
        int[] p = new int[entries];
        for (int i = 0; i < entries; i++) {
            p[i] = (i & 3) == 0 ? Ipv4.PROTOCOL_UDP : Ipv4.PROTOCOL_TCP;
            oSrc[i] = 0xc0a80000 | (i & 0xffff);                       // 192.168.x.y
            oDst[i] = 0x64400000 + r.nextInt(1 << 22);                 // 100.64.0.0/10
            oPorts[i] = (1024 + (i >>> 16)) << 16 | (1 + r.nextInt(65535));
            int id = table.create(p[i], oSrc[i], oDst[i], oPorts[i] >>> 16, oPorts[i] & 0xffff,
                    oDst[i], wan, oPorts[i] & 0xffff, 1024 + (i >>> 16) + (i & 0xffff) % 2000,
                    Long.MAX_VALUE, ConnectionTable.FLAG_SNAT, 0);
            if (id < 0) {
                throw new IllegalStateException("table full at " + i);
            }
        }
        if (table.size() != entries) {
            throw new IllegalStateException("size " + table.size());
        }
        for (int k = 0; k < KEYS; k++) {
            int i = r.nextInt(entries);
            proto[k] = p[i];
            if (r.nextBoolean()) {
                src[k] = oSrc[i];
                dst[k] = oDst[i];
                sport[k] = oPorts[i] >>> 16;
                dport[k] = oPorts[i] & 0xffff;
            } else {
                src[k] = oDst[i];
                dst[k] = wan;
                sport[k] = oPorts[i] & 0xffff;
                dport[k] = 1024 + (i >>> 16) + (i & 0xffff) % 2000;
            }
            missSrc[k] = 0x2d000000 + r.nextInt(1 << 24);               // 45.0.0.0/8: never in the table
            if (table.lookup(proto[k], src[k], dst[k], sport[k], dport[k], NOW) < 0) {
                throw new IllegalStateException("key " + k + " not found");
            }
        }
    }

    @Benchmark
    public int lookupHit() {
        int k = cursor++ & (KEYS - 1);
        return table.lookup(proto[k], src[k], dst[k], sport[k], dport[k], NOW);
    }

    @Benchmark
    public int lookupMiss() {
        int k = cursor++ & (KEYS - 1);
        return table.lookup(proto[k], missSrc[k], dst[k], sport[k], dport[k], NOW);
    }
}
