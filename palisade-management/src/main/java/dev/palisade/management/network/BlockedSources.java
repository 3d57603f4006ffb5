package dev.palisade.management.network;

import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.engine.EngineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sources the Network Protector blocked at run time into the configuration's
 * denylist ({@code NETWORK.IDS_PROXY.blockedList}, with the signature name and time), as the
 * specification's denylist "is generated automatically" from the protector's blocks: the entry
 * then shows in the Network section, survives a restart, and the administrator's deletion of it
 * unblocks the address. The engine enforces a blocked source at once from its own run-time list;
 * this only makes it permanent. Engine threads hand events over without waiting (a bounded queue;
 * what overflows is counted, and the engine keeps enforcing it until the next restart); one
 * thread commits them in batches as a new configuration version by "System: Network Protector".
 */
public final class BlockedSources implements Consumer<EngineEvent>, AutoCloseable {

    /** The author of the versions this writes, as the audit subjects name system components. */
    public static final String AUTHOR = "System: Network Protector";

    private static final Logger LOG = LoggerFactory.getLogger(BlockedSources.class);
    private static final int QUEUE = 2048;
    /** Blocks arriving close together (a scan of several rules) become one version. */
    private static final long BATCH_MILLIS = 200;

    /** Adds entries to the document in force and commits it; returns how many were new. */
    @FunctionalInterface
    interface Writer {
        int persist(List<IdsProxyConfig.DenylistEntry> entries) throws Exception;
    }

    private final BlockingQueue<EngineEvent.SourceBlocked> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong persisted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Writer writer;
    private volatile Thread thread;

    /** Takes a {@link EngineEvent.SourceBlocked}; other events are ignored. Never blocks. */
    @Override
    public void accept(EngineEvent event) {
        if (event instanceof EngineEvent.SourceBlocked blocked && !queue.offer(blocked)) {
            overflowed.incrementAndGet();
        }
    }

    /** Starts writing through {@code writer} (the Network area's commit path); events queued before are written first. */
    synchronized void attach(Writer writer) {
        if (this.writer != null) {
            throw new IllegalStateException("already attached");
        }
        this.writer = writer;
        Thread t = Thread.ofPlatform().daemon().name("palisade-blocked-sources").unstarted(this::run);
        thread = t;
        t.start();
    }

    /** Entries written into the configuration so far. */
    public long persisted() {
        return persisted.get();
    }

    /** Blocks not written because the hand-over queue was full (still enforced by the engine until restart). */
    public long overflowed() {
        return overflowed.get();
    }

    /** Batches whose commit was refused or failed (logged; the engine keeps enforcing them). */
    public long failures() {
        return failures.get();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                EngineEvent.SourceBlocked first = queue.take();
                Thread.sleep(BATCH_MILLIS);
                List<EngineEvent.SourceBlocked> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch);
                write(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<EngineEvent.SourceBlocked> batch) {
        List<IdsProxyConfig.DenylistEntry> entries = new ArrayList<>(batch.size());
        for (EngineEvent.SourceBlocked b : batch) {
            entries.add(new IdsProxyConfig.DenylistEntry(new Ipv4Address(b.source()), b.epochSeconds(), b.signature()));
        }
        try {
            persisted.addAndGet(writer.persist(entries));
        } catch (Exception e) {
            failures.incrementAndGet();
            LOG.warn("{} blocked source(s) could not be written into the configuration's denylist: {}", entries.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
