package dev.palisade.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads the frames of a classic pcap or pcapng capture, one at a time, into a reusable {@link
 * CapturedFrame}.
 *
 * <p>The format is detected from the first four bytes. Classic pcap is read in either byte order
 * with microsecond or nanosecond timestamps; pcapng with any number of sections in either byte
 * order, named interfaces with their timestamp resolution and offset, and Enhanced, Simple and
 * obsolete Packet Blocks; all other block types are skipped. Malformed or truncated input ends
 * in a {@link CaptureFormatException} naming the byte offset, and every length in the file is
 * checked against {@link Limits} before it is trusted. Reading makes no object per frame.
 *
 * <p>A reader is used by one thread. After a {@code CaptureFormatException} its position is
 * undefined and it should only be closed; frames returned before the error remain valid input.
 * Closing it closes the underlying stream.
 */
public final class CaptureReader implements AutoCloseable {
    private final ByteSource source;
    private final FrameDecoder decoder;

    /**
     * Bounds applied to every length a capture file declares.
     *
     * @param maxBlockLength the largest pcapng block accepted, in bytes
     * @param maxPacketLength the largest captured packet accepted, in bytes, in either format; this
     *     also bounds the growth of {@link CapturedFrame#buffer()}
     */
    public record Limits(int maxBlockLength, int maxPacketLength) {
        /** 16 MiB blocks and 256 KiB packets: above any real capture, far below memory trouble. */
        public static final Limits DEFAULT = new Limits(16 * 1024 * 1024, 256 * 1024);

        public Limits {
            if (maxBlockLength < 32) {
                throw new IllegalArgumentException("maxBlockLength must be at least 32, was " + maxBlockLength);
            }
            if (maxPacketLength < 1) {
                throw new IllegalArgumentException("maxPacketLength must be positive, was " + maxPacketLength);
            }
        }
    }

    private CaptureReader(ByteSource source, FrameDecoder decoder) {
        this.source = source;
        this.decoder = decoder;
    }

    /** Opens a capture file with {@link Limits#DEFAULT}. */
    public static CaptureReader open(Path file) throws IOException {
        return open(file, Limits.DEFAULT);
    }

    /** Opens a capture file; the file name appears in error messages. */
    public static CaptureReader open(Path file, Limits limits) throws IOException {
        Objects.requireNonNull(limits, "limits");
        InputStream in = Files.newInputStream(file);
        try {
            return open(in, file.toString(), limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads a capture from a stream with {@link Limits#DEFAULT}; buffering is done here. */
    public static CaptureReader open(InputStream in, String sourceName) throws IOException {
        return open(in, sourceName, Limits.DEFAULT);
    }

    /**
     * Reads a capture from a stream. The file header (pcap) or first section header and the
     * interface descriptions right after it (pcapng) are read before this returns.
     *
     * @param sourceName a label for error messages, typically the file name
     */
    public static CaptureReader open(InputStream in, String sourceName, Limits limits) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(limits, "limits");
        ByteSource source = new ByteSource(in, sourceName);
        int available = source.fill(4);
        if (available < 4) {
            throw new CaptureFormatException(sourceName, 0, available == 0
                    ? "empty input, not a capture file"
                    : "input of " + available + " bytes is too short for a capture file");
        }
        int magic = source.peekInt(true);
        FrameDecoder decoder;
        if (magic == PcapngDecoder.SECTION_HEADER) {
            decoder = new PcapngDecoder(source, limits.maxBlockLength(), limits.maxPacketLength());
        } else if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
            decoder = new PcapDecoder(source, limits.maxPacketLength());
        } else {
            throw new CaptureFormatException(sourceName, 0, String.format(
                    "unrecognised magic number 0x%08x: not a pcap (a1b2c3d4, a1b23c4d) or pcapng (0a0d0d0a) file", magic));
        }
        return new CaptureReader(source, decoder);
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PcapDecoder.MAGIC_MICROS || magic == PcapDecoder.MAGIC_NANOS;
    }

    /**
     * Reads the next frame into {@code frame}, replacing its previous contents.
     *
     * @return false at a clean end of input (between blocks or records), true otherwise
     * @throws CaptureFormatException if the input is malformed or ends inside a block or record
     */
    public boolean next(CapturedFrame frame) throws IOException {
        return decoder.next(frame);
    }

    /**
     * The interfaces of the current section as an immutable list indexed by interface id: all that
     * have been read so far, which for pcapng grows as later Interface Description Blocks are met
     * and starts again at each new section. Classic pcap has one unnamed interface.
     */
    public List<CaptureInterface> interfaces() {
        return decoder.interfaces();
    }

    /** The container format detected when the reader was opened. */
    public CaptureFormat format() {
        return decoder.format();
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        source.close();
    }
}
