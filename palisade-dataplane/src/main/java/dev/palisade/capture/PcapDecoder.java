package dev.palisade.capture;

import java.io.IOException;
import java.util.List;

/**
 * Classic libpcap files (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a
 * 16-byte header and the packet bytes.
 *
 * <pre>
 * file header                          record header
 *  0 magic        a1b2c3d4 / a1b23c4d   0 timestamp seconds
 *  4 major (2)    minor (4)             4 microseconds or nanoseconds (per magic)
 *  8 reserved (thiszone, ignored)       8 captured length
 * 12 reserved (sigfigs, ignored)       12 original length
 * 16 snap length                       16 packet data ...
 * 20 link type (low 16 bits) + FCS info
 * </pre>
 *
 * The magic, read in either byte order, fixes both the byte order and the timestamp unit.
 */
final class PcapDecoder implements FrameDecoder {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final ByteSource in;
    private final int maxPacketLength;
    private final boolean bigEndian;
    private final long nanosPerFractionUnit;
    private final long snapLength;
    private final CaptureInterface iface;
    private final List<CaptureInterface> interfaces;

    /** Reads the file header; the caller has checked that the magic is one of ours. */
    PcapDecoder(ByteSource in, int maxPacketLength) throws IOException {
        this.in = in;
        this.maxPacketLength = maxPacketLength;
        long start = in.position();
        in.require(FILE_HEADER_LENGTH, "pcap file header", start);
        int magicBigEndian = in.peekInt(true);
        bigEndian = magicBigEndian == MAGIC_MICROS || magicBigEndian == MAGIC_NANOS;
        int magic = in.int32(bigEndian);
        nanosPerFractionUnit = magic == MAGIC_NANOS ? 1 : 1_000;
        int major = in.u16(bigEndian);
        int minor = in.u16(bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(in.name(), start,
                    "unsupported pcap version " + major + "." + minor + " (only 2.x is defined)");
        }
        in.int32(bigEndian); // thiszone: the draft says writers put 0 and readers ignore it
        in.int32(bigEndian); // sigfigs: likewise
        long snapLength = in.u32(bigEndian);
        // The upper 16 bits carry FCS-length information that replay does not need.
        int linkType = in.int32(bigEndian) & 0xFFFF;
        this.snapLength = snapLength;
        iface = new CaptureInterface(0, null, linkType, (int) Math.min(snapLength, Integer.MAX_VALUE));
        interfaces = List.of(iface);
    }

    @Override
    public boolean next(CapturedFrame frame) throws IOException {
        long start = in.position();
        int available = in.fill(RECORD_HEADER_LENGTH);
        if (available == 0) {
            return false;
        }
        if (available < RECORD_HEADER_LENGTH) {
            throw in.truncated("pcap record header", start, RECORD_HEADER_LENGTH - available);
        }
        long seconds = in.u32(bigEndian);
        long fraction = in.u32(bigEndian);
        long capturedLength = in.u32(bigEndian);
        long originalLength = in.u32(bigEndian);
        // A snap length of 0 is written by some tools to mean "no limit".
        if (snapLength != 0 && capturedLength > snapLength) {
            throw new CaptureFormatException(in.name(), start,
                    "pcap record captured length " + capturedLength + " exceeds the file's snap length " + snapLength);
        }
        if (capturedLength > maxPacketLength) {
            throw new CaptureFormatException(in.name(), start,
                    "pcap record captured length " + capturedLength + " exceeds the maximum of " + maxPacketLength + " bytes");
        }
        int length = (int) capturedLength;
        in.readFully(frame.reserve(length), 0, length, "pcap record data", start);
        // Both fields are unsigned 32-bit, so neither product can overflow a long.
        long nanos = seconds * 1_000_000_000L + fraction * nanosPerFractionUnit;
        frame.set(iface, nanos, length, (int) Math.min(originalLength, Integer.MAX_VALUE));
        return true;
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return interfaces;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }
}
