package dev.palisade.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a classic pcap capture with nanosecond timestamps (magic {@code a1b23c4d}), little
 * endian, one link type for the whole file, for tools that do not read pcapng.
 *
 * <p>The snap length is 262144 bytes, as tcpdump writes; longer frames are truncated to it with
 * their original length recorded. {@link #create(Path, int)} has the same atomic behaviour as
 * {@link PcapngWriter#create(Path)}: the target appears only on a successful {@link #close()},
 * and a caller that fails mid-capture calls {@link #abort()} as shown there.
 * Not thread-safe; writing a packet makes no object.
 */
public final class PcapWriter implements AutoCloseable {
    /** The snap length recorded in the header and applied to written frames. */
    public static final int SNAP_LENGTH = 262_144;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final CaptureOutput output;
    private final BlockSink sink;
    /** 1 for nanosecond files; 1000 for the microsecond variant kept for tests and old tools. */
    private final long nanosPerUnit;

    PcapWriter(CaptureOutput output, int linkType) {
        this(output, linkType, true);
    }

    PcapWriter(CaptureOutput output, int linkType, boolean nanosecondResolution) {
        if (linkType < 0 || linkType > 0xFFFF) {
            throw new IllegalArgumentException("link type must be 0-65535, was " + linkType);
        }
        this.output = output;
        this.sink = output.sink;
        this.nanosPerUnit = nanosecondResolution ? 1 : 1_000;
        // The buffer is empty, so the 24-byte file header fits without a flush.
        sink.u32(nanosecondResolution ? PcapDecoder.MAGIC_NANOS : PcapDecoder.MAGIC_MICROS);
        sink.u16(2); // major version
        sink.u16(4); // minor version
        sink.u32(0); // thiszone, always 0
        sink.u32(0); // sigfigs, always 0
        sink.u32(SNAP_LENGTH);
        sink.u32(linkType);
    }

    /** Creates {@code file} atomically: nothing appears at that path until {@link #close()}. */
    public static PcapWriter create(Path file, int linkType) throws IOException {
        AtomicFile atomic = AtomicFile.create(file);
        try {
            return new PcapWriter(new CaptureOutput(atomic.stream(), atomic), linkType);
        } catch (RuntimeException e) {
            atomic.discard();
            throw e;
        }
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public static PcapWriter create(OutputStream out, int linkType) {
        return new PcapWriter(new CaptureOutput(Objects.requireNonNull(out, "out"), null), linkType);
    }

    /** Writes a complete frame: the original length equals {@code length}. */
    public void write(long timestampNanos, byte[] buf, int offset, int length) throws IOException {
        write(timestampNanos, buf, offset, length, length);
    }

    /**
     * Writes one record.
     *
     * @param timestampNanos nanoseconds since 1970, not negative and before 2106 (32-bit seconds)
     * @param originalLength the length on the wire, at least {@code length}
     */
    public void write(long timestampNanos, byte[] buf, int offset, int length, int originalLength)
            throws IOException {
        output.checkOpen();
        long seconds = timestampNanos / NANOS_PER_SECOND;
        if (timestampNanos < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp outside pcap's 1970-2106 range: " + timestampNanos);
        }
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (originalLength < length) {
            throw new IllegalArgumentException("original length " + originalLength + " below captured length " + length);
        }
        int captured = Math.min(length, SNAP_LENGTH);
        sink.reserve(16);
        sink.u32((int) seconds);
        sink.u32((int) (timestampNanos % NANOS_PER_SECOND / nanosPerUnit));
        sink.u32(captured);
        sink.u32(originalLength);
        sink.bytes(buf, offset, captured);
    }

    /** Drops the output; see {@link PcapngWriter#abort()}. */
    public void abort() throws IOException {
        output.abort();
    }

    /** Flushes and, for {@link #create(Path, int)}, moves the file into place. */
    @Override
    public void close() throws IOException {
        output.close();
    }
}
