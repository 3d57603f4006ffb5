package dev.palisade.notify;

import dev.palisade.audit.AuditRecord;
import dev.palisade.notify.queue.DiskQueue;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Forwards every committed audit record to the configured destinations. The audit store calls
 * {@link #accept} after each durable commit; the record is rendered for each destination and
 * appended to that destination's queue on disk (one write and one fsync per destination), and
 * the call returns: it never waits on the network. One delivery thread per destination sends
 * from the queue in order and removes a record only once its delivery is confirmed, so records
 * survive an unreachable peer and a crash of the gateway, and arrive at least once, in order.
 *
 * <p>Records a full queue refuses are counted and reported through the overflow callback, which
 * runs on a thread of its own (the service records it as an audit event; calling back into
 * {@link #accept} from there is safe).
 */
public final class Notifier implements Consumer<AuditRecord>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

    private final String hostName;
    private final List<Lane> lanes;
    private final ExecutorService reporter;
    private volatile boolean closed;

    private Notifier(String hostName, List<Lane> lanes, ExecutorService reporter) {
        this.hostName = hostName;
        this.lanes = lanes;
        this.reporter = reporter;
    }

    /**
     * Opens a queue under {@code stateDir} for each destination (recovering what a previous run
     * left) and starts delivering.
     *
     * @param stateDir     directory holding one queue directory per destination
     * @param hostName     the gateway's device name, written as the sender of every record
     * @param destinations where records go; at most one per queue name
     * @param options      queue bounds, backoff and batch size
     * @param overflow     told about records a full queue refused (see {@link OverflowReport})
     */
    public static Notifier start(Path stateDir, String hostName, List<? extends Destination> destinations,
            NotifierOptions options, Consumer<OverflowReport> overflow) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(overflow, "overflow");
        Set<String> names = new HashSet<>();
        for (Destination d : destinations) {
            if (!names.add(d.queueName())) {
                throw new IllegalArgumentException("two destinations share the queue " + d.queueName());
            }
        }
        ExecutorService reporter = Executors.newSingleThreadExecutor(r -> daemon(r, "notify-overflow-report"));
        Consumer<OverflowReport> async = report -> reporter.execute(() -> {
            try {
                overflow.accept(report);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "overflow report handler failed", e);
            }
        });
        List<Lane> lanes = new ArrayList<>();
        try {
            for (Destination d : destinations) {
                DiskQueue queue = DiskQueue.open(stateDir.resolve(d.queueName()), options.bounds());
                if (queue.recovery().corruptRegions() > 0) {
                    LOG.log(Level.WARNING, d.name() + ": skipped " + queue.recovery().corruptRegions()
                            + " damaged region(s), " + queue.recovery().corruptBytes() + " bytes, in its queue");
                }
                Courier courier = new Courier(d, queue, options, async);
                lanes.add(new Lane(d, queue, courier, daemon(courier, "notify-" + d.queueName())));
            }
        } catch (IOException | RuntimeException e) {
            for (Lane l : lanes) {
                l.queue.close();
            }
            reporter.shutdownNow();
            throw e;
        }
        for (Lane l : lanes) {
            l.thread.start();
        }
        return new Notifier(hostName, List.copyOf(lanes), reporter);
    }

    /** Queues {@code record} for every destination. Never throws for a delivery problem. */
    @Override
    public void accept(AuditRecord record) {
        if (closed) {
            throw new IllegalStateException("notifier closed");
        }
        for (Lane l : lanes) {
            byte[] payload;
            try {
                payload = l.destination.render(record, hostName);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "record " + record.log().key() + "/" + record.sequence() + " could not be rendered for "
                        + l.destination.name(), e);
                continue;
            }
            l.courier.enqueue(payload);
        }
    }

    /** The state of each destination, in the order given. */
    public List<DestinationStatus> status() {
        return lanes.stream().map(l -> l.courier.status()).toList();
    }

    /** Stops delivery (what is queued stays on disk for the next start) and closes the queues. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (Lane l : lanes) {
            l.courier.stop();
        }
        IOException first = null;
        for (Lane l : lanes) {
            try {
                l.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                l.queue.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        reporter.shutdown();
        try {
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw first;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Lane(Destination destination, DiskQueue queue, Courier courier, Thread thread) {
    }
}
