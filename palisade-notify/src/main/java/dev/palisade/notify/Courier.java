package dev.palisade.notify;

import dev.palisade.notify.queue.DiskQueue;
import dev.palisade.notify.queue.QueuedRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The delivery thread of one destination: takes records from the head of its queue, sends them,
 * confirms and acknowledges them, and on any failure closes the connection, backs off and sends
 * again from the oldest unconfirmed record, so records arrive in queue order, at least once.
 * Also counts what the full queue refused and reports overflow episodes.
 */
final class Courier implements Runnable {

    private static final System.Logger LOG = System.getLogger(Courier.class.getName());

    private final Destination destination;
    private final DiskQueue queue;
    private final NotifierOptions options;
    private final Consumer<OverflowReport> reports;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private long droppedEpisode;
    private boolean signalled;
    private volatile boolean stopping;
    private volatile boolean connected;
    private volatile String lastError = "";
    private volatile Sink sink;

    Courier(Destination destination, DiskQueue queue, NotifierOptions options, Consumer<OverflowReport> reports) {
        this.destination = destination;
        this.queue = queue;
        this.options = options;
        this.reports = reports;
    }

    /** Queues one payload from the caller's thread; never waits on the network. */
    void enqueue(byte[] payload) {
        boolean taken;
        try {
            taken = queue.offer(payload);
        } catch (IOException | RuntimeException e) {
            lastError = "queue write failed: " + e.getMessage();
            LOG.log(Level.ERROR, "notification queue of " + destination.name() + " could not be written", e);
            taken = false;
        }
        if (!taken) {
            long episode;
            synchronized (this) {
                episode = ++droppedEpisode;
            }
            long total = droppedTotal.incrementAndGet();
            if (episode == 1) {
                reports.accept(new OverflowReport(destination.name(), 1, total, false));
            }
        }
        signal();
    }

    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends delivery; closing the connection also frees a send blocked on a peer that stopped reading. */
    void stop() {
        stopping = true;
        signal();
        Sink s = sink;
        if (s != null) {
            s.close();
        }
    }

    DestinationStatus status() {
        long dropped = droppedTotal.get();
        return new DestinationStatus(destination.name(), connected, queue.size(), delivered.get(), dropped,
                queue.recovery().corruptRegions(), lastError);
    }

    /**
     * The delivery loop. Records sent but not yet confirmed form a window (at most
     * {@code options.batch()}); each remembers when it was sent. Records sent at least
     * {@code settle} ago are confirmed (one liveness check for all) and acknowledged first, then
     * new records are sent, so a steady trickle is acknowledged record by record rather than only
     * when the window fills.
     */
    @Override
    public void run() {
        int attempt = 0;
        int unconfirmed = 0;
        long[] sentAt = new long[options.batch()];
        while (!stopping) {
            try {
                if (sink == null) {
                    Sink s = destination.newSink();
                    try {
                        s.open();
                    } catch (IOException | RuntimeException e) {
                        s.close();
                        throw e;
                    }
                    sink = s;
                    connected = true;
                    attempt = 0;
                }
                long settle = sink.settle().toNanos();
                long now = System.nanoTime();
                int due = 0;
                while (due < unconfirmed && now - sentAt[due] >= settle) {
                    due++;
                }
                if (due > 0) {
                    sink.confirm();
                    queue.acknowledge(due);
                    delivered.addAndGet(due);
                    System.arraycopy(sentAt, due, sentAt, 0, unconfirmed - due);
                    unconfirmed -= due;
                    lastError = "";
                    endEpisodeIfRoom();
                    continue;
                }
                List<QueuedRecord> batch = unconfirmed < options.batch()
                        ? queue.peek(unconfirmed, options.batch() - unconfirmed) : List.of();
                if (!batch.isEmpty()) {
                    for (QueuedRecord r : batch) {
                        sink.send(r.payload());
                    }
                    sink.flush();
                    long sent = System.nanoTime();
                    for (int i = 0; i < batch.size(); i++) {
                        sentAt[unconfirmed++] = sent;
                    }
                    continue;
                }
                if (unconfirmed > 0) {
                    // A new record ends the wait early (when the window has room) and is sent.
                    await(settle - (now - sentAt[0]), unconfirmed < options.batch());
                    continue;
                }
                endEpisodeIfRoom();
                await(TimeUnit.SECONDS.toNanos(1), true);
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    break;
                }
                lastError = describe(e);
                LOG.log(Level.DEBUG, () -> destination.name() + ": " + lastError);
                closeSink();
                unconfirmed = 0;
                sleepQuietly(options.backoff().delayMillis(attempt));
                if (attempt < 62) {
                    attempt++;
                }
            }
        }
        closeSink();
    }

    private void endEpisodeIfRoom() {
        long episode;
        synchronized (this) {
            if (droppedEpisode == 0 || !queue.hasRoomFor(1)) {
                return;
            }
            episode = droppedEpisode;
            droppedEpisode = 0;
        }
        reports.accept(new OverflowReport(destination.name(), episode, droppedTotal.get(), true));
    }

    private void closeSink() {
        connected = false;
        Sink s = sink;
        if (s != null) {
            s.close();
            sink = null;
        }
    }

    /** Waits up to {@code nanos}; with {@code untilSignal} a new record ends the wait early. */
    private void await(long nanos, boolean untilSignal) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !stopping && !(untilSignal && signalled)) {
                left = wake.awaitNanos(left);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private void sleepQuietly(long millis) {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(millis);
            while (left > 0 && !stopping) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** An error's description without anything the peer or a secret could have put there at length. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
