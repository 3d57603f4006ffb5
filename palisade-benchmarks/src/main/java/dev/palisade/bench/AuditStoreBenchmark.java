package dev.palisade.bench;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable audit records per second: each operation is one {@link AuditStore#record} of a
 * firewall "traffic blocking" event that returns only after the commit is fsynced (WAL,
 * synchronous=FULL) and the head file is replaced atomically. {@code oneRecorder}: a single
 * thread, so every record is its own commit; {@code eightRecorders}: eight threads recording at
 * once, whose events the writer commits together (group commit). The store is the default
 * 65,536-record log, in the working directory's file system (not tmpfs: put it where the
 * gateway's data directory is), so after the first 65,536 records each one also overwrites the
 * oldest.
 *
 * <p>Run: {@code java -jar palisade-benchmarks/target/benchmarks.jar AuditStoreBenchmark -f 1 -wi 2 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class AuditStoreBenchmark {

    private Path dir;
    private AuditStore store;
    private final AtomicInteger counter = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "audit-bench-");
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private List<AuditRecord> recordOne() {
        int n = counter.incrementAndGet();
        return store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10." + (n >>> 16 & 255) + "." + (n >>> 8 & 255) + "." + (n & 255)));
    }

    @Benchmark
    @Threads(1)
    public List<AuditRecord> oneRecorder() {
        return recordOne();
    }

    @Benchmark
    @Threads(8)
    public List<AuditRecord> eightRecorders() {
        return recordOne();
    }
}
