package dev.palisade.live.netlink;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Constants and field layouts of the netlink wire format ({@code linux/netlink.h},
 * {@code linux/netfilter/nfnetlink.h}).
 *
 * <pre>
 *  nlmsghdr (16 bytes, host byte order)        nlattr (4 bytes + payload, host byte order)
 *  0      4       6       8      12     16      0       2       4
 *  +------+-------+-------+------+------+       +-------+-------+----------- - - -+ pad to 4
 *  | len  | type  | flags | seq  | pid  |       | len   | type  | payload          |
 *  +------+-------+-------+------+------+       +-------+-------+----------- - - -+
 *  nfgenmsg (4 bytes, follows nlmsghdr in netfilter messages)
 *  0        1         2
 *  +--------+---------+----------------+
 *  | family | version | res_id (be16)  |
 *  +--------+---------+----------------+
 * </pre>
 *
 * Message and attribute lengths exclude the padding that aligns the next one to 4 bytes.
 * Netfilter attribute payloads are in network byte order.
 */
public final class Netlink {

    /** Host byte order: netlink message and attribute headers. */
    public static final ValueLayout.OfInt HOST_INT = ValueLayout.JAVA_INT_UNALIGNED;
    public static final ValueLayout.OfShort HOST_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** Network byte order: netfilter attribute payloads. */
    public static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong NET_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static final int NETLINK_NETFILTER = 12;

    public static final int HEADER_LENGTH = 16;
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int PORT_ID_OFFSET = 12;

    public static final int ATTRIBUTE_HEADER_LENGTH = 4;
    /** Largest attribute (header included): nla_len is 16 bits. */
    public static final int MAX_ATTRIBUTE_LENGTH = 0xffff;
    public static final int NLA_F_NESTED = 1 << 15;
    public static final int NLA_F_NET_BYTEORDER = 1 << 14;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    public static final int NFGENMSG_LENGTH = 4;
    public static final int NFNETLINK_V0 = 0;

    // message types below NLMSG_MIN_TYPE are control messages
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int NLMSG_MIN_TYPE = 0x10;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    /** In an error message: the original request's payload was left out. */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an error message: extended-ack attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;
    /** Extended-ack attribute: a NUL-terminated error text. */
    public static final int NLMSGERR_ATTR_MSG = 1;

    private Netlink() {
    }

    /** Rounds a length up to the 4-byte netlink alignment. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    /** The netfilter message type: subsystem in the high byte, message in the low byte. */
    public static int netfilterType(int subsystem, int message) {
        return (subsystem << 8) | message;
    }
}
