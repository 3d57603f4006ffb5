package dev.palisade.packet;

/**
 * TCP header (RFC 9293), read and written in place.
 *
 * <pre>
 *  0                   16                  31
 * +-------------------+-------------------+
 * |   source port     | destination port  |
 * |            sequence number            |
 * |         acknowledgment number         |
 * |off|rsv|  flags    |      window       |
 * |    checksum       |  urgent pointer   |
 * |          options (off > 5) ...        |
 * +---------------------------------------+
 * </pre>
 */
public final class Tcp {

    public static final int MIN_HEADER_LENGTH = 20;
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    public static final int OPTION_WINDOW_SCALE = 3;

    private Tcp() {
    }

    public static int sourcePort(byte[] b, int tcp) {
        return Bytes.u16(b, tcp + SOURCE_PORT_OFFSET);
    }

    public static int destinationPort(byte[] b, int tcp) {
        return Bytes.u16(b, tcp + DESTINATION_PORT_OFFSET);
    }

    public static int sequence(byte[] b, int tcp) {
        return Bytes.i32(b, tcp + SEQUENCE_OFFSET);
    }

    public static int acknowledgment(byte[] b, int tcp) {
        return Bytes.i32(b, tcp + ACKNOWLEDGMENT_OFFSET);
    }

    public static int headerLength(byte[] b, int tcp) {
        return (b[tcp + DATA_OFFSET_OFFSET] & 0xf0) >>> 2;
    }

    public static int flags(byte[] b, int tcp) {
        return b[tcp + FLAGS_OFFSET] & 0x3f;
    }

    public static int window(byte[] b, int tcp) {
        return Bytes.u16(b, tcp + WINDOW_OFFSET);
    }

    public static int checksum(byte[] b, int tcp) {
        return Bytes.u16(b, tcp + CHECKSUM_OFFSET);
    }

    public static void setChecksum(byte[] b, int tcp, int value) {
        Bytes.put16(b, tcp + CHECKSUM_OFFSET, value);
    }

    /**
     * The window-scale shift from the options of a SYN, or -1 when absent. Malformed options end
     * the scan; the header length has already been validated against the packet.
     */
    public static int windowScale(byte[] b, int tcp, int headerLength) {
        int i = tcp + MIN_HEADER_LENGTH;
        int end = tcp + headerLength;
        while (i < end) {
            int kind = b[i] & 0xff;
            if (kind == OPTION_END) {
                return -1;
            }
            if (kind == OPTION_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return -1;
            }
            int length = b[i + 1] & 0xff;
            if (length < 2 || i + length > end) {
                return -1;
            }
            if (kind == OPTION_WINDOW_SCALE && length == 3) {
                return Math.min(b[i + 2] & 0xff, 14);
            }
            i += length;
        }
        return -1;
    }

    /**
     * Writes a 40-byte IPv4 packet at {@code ip} holding a TCP RST|ACK without payload, with
     * correct IP and TCP checksums: what the gateway sends to end a connection it refuses.
     */
    public static void writeReset(byte[] b, int ip, int src, int sourcePort, int dst, int destinationPort, int seq, int ack) {
        int tcp = ip + Ipv4.MIN_HEADER_LENGTH;
        java.util.Arrays.fill(b, tcp, tcp + MIN_HEADER_LENGTH, (byte) 0);
        Bytes.put16(b, tcp + SOURCE_PORT_OFFSET, sourcePort);
        Bytes.put16(b, tcp + DESTINATION_PORT_OFFSET, destinationPort);
        Bytes.put32(b, tcp + SEQUENCE_OFFSET, seq);
        Bytes.put32(b, tcp + ACKNOWLEDGMENT_OFFSET, ack);
        b[tcp + DATA_OFFSET_OFFSET] = (byte) (MIN_HEADER_LENGTH << 2);
        b[tcp + FLAGS_OFFSET] = (byte) (RST | ACK);
        int sum = Checksum.sum(b, tcp, MIN_HEADER_LENGTH, Checksum.pseudoHeaderSum(src, dst, Ipv4.PROTOCOL_TCP, MIN_HEADER_LENGTH));
        setChecksum(b, tcp, Checksum.finish(sum));
        Ipv4.writeHeader(b, ip, Ipv4.MIN_HEADER_LENGTH + MIN_HEADER_LENGTH, 0, Ipv4.FLAG_DONT_FRAGMENT, 64,
                Ipv4.PROTOCOL_TCP, src, dst);
    }
}
