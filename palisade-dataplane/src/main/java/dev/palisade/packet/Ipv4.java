package dev.palisade.packet;

/**
 * IPv4 header (RFC 791), read and written in place.
 *
 * <pre>
 *  0       4       8               16      19                      31
 * +-------+-------+---------------+-------------------------------+
 * |version|  IHL  |   DSCP/ECN    |          total length         |
 * +-------+-------+---------------+-----+-------------------------+
 * |        identification         |flags|     fragment offset     |
 * +---------------+---------------+-----+-------------------------+
 * |      TTL      |   protocol    |        header checksum        |
 * +---------------+---------------+-------------------------------+
 * |                        source address                         |
 * |                      destination address                      |
 * |                    options (IHL > 5) ...                      |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class Ipv4 {

    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_PACKET_LENGTH = 65535;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;

    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_VRRP = 112;

    public static final int LIMITED_BROADCAST = -1;

    private Ipv4() {
    }

    public static int headerLength(byte[] b, int ip) {
        return (b[ip] & 0x0f) << 2;
    }

    public static int totalLength(byte[] b, int ip) {
        return Bytes.u16(b, ip + TOTAL_LENGTH_OFFSET);
    }

    public static int identification(byte[] b, int ip) {
        return Bytes.u16(b, ip + IDENTIFICATION_OFFSET);
    }

    public static int flagsAndFragmentOffset(byte[] b, int ip) {
        return Bytes.u16(b, ip + FRAGMENT_OFFSET);
    }

    public static int ttl(byte[] b, int ip) {
        return b[ip + TTL_OFFSET] & 0xff;
    }

    public static int protocol(byte[] b, int ip) {
        return b[ip + PROTOCOL_OFFSET] & 0xff;
    }

    public static int checksum(byte[] b, int ip) {
        return Bytes.u16(b, ip + CHECKSUM_OFFSET);
    }

    public static int source(byte[] b, int ip) {
        return Bytes.i32(b, ip + SOURCE_OFFSET);
    }

    public static int destination(byte[] b, int ip) {
        return Bytes.i32(b, ip + DESTINATION_OFFSET);
    }

    /** Rewrites the source address and fixes the header checksum incrementally. */
    public static void setSource(byte[] b, int ip, int address) {
        int old = source(b, ip);
        Bytes.put32(b, ip + SOURCE_OFFSET, address);
        Bytes.put16(b, ip + CHECKSUM_OFFSET, Checksum.update32(checksum(b, ip), old, address));
    }

    /** Rewrites the destination address and fixes the header checksum incrementally. */
    public static void setDestination(byte[] b, int ip, int address) {
        int old = destination(b, ip);
        Bytes.put32(b, ip + DESTINATION_OFFSET, address);
        Bytes.put16(b, ip + CHECKSUM_OFFSET, Checksum.update32(checksum(b, ip), old, address));
    }

    /** Decrements TTL by one and fixes the header checksum incrementally (TTL shares a word with protocol). */
    public static void decrementTtl(byte[] b, int ip) {
        int oldWord = Bytes.u16(b, ip + TTL_OFFSET);
        b[ip + TTL_OFFSET]--;
        int newWord = Bytes.u16(b, ip + TTL_OFFSET);
        Bytes.put16(b, ip + CHECKSUM_OFFSET, Checksum.update16(checksum(b, ip), oldWord, newWord));
    }

    /** Recomputes the header checksum from scratch (for headers the gateway builds). */
    public static void fillChecksum(byte[] b, int ip) {
        Bytes.put16(b, ip + CHECKSUM_OFFSET, 0);
        int sum = Checksum.sum(b, ip, headerLength(b, ip), 0);
        Bytes.put16(b, ip + CHECKSUM_OFFSET, Checksum.finish(sum));
    }

    /** True for 224.0.0.0/4. */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xe;
    }

    /** Writes a minimal 20-byte header with a correct checksum. */
    public static void writeHeader(byte[] b, int ip, int totalLength, int identification, int flagsAndOffset,
                                   int ttl, int protocol, int source, int destination) {
        b[ip] = 0x45;
        b[ip + 1] = 0;
        Bytes.put16(b, ip + TOTAL_LENGTH_OFFSET, totalLength);
        Bytes.put16(b, ip + IDENTIFICATION_OFFSET, identification);
        Bytes.put16(b, ip + FRAGMENT_OFFSET, flagsAndOffset);
        b[ip + TTL_OFFSET] = (byte) ttl;
        b[ip + PROTOCOL_OFFSET] = (byte) protocol;
        Bytes.put32(b, ip + SOURCE_OFFSET, source);
        Bytes.put32(b, ip + DESTINATION_OFFSET, destination);
        fillChecksum(b, ip);
    }
}
