package dev.palisade.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The destination shared by both writers: a {@link BlockSink} over either the caller's stream or
 * an {@link AtomicFile}, and the one place that decides on close whether the output is
 * published. A file is published only if every write succeeded.
 */
final class CaptureOutput {
    final BlockSink sink;
    private final AtomicFile atomic;
    private boolean closed;

    /** @param atomic the file behind {@code out}, or null when the caller owns the stream */
    CaptureOutput(OutputStream out, AtomicFile atomic) {
        this.sink = new BlockSink(out);
        this.atomic = atomic;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("capture writer is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Flushes and publishes. If an earlier write failed, or this flush fails, an atomic file is
     * discarded and the failure reported, so a damaged capture never replaces the target.
     */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        if (sink.failed()) {
            failure = new IOException("an earlier write to the capture failed; output discarded");
        } else {
            try {
                sink.flush();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (atomic == null) {
            try {
                sink.closeStream();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        } else if (failure == null) {
            atomic.commit();
        } else {
            try {
                atomic.discard();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Abandons the output: an atomic file's temporary is deleted, a caller's stream is closed. */
    void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (atomic == null) {
            sink.closeStream();
        } else {
            atomic.discard();
        }
    }
}
