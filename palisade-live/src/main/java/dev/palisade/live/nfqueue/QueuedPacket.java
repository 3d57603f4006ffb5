package dev.palisade.live.nfqueue;

import static dev.palisade.live.netlink.Netlink.NET_INT;
import static dev.palisade.live.netlink.Netlink.NET_SHORT;

import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkAttributes;
import dev.palisade.live.netlink.NetlinkReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One queued packet ({@code NFQNL_MSG_PACKET}) read in place from the receive buffer: a flyweight
 * reused for every packet, valid until the next receive.
 *
 * <pre>
 *  nlmsghdr  nfgenmsg(family, v0, queue)
 *  PACKET_HDR{be32 id, be16 hw_protocol, u8 hook}  MARK{be32}  IFINDEX_INDEV{be32}
 *  IFINDEX_OUTDEV{be32}  PAYLOAD{raw IP packet}  CT{CTA_ID{be32} CTA_MARK{be32} CTA_STATUS{be32} ...}
 *  CT_INFO{be32}  CAP_LEN{be32 original length}  SKB_INFO{be32 flags}
 * </pre>
 *
 * {@link #read} accepts a message only when its nfgenmsg and packet header are whole and its
 * attributes well formed; every optional field is checked for length before it is read.
 */
public final class QueuedPacket {

    /** Netfilter hooks ({@code enum nf_inet_hooks}). */
    public static final int HOOK_PRE_ROUTING = 0;
    public static final int HOOK_LOCAL_IN = 1;
    public static final int HOOK_FORWARD = 2;
    public static final int HOOK_LOCAL_OUT = 3;
    public static final int HOOK_POST_ROUTING = 4;

    /** {@link #conntrackInfo()} values ({@code enum ip_conntrack_info}). */
    public static final int CT_ESTABLISHED = 0;
    public static final int CT_RELATED = 1;
    public static final int CT_NEW = 2;
    public static final int CT_ESTABLISHED_REPLY = 3;
    public static final int CT_RELATED_REPLY = 4;

    private final NetlinkAttributes attributes = new NetlinkAttributes(QueueProtocol.NFQA_MAX_INDEXED);
    private final NetlinkAttributes conntrack = new NetlinkAttributes(QueueProtocol.CTA_MAX_INDEXED);
    private MemorySegment buffer = MemorySegment.NULL;
    private int queue;
    private int id;
    private boolean idKnown;
    private int hardwareProtocol;
    private int hook;
    private boolean hasConntrack;

    /** Why {@link #read} refused a message. */
    public enum Problem {
        NONE,
        NOT_A_PACKET,
        SHORT_HEADER,
        BAD_ATTRIBUTES,
        NO_PACKET_HEADER
    }

    /**
     * Reads the reader's current message. Returns {@link Problem#NONE} when it is a well-formed
     * packet message; after {@link Problem#BAD_ATTRIBUTES} the packet id is still known when
     * {@link #hasId()}, so that the packet can be given a verdict.
     */
    public Problem read(NetlinkReader message) {
        id = 0;
        idKnown = false;
        hasConntrack = false;
        buffer = message.buffer();
        if (message.type() != Netlink.netfilterType(QueueProtocol.NFNL_SUBSYS_QUEUE, QueueProtocol.MSG_PACKET)) {
            return Problem.NOT_A_PACKET;
        }
        int nfgen = message.payloadOffset();
        if (message.end() - nfgen < Netlink.NFGENMSG_LENGTH) {
            return Problem.SHORT_HEADER;
        }
        queue = buffer.get(NET_SHORT, nfgen + 2) & 0xffff;
        attributes.wrap(buffer, nfgen + Netlink.NFGENMSG_LENGTH, message.end());
        if (!attributes.has(QueueProtocol.NFQA_PACKET_HDR, QueueProtocol.PACKET_HDR_LENGTH)) {
            return attributes.malformed() ? Problem.BAD_ATTRIBUTES : Problem.NO_PACKET_HEADER;
        }
        int header = attributes.payloadOffset(QueueProtocol.NFQA_PACKET_HDR);
        id = buffer.get(NET_INT, header);
        idKnown = true;
        hardwareProtocol = buffer.get(NET_SHORT, header + 4) & 0xffff;
        hook = buffer.get(ValueLayout.JAVA_BYTE, header + 6) & 0xff;
        if (attributes.malformed()) {
            return Problem.BAD_ATTRIBUTES;
        }
        hasConntrack = attributes.nested(QueueProtocol.NFQA_CT, conntrack);
        if (hasConntrack && conntrack.malformed()) {
            hasConntrack = false;
            return Problem.BAD_ATTRIBUTES;
        }
        return Problem.NONE;
    }

    public boolean hasId() {
        return idKnown;
    }

    /** The queue number the packet came from. */
    public int queue() {
        return queue;
    }

    /** The packet id verdicts refer to (increasing within a queue). */
    public int id() {
        return id;
    }

    /** The link-layer protocol (EtherType), e.g. 0x0800 for IPv4. */
    public int hardwareProtocol() {
        return hardwareProtocol;
    }

    /** The netfilter hook the packet was queued at ({@link #HOOK_FORWARD}, ...). */
    public int hook() {
        return hook;
    }

    /** The packet mark (skb->mark), 0 when none. */
    public int mark() {
        return attributes.be32(QueueProtocol.NFQA_MARK, 0);
    }

    /** The interface index the packet arrived on, 0 when none (locally generated). */
    public int inputInterface() {
        return attributes.be32(QueueProtocol.NFQA_IFINDEX_INDEV, 0);
    }

    /** The interface index the packet leaves by, 0 when not yet routed. */
    public int outputInterface() {
        return attributes.be32(QueueProtocol.NFQA_IFINDEX_OUTDEV, 0);
    }

    /** True when the packet carries conntrack information (queue flag conntrack, tracked packet). */
    public boolean hasConntrack() {
        return hasConntrack;
    }

    /** The connection's id, or 0 when unknown. */
    public int conntrackId() {
        return hasConntrack ? conntrack.be32(QueueProtocol.CTA_ID, 0) : 0;
    }

    /** The connection's mark, or 0 when unknown. */
    public int conntrackMark() {
        return hasConntrack ? conntrack.be32(QueueProtocol.CTA_MARK, 0) : 0;
    }

    /** The connection's status bits (IPS_*), or 0 when unknown. */
    public int conntrackStatus() {
        return hasConntrack ? conntrack.be32(QueueProtocol.CTA_STATUS, 0) : 0;
    }

    /** The packet's relation to its connection ({@link #CT_NEW}, ...), or -1 when unknown. */
    public int conntrackInfo() {
        return attributes.be32(QueueProtocol.NFQA_CT_INFO, -1);
    }

    /** NFQA_SKB_INFO flags: checksum not ready, GSO, checksum not verified. */
    public int skbInfo() {
        return attributes.be32(QueueProtocol.NFQA_SKB_INFO, 0);
    }

    /** True for a GSO packet (several segments in one, only with the queue's GSO flag). */
    public boolean isGso() {
        return (skbInfo() & QueueProtocol.SKB_GSO) != 0;
    }

    /** True when the transport checksum is left to the hardware or the kernel (not yet valid). */
    public boolean checksumNotReady() {
        return (skbInfo() & QueueProtocol.SKB_CSUMNOTREADY) != 0;
    }

    public MemorySegment buffer() {
        return buffer;
    }

    /** Offset of the packet's bytes (the IP header for IPv4) in {@link #buffer()}, -1 when none was copied. */
    public int payloadOffset() {
        return attributes.payloadOffset(QueueProtocol.NFQA_PAYLOAD);
    }

    /** Bytes of the packet copied (up to the copy range). */
    public int payloadLength() {
        return attributes.payloadLength(QueueProtocol.NFQA_PAYLOAD);
    }

    /** The packet's real length: more than {@link #payloadLength()} when the copy was cut. */
    public int originalLength() {
        return attributes.be32(QueueProtocol.NFQA_CAP_LEN, payloadLength());
    }

    /** True when only the first {@link #payloadLength()} bytes of a longer packet were copied. */
    public boolean isTruncated() {
        return originalLength() > payloadLength();
    }

    /**
     * Copies the payload into {@code target} at {@code offset}; returns the bytes copied, at most
     * the room left in {@code target}.
     */
    public int copyPayload(byte[] target, int offset) {
        int n = Math.min(payloadLength(), target.length - offset);
        if (n <= 0) {
            return 0;
        }
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, payloadOffset(), target, offset, n);
        return n;
    }

    /** The payload as a slice of the receive buffer (allocates a small view object). */
    public MemorySegment payload() {
        int at = payloadOffset();
        return at < 0 ? MemorySegment.NULL : buffer.asSlice(at, payloadLength());
    }
}
