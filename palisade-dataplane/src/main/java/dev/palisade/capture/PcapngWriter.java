package dev.palisade.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Writes a single-section, little-endian pcapng capture: a Section Header Block, one Interface
 * Description Block per {@link #addInterface} (with {@code if_name} and nanosecond {@code
 * if_tsresol}) and one Enhanced Packet Block per {@link #write}.
 *
 * <p>{@link #create(Path)} writes to a hidden temporary file beside the target and renames it
 * into place on {@link #close()}, so the target never holds a partial capture: if any write
 * failed, or {@link #abort()} was called, close leaves the target untouched. {@code close()}
 * cannot see an exception of the caller's own, so a caller that fails mid-capture must abort
 * inside the try block, because try-with-resources closes (and so publishes) before its catch
 * clauses run:
 *
 * <pre>{@code
 * try (PcapngWriter out = PcapngWriter.create(path)) {
 *   try {
 *     ... write frames ...
 *   } catch (Throwable t) {
 *     out.abort();
 *     throw t;
 *   }
 * }
 * }</pre>
 *
 * Not thread-safe; writing a packet makes no object.
 */
public final class PcapngWriter implements AutoCloseable {
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int NANOSECOND_RESOLUTION = 9;
    private static final int MAX_OPTION_LENGTH = 0xFFFF;

    private final CaptureOutput output;
    private final BlockSink sink;
    /** IDBs encoded by addInterface, which cannot do I/O, and written before the next packet. */
    private final ArrayList<byte[]> pendingInterfaces = new ArrayList<>();
    private int interfaceCount;

    PcapngWriter(CaptureOutput output) {
        this.output = output;
        this.sink = output.sink;
        // The buffer is empty, so the 28-byte section header fits without a flush.
        sink.u32(PcapngDecoder.SECTION_HEADER);
        sink.u32(28);
        sink.u32(BYTE_ORDER_MAGIC);
        sink.u16(1); // major version
        sink.u16(0); // minor version
        sink.u64(-1); // section length unknown: the file is streamed
        sink.u32(28);
    }

    /** Creates {@code file} atomically: nothing appears at that path until {@link #close()}. */
    public static PcapngWriter create(Path file) throws IOException {
        AtomicFile atomic = AtomicFile.create(file);
        return new PcapngWriter(new CaptureOutput(atomic.stream(), atomic));
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public static PcapngWriter create(OutputStream out) {
        return new PcapngWriter(new CaptureOutput(Objects.requireNonNull(out, "out"), null));
    }

    /**
     * Declares an interface and returns its id (0, 1, ... in call order). May be called between
     * packets; the block is written before the next packet.
     *
     * @param name the {@code if_name}, or null for none
     * @param linkType a {@link LinkType} value, 0 to 65535
     */
    public int addInterface(String name, int linkType) {
        output.checkOpen();
        if (linkType < 0 || linkType > 0xFFFF) {
            throw new IllegalArgumentException("link type must be 0-65535, was " + linkType);
        }
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException("interface name longer than " + MAX_OPTION_LENGTH + " bytes in UTF-8");
        }
        int nameOption = name == null ? 0 : 4 + padded(nameBytes.length);
        int total = 20 + nameOption + 8 + 4;
        BlockSink.Encoder block = new BlockSink.Encoder(total);
        block.u32(PcapngDecoder.INTERFACE_DESCRIPTION);
        block.u32(total);
        block.u16(linkType);
        block.u16(0); // reserved
        block.u32(0); // snap length: no limit
        if (name != null) {
            block.u16(2); // if_name
            block.u16(nameBytes.length);
            block.bytes(nameBytes);
            block.zeros(padded(nameBytes.length) - nameBytes.length);
        }
        block.u16(9); // if_tsresol
        block.u16(1);
        block.u8(NANOSECOND_RESOLUTION);
        block.zeros(3);
        block.u16(0); // opt_endofopt
        block.u16(0);
        block.u32(total);
        pendingInterfaces.add(block.array());
        return interfaceCount++;
    }

    /** Writes a complete frame: the original length equals {@code length}. */
    public void write(int interfaceId, long timestampNanos, byte[] buf, int offset, int length) throws IOException {
        write(interfaceId, timestampNanos, buf, offset, length, length);
    }

    /**
     * Writes a frame as an Enhanced Packet Block.
     *
     * @param timestampNanos nanoseconds since 1970, not negative
     * @param originalLength the length on the wire, at least {@code length}
     */
    public void write(int interfaceId, long timestampNanos, byte[] buf, int offset, int length, int originalLength)
            throws IOException {
        output.checkOpen();
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw new IllegalArgumentException("interface " + interfaceId + " was not added (" + interfaceCount + " added)");
        }
        if (timestampNanos < 0) {
            throw new IllegalArgumentException("timestamp before 1970: " + timestampNanos);
        }
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (originalLength < length) {
            throw new IllegalArgumentException("original length " + originalLength + " below captured length " + length);
        }
        int padding = padded(length) - length;
        // 32 bytes of framing plus padded data stays below 2^32 for any int length.
        long total = 32L + length + padding;
        writePendingInterfaces();
        sink.reserve(28);
        sink.u32(PcapngDecoder.ENHANCED_PACKET);
        sink.u32((int) total);
        sink.u32(interfaceId);
        sink.u32((int) (timestampNanos >>> 32));
        sink.u32((int) timestampNanos);
        sink.u32(length);
        sink.u32(originalLength);
        sink.bytes(buf, offset, length);
        sink.reserve(padding + 4);
        sink.zeros(padding);
        sink.u32((int) total);
    }

    private void writePendingInterfaces() throws IOException {
        if (pendingInterfaces.isEmpty()) {
            return;
        }
        for (byte[] block : pendingInterfaces) {
            sink.bytes(block, 0, block.length);
        }
        pendingInterfaces.clear();
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Drops the output: for {@link #create(Path)} the temporary file is deleted and the target is
     * left as it was. Closing afterwards does nothing.
     */
    public void abort() throws IOException {
        output.abort();
    }

    /**
     * Writes any interfaces still pending, flushes, and for {@link #create(Path)} moves the file
     * into place. If an earlier write failed the output is discarded and an exception thrown.
     */
    @Override
    public void close() throws IOException {
        if (output.isClosed()) {
            return;
        }
        if (!sink.failed()) {
            try {
                writePendingInterfaces();
            } catch (IOException e) {
                // The sink is now marked failed; close below discards the output and reports.
                try {
                    output.close();
                } catch (IOException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }
        output.close();
    }
}
