package dev.palisade.audit.store;

import dev.palisade.audit.AuditRecord;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A listener's place in the store's fan-out: committed records are queued here and handed to the
 * listener on its own thread, in commit order, so a slow or failing listener never holds up
 * recording. When the queue ({@value #QUEUE} records) is full, further records are dropped and
 * counted: a listener that must not miss anything (the forwarders) reads what it missed back from
 * the store with {@link AuditStore#after}.
 */
public final class AuditSubscription implements AutoCloseable {

    static final int QUEUE = 65_536;
    private static final System.Logger LOG = System.getLogger(AuditSubscription.class.getName());

    private final BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Consumer<AuditRecord> listener;
    private final Runnable onClose;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    AuditSubscription(Consumer<AuditRecord> listener, Runnable onClose) {
        this.listener = listener;
        this.onClose = onClose;
        this.thread = Thread.ofVirtual().name("palisade-audit-listener").start(this::deliver);
    }

    void offer(AuditRecord record) {
        if (!closed && !queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    private void deliver() {
        while (!closed) {
            AuditRecord r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                listener.accept(r);
            } catch (RuntimeException e) {
                // A broken listener must not stop the others or recording: counted, and logged the first time only.
                if (failures.incrementAndGet() == 1) {
                    LOG.log(System.Logger.Level.WARNING, "audit listener failed on " + r.log().key() + " record " + r.sequence()
                            + " (further failures are only counted)", e);
                }
            }
        }
    }

    /** Records not delivered because the listener fell {@value #QUEUE} records behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Deliveries on which the listener threw. */
    public long failures() {
        return failures.get();
    }

    /** Stops delivery; records still queued are not delivered. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        onClose.run();
    }
}
