package dev.palisade.ips.eve;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A buffered stream to a file whose write system calls are made by a thread of its own, so the
 * thread producing the output (the protector's, writing EVE) only copies bytes: writing hundreds of
 * megabytes of EVE into the page cache costs a fraction of a second of system time that would
 * otherwise stop inspection.
 *
 * <p>A fixed set of direct buffers circulates between the two threads through two bounded
 * queues: the producer fills one, hands it over and takes an empty one, waiting when the writer
 * is {@code buffers} behind; nothing is allocated per write. An I/O error of the writer thread is
 * thrown by the producer's next {@link #write}, {@link #flush} or {@link #close}. {@link #flush}
 * returns once everything written before it is in the channel; {@link #close} flushes, stops the
 * thread and closes the channel (forcing it to the device is the caller's choice, before or after).
 *
 * <p>One producer thread.
 */
public final class BackgroundOutputStream extends OutputStream {

    /** A buffer with no bytes that tells the writer thread to stop. */
    private static final ByteBuffer STOP = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> full;
    private final BlockingQueue<ByteBuffer> empty;
    private final Thread writer;
    /** Buffers besides the current one. */
    private final int spares;
    private ByteBuffer current;
    private volatile IOException failure;
    private boolean closed;

    /**
     * @param bufferSize bytes per buffer
     * @param buffers    buffers in circulation (at least 2)
     */
    public BackgroundOutputStream(FileChannel channel, int bufferSize, int buffers) {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (bufferSize < 1 || buffers < 2) {
            throw new IllegalArgumentException("bufferSize >= 1 and buffers >= 2 required, got " + bufferSize + ", " + buffers);
        }
        this.spares = buffers - 1;
        this.full = new ArrayBlockingQueue<>(buffers + 1);
        this.empty = new ArrayBlockingQueue<>(buffers);
        for (int i = 1; i < buffers; i++) {
            empty.add(ByteBuffer.allocateDirect(bufferSize));
        }
        this.current = ByteBuffer.allocateDirect(bufferSize);
        this.writer = Thread.ofPlatform().name("eve-writer").daemon().unstarted(this::drain);
        writer.start();
    }

    /** Writer thread: writes each full buffer whole, then returns it. */
    private void drain() {
        try {
            while (true) {
                ByteBuffer b = full.take();
                if (b == STOP) {
                    return;
                }
                try {
                    if (failure == null) {
                        b.flip();
                        while (b.hasRemaining()) {
                            channel.write(b);
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    // e.g. a channel not open for writing: the producer must hear of it, not wait for ever
                    failure = new IOException(e.toString(), e);
                } finally {
                    b.clear();
                    empty.put(b);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (!current.hasRemaining()) {
            handOver();
        }
        current.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            if (!current.hasRemaining()) {
                handOver();
            }
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Gives the current buffer to the writer thread and takes an empty one. */
    private void handOver() throws IOException {
        check();
        try {
            full.put(current);
            current = empty.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing EVE output to its writer thread");
        }
        check();
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing failed: " + e.getMessage(), e);
        }
    }

    /** Returns once every byte written so far is in the channel. */
    @Override
    public void flush() throws IOException {
        if (current.position() > 0) {
            handOver();
        }
        // the writer is done when every buffer but the current one is back in the empty queue
        try {
            ByteBuffer[] held = new ByteBuffer[spares];
            for (int i = 0; i < spares; i++) {
                held[i] = empty.take();
            }
            for (ByteBuffer b : held) {
                empty.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing EVE output");
        }
        check();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                full.put(STOP);
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close();
        }
    }
}
