package dev.palisade.live.nfqueue;

import static dev.palisade.live.netlink.Netlink.NET_INT;
import static dev.palisade.live.netlink.Netlink.NET_SHORT;

import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Builds the messages a queue consumer sends: configuration (bind, copy mode, length, flags) and
 * verdicts. Each method appends one complete message to the writer, so several verdicts can go
 * out in one {@code send}.
 *
 * <pre>
 *  config:  nlmsghdr(type 0x0302) nfgenmsg(AF_UNSPEC, v0, queue)
 *           CFG_CMD{u8 cmd, u8 0, be16 pf}  CFG_PARAMS{be32 range, u8 mode}  CFG_QUEUE_MAXLEN{be32}
 *           CFG_FLAGS{be32}  CFG_MASK{be32}
 *  verdict: nlmsghdr(type 0x0301) nfgenmsg(AF_UNSPEC, v0, queue)
 *           VERDICT_HDR{be32 verdict, be32 id}  [MARK{be32}  CT{ CTA_MARK{be32}  CTA_MARK_MASK{be32} }]
 *  batch:   nlmsghdr(type 0x0303) ... VERDICT_HDR{be32 verdict, be32 highest id}
 * </pre>
 */
final class QueueMessages {

    private QueueMessages() {
    }

    private static void header(NetlinkWriter w, int message, int flags, int sequence, int resourceId) {
        w.begin(Netlink.netfilterType(QueueProtocol.NFNL_SUBSYS_QUEUE, message), flags, sequence)
                .nfgenmsg(QueueProtocol.AF_UNSPEC, Netlink.NFNETLINK_V0, resourceId);
    }

    private static void command(NetlinkWriter w, int command, int family) {
        MemorySegment b = w.buffer();
        int at = w.attribute(QueueProtocol.NFQA_CFG_CMD, QueueProtocol.CONFIG_CMD_LENGTH);
        b.set(ValueLayout.JAVA_BYTE, at, (byte) command);
        b.set(NET_SHORT, at + 2, (short) family);
    }

    /**
     * Binds the kernel's IPv4 queue handler to nfnetlink_queue ({@code PF_BIND}): required before
     * Linux 3.8, a no-op since.
     */
    static int pfBind(NetlinkWriter w, int sequence) {
        header(w, QueueProtocol.MSG_CONFIG, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, sequence, 0);
        command(w, QueueProtocol.CMD_PF_BIND, QueueProtocol.AF_INET);
        return w.end();
    }

    /**
     * Binds queue {@code config.queue()} to the sending socket and sets its copy mode and range,
     * length and flags in the same message, so that no packet reaches the queue before it is
     * configured.
     */
    static int bind(NetlinkWriter w, QueueConfig config, int sequence) {
        header(w, QueueProtocol.MSG_CONFIG, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, sequence, config.queue());
        command(w, QueueProtocol.CMD_BIND, QueueProtocol.AF_UNSPEC);
        int params = w.attribute(QueueProtocol.NFQA_CFG_PARAMS, QueueProtocol.CONFIG_PARAMS_LENGTH);
        w.buffer().set(NET_INT, params, config.copyRange());
        w.buffer().set(ValueLayout.JAVA_BYTE, params + 4, (byte) QueueProtocol.COPY_PACKET);
        w.be32(QueueProtocol.NFQA_CFG_QUEUE_MAXLEN, config.maxLength());
        // The mask says which flags this message sets; every flag Palisade knows is set or cleared.
        w.be32(QueueProtocol.NFQA_CFG_FLAGS, config.flags());
        w.be32(QueueProtocol.NFQA_CFG_MASK, QueueProtocol.F_FAIL_OPEN | QueueProtocol.F_GSO | QueueProtocol.F_CONNTRACK);
        return w.end();
    }

    /** Unbinds the queue (closing the socket does the same). */
    static int unbind(NetlinkWriter w, int queue, int sequence) {
        header(w, QueueProtocol.MSG_CONFIG, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, sequence, queue);
        command(w, QueueProtocol.CMD_UNBIND, QueueProtocol.AF_UNSPEC);
        return w.end();
    }

    /** A verdict on one packet. */
    static int verdict(NetlinkWriter w, int queue, int id, int verdict, int sequence) {
        header(w, QueueProtocol.MSG_VERDICT, Netlink.NLM_F_REQUEST, sequence, queue);
        verdictHeader(w, verdict, id);
        return w.end();
    }

    /**
     * A verdict on one packet that marks its connection settled, two ways at once:
     * {@code NFQA_CT{CTA_MARK, CTA_MARK_MASK}} changes the connection's mark directly (the bits of
     * {@code mask} become those of {@code mark}) on kernels built with
     * {@code CONFIG_NETFILTER_NETLINK_GLUE_CT}, and ignored by others; {@code NFQA_MARK} sets the
     * packet's mark to {@code packetMark}, which a later rule of the same hook saves into the
     * connection mark on every kernel (the ruleset's {@code CONNMARK} rule).
     */
    static int verdictWithConnectionMark(NetlinkWriter w, int queue, int id, int verdict, int mark, int mask, int packetMark,
                                         int sequence) {
        header(w, QueueProtocol.MSG_VERDICT, Netlink.NLM_F_REQUEST, sequence, queue);
        verdictHeader(w, verdict, id);
        w.be32(QueueProtocol.NFQA_MARK, packetMark);
        w.beginNested(QueueProtocol.NFQA_CT);
        w.be32(QueueProtocol.CTA_MARK, mark & mask);
        w.be32(QueueProtocol.CTA_MARK_MASK, mask);
        w.endNested();
        return w.end();
    }

    /** One verdict for every packet of the queue whose id is at most {@code highestId}. */
    static int batchVerdict(NetlinkWriter w, int queue, int highestId, int verdict, int sequence) {
        header(w, QueueProtocol.MSG_VERDICT_BATCH, Netlink.NLM_F_REQUEST, sequence, queue);
        verdictHeader(w, verdict, highestId);
        return w.end();
    }

    private static void verdictHeader(NetlinkWriter w, int verdict, int id) {
        int at = w.attribute(QueueProtocol.NFQA_VERDICT_HDR, QueueProtocol.VERDICT_HDR_LENGTH);
        w.buffer().set(NET_INT, at, verdict);
        w.buffer().set(NET_INT, at + 4, id);
    }
}
