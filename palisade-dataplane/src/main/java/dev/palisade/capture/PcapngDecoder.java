package dev.palisade.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header Block
 * followed by Interface Description Blocks and packet blocks. Every block is framed as
 *
 * <pre>
 *  0 block type
 *  4 block total length  (multiple of 4, includes both length fields)
 *  8 body ...
 *    block total length  (repeated, must equal the leading one)
 * </pre>
 *
 * The byte order is set by each section header's byte-order magic; interface ids are indices
 * into the current section's Interface Description Blocks and restart at 0 with each section.
 *
 * <p>Packet blocks are streamed: the fixed fields are read from the buffer and the packet bytes
 * are copied straight into the caller's frame. Every length is validated against the enclosing
 * block before it is used, and a block's length against the configured maximum before anything
 * in it is read, so the work and memory for a block are bounded by the bytes actually present.
 */
final class PcapngDecoder implements FrameDecoder {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int NAME_RESOLUTION = 4;
    static final int INTERFACE_STATISTICS = 5;
    static final int ENHANCED_PACKET = 6;
    static final int DECRYPTION_SECRETS = 0x0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_IF_NAME = 2;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    private static final int END = 0;
    private static final int PACKET = 1;
    private static final int OTHER = 2;

    private final ByteSource in;
    private final long maxBlockLength;
    private final int maxPacketLength;
    private boolean bigEndian;
    private final ArrayList<CaptureInterface> interfaces = new ArrayList<>();
    private final ArrayList<InterfaceClock> clocks = new ArrayList<>();
    /** Rebuilt lazily so that a file of many IDBs costs linear, not quadratic, copying. */
    private List<CaptureInterface> interfacesSnapshot = List.of();
    private boolean snapshotStale;

    /**
     * Reads the first section header and the interface descriptions that directly follow it, so
     * that {@link #interfaces()} is populated before the first packet. The caller has checked that
     * the input starts with the section header block type.
     */
    PcapngDecoder(ByteSource in, int maxBlockLength, int maxPacketLength) throws IOException {
        this.in = in;
        this.maxBlockLength = maxBlockLength;
        this.maxPacketLength = maxPacketLength;
        readBlock(null);
        while (in.fill(4) >= 4 && in.peekInt(bigEndian) == INTERFACE_DESCRIPTION) {
            readBlock(null);
        }
    }

    @Override
    public boolean next(CapturedFrame frame) throws IOException {
        while (true) {
            int kind = readBlock(frame);
            if (kind != OTHER) {
                return kind == PACKET;
            }
        }
    }

    @Override
    public List<CaptureInterface> interfaces() {
        if (snapshotStale) {
            interfacesSnapshot = List.copyOf(interfaces);
            snapshotStale = false;
        }
        return interfacesSnapshot;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    /**
     * Reads one whole block. Packet blocks fill {@code frame}; the constructor passes null and only
     * ever reaches section headers and interface descriptions.
     */
    private int readBlock(CapturedFrame frame) throws IOException {
        long start = in.position();
        int available = in.fill(8);
        if (available == 0) {
            return END;
        }
        if (available < 8) {
            throw in.truncated("pcapng block header", start, 8 - available);
        }
        // The section header type is a byte palindrome, so it is recognised before its byte order is.
        if (in.peekInt(bigEndian) == SECTION_HEADER) {
            readSectionHeader(start);
            return OTHER;
        }
        int type = in.int32(bigEndian);
        long totalLength = in.u32(bigEndian);
        switch (type) {
            case INTERFACE_DESCRIPTION -> {
                checkLength(start, type, totalLength, 20);
                readInterfaceDescription(start, totalLength);
                return OTHER;
            }
            case ENHANCED_PACKET -> {
                checkLength(start, type, totalLength, 32);
                in.require(20, blockName(type), start);
                long interfaceId = in.u32(bigEndian);
                long high = in.u32(bigEndian);
                long low = in.u32(bigEndian);
                long captured = in.u32(bigEndian);
                long original = in.u32(bigEndian);
                readPacket(frame, start, type, totalLength, interfaceId, (high << 32) | low, captured, original);
                return PACKET;
            }
            case OBSOLETE_PACKET -> {
                checkLength(start, type, totalLength, 32);
                in.require(20, blockName(type), start);
                int interfaceId = in.u16(bigEndian);
                in.u16(bigEndian); // drops count
                long high = in.u32(bigEndian);
                long low = in.u32(bigEndian);
                long captured = in.u32(bigEndian);
                long original = in.u32(bigEndian);
                readPacket(frame, start, type, totalLength, interfaceId, (high << 32) | low, captured, original);
                return PACKET;
            }
            case SIMPLE_PACKET -> {
                checkLength(start, type, totalLength, 16);
                readSimplePacket(frame, start, totalLength);
                return PACKET;
            }
            default -> {
                // Name resolution, statistics, decryption secrets, custom and future blocks carry
                // nothing replay needs; they are skipped but still framed and checked.
                checkLength(start, type, totalLength, 12);
                in.skip(totalLength - 12, blockName(type), start);
                readTrailer(start, type, totalLength);
                return OTHER;
            }
        }
    }

    private void readSectionHeader(long start) throws IOException {
        String what = blockName(SECTION_HEADER);
        in.require(12, what, start);
        in.int32(false); // block type, already recognised
        int lengthAsLittleEndian = in.int32(false);
        int magicAsLittleEndian = in.int32(false);
        boolean sectionBigEndian;
        if (magicAsLittleEndian == BYTE_ORDER_MAGIC) {
            sectionBigEndian = false;
        } else if (Integer.reverseBytes(magicAsLittleEndian) == BYTE_ORDER_MAGIC) {
            sectionBigEndian = true;
        } else {
            throw fail(start, what + " has byte-order magic 0x" + Integer.toHexString(magicAsLittleEndian)
                    + " (as little-endian), expected 0x1a2b3c4d in either byte order");
        }
        long totalLength = (sectionBigEndian ? Integer.reverseBytes(lengthAsLittleEndian) : lengthAsLittleEndian)
                & 0xFFFF_FFFFL;
        checkLength(start, SECTION_HEADER, totalLength, 28);
        in.require(12, what, start);
        int major = in.u16(sectionBigEndian);
        int minor = in.u16(sectionBigEndian);
        in.int64(sectionBigEndian); // section length: -1 (unknown) in practice, and not needed to read on
        if (major != 1) {
            throw fail(start, "unsupported pcapng version " + major + "." + minor + " (only 1.x is defined)");
        }
        bigEndian = sectionBigEndian;
        in.skip(totalLength - 28, what, start); // options: hardware, OS, application; unused
        readTrailer(start, SECTION_HEADER, totalLength);
        interfaces.clear();
        clocks.clear();
        snapshotStale = true;
    }

    /**
     * <pre>
     *  8 link type (16)   reserved (16)
     * 12 snap length
     * 16 options: code (16) length (16) value, padded to 4 ...
     * </pre>
     */
    private void readInterfaceDescription(long start, long totalLength) throws IOException {
        String what = blockName(INTERFACE_DESCRIPTION);
        in.require(8, what, start);
        int linkType = in.u16(bigEndian);
        in.u16(bigEndian); // reserved
        long snapLength = in.u32(bigEndian);
        String name = null;
        int tsresol = 6;
        long tsoffset = 0;
        long remaining = totalLength - 20;
        while (remaining >= 4) {
            long optionStart = in.position();
            in.require(4, what, start);
            int code = in.u16(bigEndian);
            int length = in.u16(bigEndian);
            remaining -= 4;
            if (code == OPT_ENDOFOPT) {
                break;
            }
            int padded = (length + 3) & ~3;
            if (padded > remaining) {
                throw fail(start, what + " option " + code + " at offset " + optionStart + " declares " + length
                        + " bytes but only " + remaining + " remain in the block");
            }
            // padded <= 65536 == ByteSource.BUFFER_SIZE, so a whole option value fits the buffer.
            in.require(padded, what, start);
            switch (code) {
                case OPT_IF_NAME -> {
                    String value = in.utf8(length);
                    in.skip(padded - length, what, start);
                    if (name == null) {
                        name = value;
                    }
                }
                case OPT_IF_TSRESOL -> {
                    requireOptionLength(start, optionStart, "if_tsresol", length, 1);
                    tsresol = in.u8();
                    in.skip(3, what, start);
                }
                case OPT_IF_TSOFFSET -> {
                    requireOptionLength(start, optionStart, "if_tsoffset", length, 8);
                    tsoffset = in.int64(bigEndian);
                }
                default -> in.skip(padded, what, start);
            }
            remaining -= padded;
        }
        in.skip(remaining, what, start); // anything after opt_endofopt
        readTrailer(start, INTERFACE_DESCRIPTION, totalLength);
        InterfaceClock clock;
        try {
            clock = tsresol == 6 && tsoffset == 0 ? InterfaceClock.MICROSECONDS : new InterfaceClock(tsresol, tsoffset);
        } catch (ArithmeticException e) {
            throw fail(start, what + " if_tsoffset " + tsoffset + " s is out of range");
        }
        CaptureInterface iface = new CaptureInterface(interfaces.size(), name, linkType,
                (int) Math.min(snapLength, Integer.MAX_VALUE));
        interfaces.add(iface);
        clocks.add(clock);
        snapshotStale = true;
    }

    private void requireOptionLength(long start, long optionStart, String option, int length, int expected)
            throws CaptureFormatException {
        if (length != expected) {
            throw fail(start, blockName(INTERFACE_DESCRIPTION) + " option " + option + " at offset " + optionStart
                    + " has length " + length + ", expected " + expected);
        }
    }

    /**
     * Shared by the enhanced and obsolete packet blocks, whose bodies differ only in the width of
     * the interface id. The header fields have been consumed; the packet data comes next.
     */
    private void readPacket(CapturedFrame frame, long start, int type, long totalLength, long interfaceId,
            long ticks, long captured, long original) throws IOException {
        String what = blockName(type);
        CaptureInterface iface = lookupInterface(start, what, interfaceId);
        long room = totalLength - 32;
        if (captured > room) {
            throw fail(start, what + " captured length " + captured + " exceeds the " + room
                    + " bytes of packet room in the block (total length " + totalLength + ")");
        }
        checkPacketLength(start, what, captured);
        long nanos;
        try {
            nanos = clocks.get(iface.id()).toNanos(ticks);
        } catch (ArithmeticException e) {
            throw fail(start, what + " timestamp " + Long.toUnsignedString(ticks) + " on " + iface
                    + " is out of range for nanoseconds since 1970");
        }
        int length = (int) captured;
        in.readFully(frame.reserve(length), 0, length, what, start);
        in.skip(room - captured, what, start); // padding and options (flags, hash, drop count)
        readTrailer(start, type, totalLength);
        frame.set(iface, nanos, length, (int) Math.min(original, Integer.MAX_VALUE));
    }

    /**
     * <pre>
     *  8 original packet length
     * 12 packet data, padded to 4
     * </pre>
     *
     * The captured length is implied: the original length cut to interface 0's snap length.
     */
    private void readSimplePacket(CapturedFrame frame, long start, long totalLength) throws IOException {
        String what = blockName(SIMPLE_PACKET);
        in.require(4, what, start);
        long original = in.u32(bigEndian);
        CaptureInterface iface = lookupInterface(start, what, 0);
        long captured = iface.snapLength() == 0 ? original : Math.min(original, iface.snapLength());
        long room = totalLength - 16;
        if (((captured + 3) & ~3L) > room) {
            throw fail(start, what + " implies a captured length of " + captured + " (original length " + original
                    + ", snap length " + iface.snapLength() + ") but the block has room for " + room + " bytes");
        }
        checkPacketLength(start, what, captured);
        int length = (int) captured;
        in.readFully(frame.reserve(length), 0, length, what, start);
        in.skip(room - captured, what, start);
        readTrailer(start, SIMPLE_PACKET, totalLength);
        frame.set(iface, 0, length, (int) Math.min(original, Integer.MAX_VALUE));
    }

    private CaptureInterface lookupInterface(long start, String what, long interfaceId) throws CaptureFormatException {
        if (interfaceId >= interfaces.size()) {
            throw fail(start, what + " refers to interface " + interfaceId + " but the section defines "
                    + (interfaces.isEmpty() ? "no interfaces" : "only " + interfaces.size() + " (ids 0-" + (interfaces.size() - 1) + ")"));
        }
        return interfaces.get((int) interfaceId);
    }

    private void checkPacketLength(long start, String what, long captured) throws CaptureFormatException {
        if (captured > maxPacketLength) {
            throw fail(start, what + " captured length " + captured + " exceeds the maximum of " + maxPacketLength
                    + " bytes per packet");
        }
    }

    private void checkLength(long start, int type, long totalLength, int minimum) throws CaptureFormatException {
        String what = blockName(type);
        if (totalLength < minimum) {
            throw fail(start, what + " total length " + totalLength + " is below the minimum of " + minimum);
        }
        if ((totalLength & 3) != 0) {
            throw fail(start, what + " total length " + totalLength + " is not a multiple of 4");
        }
        if (totalLength > maxBlockLength) {
            throw fail(start, what + " total length " + totalLength + " exceeds the maximum of " + maxBlockLength
                    + " bytes per block");
        }
    }

    private void readTrailer(long start, int type, long totalLength) throws IOException {
        in.require(4, blockName(type), start);
        long trailing = in.u32(bigEndian);
        if (trailing != totalLength) {
            throw fail(start, blockName(type) + " trailing total length " + trailing + " differs from the leading "
                    + totalLength);
        }
    }

    private CaptureFormatException fail(long start, String detail) {
        return new CaptureFormatException(in.name(), start, detail);
    }

    static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "section header block";
            case INTERFACE_DESCRIPTION -> "interface description block";
            case OBSOLETE_PACKET -> "packet block (obsolete)";
            case SIMPLE_PACKET -> "simple packet block";
            case NAME_RESOLUTION -> "name resolution block";
            case INTERFACE_STATISTICS -> "interface statistics block";
            case ENHANCED_PACKET -> "enhanced packet block";
            case DECRYPTION_SECRETS -> "decryption secrets block";
            default -> "block of type 0x" + Integer.toHexString(type);
        };
    }
}
