package dev.palisade.packet;

/**
 * UDP header (RFC 768).
 *
 * <pre>
 *  0                   16                  31
 * +-------------------+-------------------+
 * |   source port     | destination port  |
 * |     length        |     checksum      |  checksum 0 = none
 * +-------------------+-------------------+
 * </pre>
 */
public final class Udp {

    public static final int HEADER_LENGTH = 8;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;

    private Udp() {
    }

    public static int sourcePort(byte[] b, int udp) {
        return Bytes.u16(b, udp);
    }

    public static int destinationPort(byte[] b, int udp) {
        return Bytes.u16(b, udp + 2);
    }

    public static int length(byte[] b, int udp) {
        return Bytes.u16(b, udp + LENGTH_OFFSET);
    }

    public static int checksum(byte[] b, int udp) {
        return Bytes.u16(b, udp + CHECKSUM_OFFSET);
    }

    public static void setChecksum(byte[] b, int udp, int value) {
        Bytes.put16(b, udp + CHECKSUM_OFFSET, value);
    }
}
