package dev.palisade.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * Buffered reading of an input stream with the absolute offset tracked for error messages.
 *
 * <p>Decoders ask for exactly the bytes a header needs and read fields out of the buffer, so the
 * stream sees large reads only. Byte order is chosen per call because a pcapng file may switch it
 * at every section header. Any shortfall becomes a {@link CaptureFormatException} naming the
 * structure that was cut off and where it started.
 */
final class ByteSource implements AutoCloseable {
    /** Enough for every fixed-size header; packet data and skips stream through it. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long bufferStart;
    private boolean eof;

    ByteSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Absolute offset of the next unread byte. */
    long position() {
        return bufferStart + pos;
    }

    /**
     * Makes up to {@code n} bytes available ({@code n <= BUFFER_SIZE}) and returns how many are;
     * fewer than {@code n} only at end of input.
     */
    int fill(int n) throws IOException {
        int available = limit - pos;
        if (available >= n) {
            return available;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, available);
            bufferStart += pos;
            pos = 0;
            limit = available;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos;
    }

    /** Ensures {@code n} bytes are buffered or reports the structure that starts at {@code start}. */
    void require(int n, String what, long start) throws IOException {
        int available = fill(n);
        if (available < n) {
            throw truncated(what, start, n - available);
        }
    }

    CaptureFormatException truncated(String what, long start, long missing) {
        return new CaptureFormatException(name, start,
                "truncated " + what + ": input ends at offset " + (bufferStart + limit) + ", " + missing
                        + " byte" + (missing == 1 ? "" : "s") + " short");
    }

    /** The next 4 bytes as an int without consuming them; the caller has required them. */
    int peekInt(boolean bigEndian) {
        return getInt(pos, bigEndian);
    }

    /** Reads a buffered unsigned 16-bit field; the caller has required it. */
    int u16(boolean bigEndian) {
        int b0 = buf[pos] & 0xFF;
        int b1 = buf[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    /** Reads a buffered 32-bit field; the caller has required it. */
    int int32(boolean bigEndian) {
        int v = getInt(pos, bigEndian);
        pos += 4;
        return v;
    }

    /** Reads a buffered unsigned 32-bit field; the caller has required it. */
    long u32(boolean bigEndian) {
        return int32(bigEndian) & 0xFFFF_FFFFL;
    }

    /** Reads a buffered 64-bit field; the caller has required it. */
    long int64(boolean bigEndian) {
        long first = int32(bigEndian) & 0xFFFF_FFFFL;
        long second = int32(bigEndian) & 0xFFFF_FFFFL;
        return bigEndian ? (first << 32) | second : (second << 32) | first;
    }

    /**
     * Decodes {@code len} buffered bytes as UTF-8, dropping trailing NULs that some writers keep
     * from C strings; the caller has required them.
     */
    String utf8(int len) {
        int end = pos + len;
        while (end > pos && buf[end - 1] == 0) {
            end--;
        }
        String s = new String(buf, pos, end - pos, java.nio.charset.StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Reads a buffered byte; the caller has required it. */
    int u8() {
        return buf[pos++] & 0xFF;
    }

    private int getInt(int at, boolean bigEndian) {
        int b0 = buf[at] & 0xFF;
        int b1 = buf[at + 1] & 0xFF;
        int b2 = buf[at + 2] & 0xFF;
        int b3 = buf[at + 3] & 0xFF;
        return bigEndian
                ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3
                : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
    }

    /** Copies exactly {@code len} bytes into {@code dst}, refilling the buffer as needed. */
    void readFully(byte[] dst, int off, int len, String what, long start) throws IOException {
        int remaining = len;
        int at = off;
        while (remaining > 0) {
            if (pos == limit && fill(1) == 0) {
                throw truncated(what, start, remaining);
            }
            int n = Math.min(remaining, limit - pos);
            System.arraycopy(buf, pos, dst, at, n);
            pos += n;
            at += n;
            remaining -= n;
        }
    }

    /** Discards exactly {@code len} bytes. */
    void skip(long len, String what, long start) throws IOException {
        long remaining = len;
        while (remaining > 0) {
            if (pos == limit && fill(1) == 0) {
                throw truncated(what, start, remaining);
            }
            int n = (int) Math.min(remaining, limit - pos);
            pos += n;
            remaining -= n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
