package dev.palisade.bench;

import dev.palisade.conntrack.ConnectionTable;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.Ipv4;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;

/**
 * Reports the memory a {@link ConnectionTable} sized for 1,000,000 flows retains (goal: at most
 * 256 MB), two ways: the sum of its arrays (each array's header plus elements, 8-byte aligned,
 * read by reflection: exact for this layout), and the heap growth measured around its creation
 * after full collections. It then fills the table with 1,000,000 masqueraded connections to show
 * that nothing grows per flow, and measures a whole {@link TrafficEngine} with a capacity of
 * 1,000,000 for comparison.
 *
 * <p>Run (after {@code mvn -B -q install -DskipTests}):
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp palisade-benchmarks/target/benchmarks.jar dev.palisade.bench.ConnectionTableFootprint [flows]
 * </pre>
 * This is a measurement tool run by hand; it prints to standard output.
 */
public final class ConnectionTableFootprint {

    private static final double MB = 1024.0 * 1024.0;

    private ConnectionTableFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        long before = usedAfterGc(memory);
        ConnectionTable table = new ConnectionTable(flows, 1);
        long afterCreate = usedAfterGc(memory);
        fill(table, flows);
        long afterFill = usedAfterGc(memory);
        // Measured full: the index grows with the number of connections.
        long arrays = arrayBytes(table);

        out("ConnectionTable(%,d) filled: arrays %,d bytes = %.1f MiB (%.1f bytes per flow)",
                flows, arrays, arrays / MB, (double) arrays / flows);
        out("  heap growth at creation: %.1f MiB; after filling with %,d connections: %.1f MiB (size %,d)",
                (afterCreate - before) / MB, table.size(), (afterFill - before) / MB, table.size());
        out("  goal: <= 256 MB for 1,000,000 flows -> %s", arrays <= 256L * 1000 * 1000 ? "met" : "MISSED");
        if (table.size() != flows) {
            throw new IllegalStateException("filled only " + table.size());
        }

        table = null;
        long beforeEngine = usedAfterGc(memory);
        TrafficEngine engine = new TrafficEngine(BenchScenario.config(512),
                EngineOptions.defaults().withConnectionCapacity(flows), FrameSink.DISCARD);
        long afterEngine = usedAfterGc(memory);
        out("TrafficEngine with capacity %,d, 512 rules, 1,000+1,000 list entries: heap growth %.1f MiB",
                flows, (afterEngine - beforeEngine) / MB);
        if (engine.connections().capacity() != flows) {
            throw new IllegalStateException();
        }
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Sum of the sizes of the arrays the table's fields refer to (16-byte header, 8-byte alignment). */
    static long arrayBytes(Object o) throws IllegalAccessException {
        long total = 0;
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || !f.getType().isArray()) {
                continue;
            }
            f.setAccessible(true);
            Object a = f.get(o);
            if (a == null) {
                continue;
            }
            Class<?> c = f.getType().getComponentType();
            int element = c == long.class || c == double.class ? 8 : c == int.class || c == float.class ? 4
                    : c == short.class || c == char.class ? 2 : c == byte.class || c == boolean.class ? 1 : 4;
            long bytes = 16L + (long) Array.getLength(a) * element;
            total += (bytes + 7) & ~7L;
        }
        return total;
    }

    private static void fill(ConnectionTable table, int flows) {
        int wan = 0xc6336402;
        for (int i = 0; i < flows; i++) {
            int proto = (i & 3) == 0 ? Ipv4.PROTOCOL_UDP : Ipv4.PROTOCOL_TCP;
            int src = 0xc0a80000 | (i & 0xffff);
            int dst = 0x64400000 + i;
            int sport = 1024 + (i >>> 16);
            if (table.create(proto, src, dst, sport, 443, dst, wan, 443, sport, Long.MAX_VALUE,
                    ConnectionTable.FLAG_SNAT, 0) < 0) {
                throw new IllegalStateException("table full at " + i);
            }
        }
    }
}
