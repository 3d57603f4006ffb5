package dev.palisade.audit.store;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The child process of {@link AuditCrashTest}: records events from four threads as fast as it can
 * and prints "ack LOG SEQ" for every record {@code record} returned, i.e. every record the store
 * said is durable, until it is killed.
 */
public final class CrashRecorder {

    private CrashRecorder() {
    }

    public static void main(String[] args) throws InterruptedException {
        AuditStore store = AuditStore.open(Path.of(args[0]), new AuditLimits(100_000, 100_000, 10), Clock.systemUTC());
        PrintStream out = System.out;
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    for (AuditRecord r : store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10." + thread + ".0." + (i % 250)))) {
                        synchronized (out) {
                            out.println("ack " + r.log().key() + " " + r.sequence() + " " + r.text());
                            out.flush();
                        }
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
