package dev.palisade.packet;

/**
 * ICMP header (RFC 792). Echo messages carry an identifier that plays the role of a port for
 * connection tracking and NAT; error messages carry the IP header and first 8 bytes of the
 * datagram that caused them.
 *
 * <pre>
 *  0       8       16                  31
 * +-------+-------+-------------------+
 * | type  | code  |     checksum      |
 * |  identifier   |  sequence number  |  (echo); unused / MTU (errors)
 * +-------+-------+-------------------+
 * </pre>
 */
public final class Icmp {

    public static final int HEADER_LENGTH = 8;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int IDENTIFIER_OFFSET = 4;

    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP_REQUEST = 13;
    public static final int TIMESTAMP_REPLY = 14;

    private Icmp() {
    }

    public static int type(byte[] b, int icmp) {
        return b[icmp] & 0xff;
    }

    public static int code(byte[] b, int icmp) {
        return b[icmp + 1] & 0xff;
    }

    public static int checksum(byte[] b, int icmp) {
        return Bytes.u16(b, icmp + CHECKSUM_OFFSET);
    }

    public static void setChecksum(byte[] b, int icmp, int value) {
        Bytes.put16(b, icmp + CHECKSUM_OFFSET, value);
    }

    public static int identifier(byte[] b, int icmp) {
        return Bytes.u16(b, icmp + IDENTIFIER_OFFSET);
    }

    public static void setIdentifier(byte[] b, int icmp, int id) {
        int old = identifier(b, icmp);
        Bytes.put16(b, icmp + IDENTIFIER_OFFSET, id);
        setChecksum(b, icmp, Checksum.update16(checksum(b, icmp), old, id));
    }

    public static boolean isQuery(int type) {
        return type == ECHO_REQUEST || type == TIMESTAMP_REQUEST;
    }

    public static boolean isQueryReply(int type) {
        return type == ECHO_REPLY || type == TIMESTAMP_REPLY;
    }

    public static boolean isError(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    /** The request type a reply answers, so both directions share one tracked flow. */
    public static int queryOf(int replyType) {
        return replyType == ECHO_REPLY ? ECHO_REQUEST : TIMESTAMP_REQUEST;
    }
}
