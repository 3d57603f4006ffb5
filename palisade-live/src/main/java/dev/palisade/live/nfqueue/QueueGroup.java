package dev.palisade.live.nfqueue;

import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.NetworkNamespace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Several queues (0..N-1 of the ruleset's {@code --queue-balance}, or any numbers), each served
 * by its own platform thread with its own inspector: an inspector (and the engine behind it)
 * belongs to one thread, so nothing on the packet path is shared or locked.
 *
 * <p>With a network namespace, each thread enters it ({@code setns}) before it opens its socket;
 * the rest of the JVM stays where it is. {@link #start} returns once every queue is bound, or
 * throws (stopping the others) when one cannot be bound. A queue whose socket later fails is
 * reported to the failure handler and its thread ends; the kernel then drops what comes to that
 * queue (fail-closed) unless it was bound fail-open. An inspector that is {@link AutoCloseable}
 * is closed by its thread when the queue stops.
 */
public final class QueueGroup implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 10;

    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running = true;

    private final class Worker implements Runnable {
        final QueueConfig config;
        final IntFunction<PacketInspector> inspectors;
        final Path namespace;
        final Consumer<Throwable> onFailure;
        final CompletableFuture<NfQueue> bound = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile FileChannel status;
        volatile NfQueue queue;
        Thread thread;

        Worker(QueueConfig config, IntFunction<PacketInspector> inspectors, Path namespace, Consumer<Throwable> onFailure) {
            this.config = config;
            this.inspectors = inspectors;
            this.namespace = namespace;
            this.onFailure = onFailure;
        }

        @Override
        public void run() {
            try {
                if (namespace != null) {
                    NetworkNamespace.enter(namespace);
                }
                PacketInspector inspector = inspectors.apply(config.queue());
                try (NfQueue q = NfQueue.open(config)) {
                    queue = q;
                    // Opened here, the file keeps showing this namespace's queues to whichever thread reads it.
                    if (Files.exists(QueueStatus.THREAD_FILE)) {
                        status = FileChannel.open(QueueStatus.THREAD_FILE, StandardOpenOption.READ);
                    }
                    bound.complete(q);
                    q.serve(inspector, () -> running);
                } finally {
                    if (inspector instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                }
            } catch (Throwable t) {
                if (!bound.completeExceptionally(t)) {
                    onFailure.accept(t);
                }
            } finally {
                FileChannel s = status;
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // nothing left to do with it
                    }
                }
                done.complete(null);
            }
        }
    }

    private QueueGroup() {
    }

    /**
     * Binds every queue of {@code configs}, each on its own thread named {@code nfqueue-N}.
     *
     * @param inspectors makes the inspector of queue N, called on that queue's thread
     * @param namespace network namespace file to enter first (see {@link NetworkNamespace#named}), or null
     * @param onFailure told when a running queue's socket fails (on that queue's thread)
     */
    public static QueueGroup start(List<QueueConfig> configs, IntFunction<PacketInspector> inspectors, Path namespace,
                                   Consumer<Throwable> onFailure) throws NetlinkException {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no queue to serve");
        }
        Objects.requireNonNull(inspectors);
        Objects.requireNonNull(onFailure);
        QueueGroup group = new QueueGroup();
        for (QueueConfig c : configs) {
            Worker w = group.new Worker(c, inspectors, namespace, onFailure);
            w.thread = Thread.ofPlatform().name("nfqueue-" + c.queue()).start(w);
            group.workers.add(w);
        }
        for (Worker w : group.workers) {
            try {
                w.bound.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                group.close();
                if (e.getCause() instanceof NetlinkException n) {
                    throw n;
                }
                throw new IllegalStateException("queue " + w.config.queue() + " failed to start", e.getCause());
            } catch (TimeoutException e) {
                group.close();
                throw new IllegalStateException("queue " + w.config.queue() + " not bound within " + START_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                group.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding queues", e);
            }
        }
        return group;
    }

    /** Counters of every queue (as last published by each queue's thread). */
    public List<QueueCounters> counters() {
        List<QueueCounters> result = new ArrayList<>();
        for (Worker w : workers) {
            NfQueue q = w.queue;
            if (q != null) {
                result.add(q.counters());
            }
        }
        return result;
    }

    /**
     * The kernel's status of the namespace's queues ({@code /proc/net/netfilter/nfnetlink_queue}
     * as seen from the queues' namespace): queue drops and user drops.
     */
    public List<QueueStatus> status() throws IOException {
        for (Worker w : workers) {
            FileChannel channel = w.status;
            if (channel != null && channel.isOpen()) {
                ByteBuffer buffer = ByteBuffer.allocate(QueueStatus.MAX_LINE * (workers.size() + 16));
                StringBuilder text = new StringBuilder();
                long position = 0;
                int n;
                synchronized (channel) {
                    while ((n = channel.read(buffer.clear(), position)) > 0) {
                        position += n;
                        text.append(StandardCharsets.US_ASCII.decode(buffer.flip()));
                    }
                }
                return QueueStatus.parse(text.toString());
            }
        }
        return List.of();
    }

    /** True while at least one queue's thread is serving. */
    public boolean isServing() {
        for (Worker w : workers) {
            if (!w.done.isDone()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops every queue (each notices within its poll timeout), waits for the threads, which send
     * their pending verdicts and close their sockets.
     */
    @Override
    public void close() {
        running = false;
        for (Worker w : workers) {
            try {
                w.done.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A thread that does not stop in time is left to the JVM; its socket dies with it.
            }
        }
    }
}
