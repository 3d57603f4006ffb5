package dev.palisade.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Little-endian buffered output for the capture writers. Headers are assembled in the buffer
 * and packet bytes copied after them, so a typical frame costs no call to the stream; frames
 * larger than the buffer go to the stream directly.
 *
 * <p>Once any write to the stream fails the sink is marked failed, so that the owning writer
 * discards its output instead of publishing a file with a hole in it.
 */
final class BlockSink {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private boolean failed;

    BlockSink(OutputStream out) {
        this.out = out;
    }

    boolean failed() {
        return failed;
    }

    /** Makes room for {@code n <= BUFFER_SIZE} bytes of headers. */
    void reserve(int n) throws IOException {
        if (buf.length - pos < n) {
            flush();
        }
    }

    void u16(int v) {
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
    }

    void u32(int v) {
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
    }

    void u64(long v) {
        u32((int) v);
        u32((int) (v >>> 32));
    }

    void zeros(int n) {
        for (int i = 0; i < n; i++) {
            buf[pos++] = 0;
        }
    }

    void bytes(byte[] src, int off, int len) throws IOException {
        if (len <= buf.length - pos) {
            System.arraycopy(src, off, buf, pos, len);
            pos += len;
            return;
        }
        flush();
        if (len <= buf.length) {
            System.arraycopy(src, off, buf, 0, len);
            pos = len;
        } else {
            write(src, off, len);
        }
    }

    void flush() throws IOException {
        if (pos > 0) {
            int n = pos;
            pos = 0;
            write(buf, 0, n);
        }
    }

    private void write(byte[] src, int off, int len) throws IOException {
        try {
            out.write(src, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    void closeStream() throws IOException {
        out.close();
    }

    /** Little-endian encoding into a fixed array, for blocks built ahead of being written. */
    static final class Encoder {
        private final byte[] array;
        private int pos;

        Encoder(int length) {
            array = new byte[length];
        }

        void u8(int v) {
            array[pos++] = (byte) v;
        }

        void u16(int v) {
            u8(v);
            u8(v >>> 8);
        }

        void u32(int v) {
            u16(v);
            u16(v >>> 16);
        }

        void bytes(byte[] src) {
            System.arraycopy(src, 0, array, pos, src.length);
            pos += src.length;
        }

        void zeros(int n) {
            pos += n; // a new array is already zero
        }

        /** The encoded block; the caller sized it exactly. */
        byte[] array() {
            if (pos != array.length) {
                throw new IllegalStateException("encoded " + pos + " of " + array.length + " bytes");
            }
            return array;
        }
    }
}
