package dev.palisade.conntrack;

import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;

/**
 * The TCP state machine and sequence-window checks applied to every packet of a tracked TCP
 * connection. A packet that does not fit the connection's state, or whose sequence or
 * acknowledgment number lies outside the windows the two ends have advertised, is
 * {@link #INVALID}: it is not admitted as part of the connection, so a blind attacker cannot
 * inject into or reset a flow it cannot see. The window rules follow the classic scheme of
 * G. van Rooij, "Real Stateful TCP Packet Filtering in IP Filter" (2000), also used by Linux
 * conntrack and pf.
 */
public final class TcpTracker {

    /** The packet fits the connection; its state and windows were updated. */
    public static final int VALID = 0;
    /** The packet does not belong to the connection as tracked. */
    public static final int INVALID = 1;
    /** A SYN for a closed or closing connection: the caller drops the old entry and starts anew. */
    public static final int REOPEN = 2;

    private static final int IV = -1;
    private static final int IG = -2;
    private static final int NO = TcpState.NONE;
    private static final int SS = TcpState.SYN_SENT;
    private static final int SR = TcpState.SYN_RECV;
    private static final int ES = TcpState.ESTABLISHED;
    private static final int FW = TcpState.FIN_WAIT;
    private static final int CW = TcpState.CLOSE_WAIT;
    private static final int LA = TcpState.LAST_ACK;
    private static final int TW = TcpState.TIME_WAIT;
    private static final int CL = TcpState.CLOSE;
    private static final int S2 = TcpState.SYN_SENT2;

    private static final int SYN = 0;
    private static final int SYNACK = 1;
    private static final int FIN = 2;
    private static final int ACK = 3;
    private static final int RST = 4;

    /** Next state by [direction][packet kind][current state]; IV invalid, IG accept without change. */
    private static final int[][][] NEXT = {
        { // ORIGINAL:  NO  SS  SR  ES  FW  CW  LA  TW  CL  S2
            /* syn    */ {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},
            /* synack */ {IV, IV, IG, IG, IG, IG, IG, IG, IG, SR},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
            /* ack    */ {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        },
        { // REPLY:     NO  SS  SR  ES  FW  CW  LA  TW  CL  S2
            /* syn    */ {IV, S2, IV, IV, IV, IV, IV, IV, IV, S2},
            /* synack */ {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
            /* ack    */ {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        },
    };

    /** Largest acknowledgment lag accepted when the peer's window is still unknown (Linux's MAXACKWINDOW floor). */
    private static final int MIN_ACK_WINDOW = 66_000;

    private final Timeouts timeouts;

    public TcpTracker(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    private static int kind(int flags) {
        if ((flags & Tcp.RST) != 0) {
            return RST;
        }
        if ((flags & Tcp.SYN) != 0) {
            return (flags & Tcp.ACK) != 0 ? SYNACK : SYN;
        }
        if ((flags & Tcp.FIN) != 0) {
            return FIN;
        }
        return ACK;
    }

    /** Initialises a connection just created by an accepted SYN from the original direction. */
    public void start(ConnectionTable table, int id, PacketView v, long now) {
        int end = v.tcpSequence() + v.tcpPayloadLength() + 1;
        table.setTcpEnd(id, Direction.ORIGINAL, end);
        table.setTcpMaxEnd(id, Direction.ORIGINAL, end);
        table.setTcpMaxWin(id, Direction.ORIGINAL, Math.max(v.tcpWindow(), 1));
        int scale = Tcp.windowScale(v.buffer(), v.l4Offset(), v.tcpHeaderLength());
        table.setTcpScale(id, Direction.ORIGINAL, scale);
        table.setState(id, TcpState.SYN_SENT);
        table.setExpires(id, now + timeouts.tcp(TcpState.SYN_SENT));
    }

    /** Checks and applies a packet of direction {@code d} to connection {@code id}. */
    public int track(ConnectionTable table, int id, int d, PacketView v, long now) {
        int flags = v.tcpFlags();
        int kind = kind(flags);
        int current = table.state(id);
        if (peerInvisible(table, id, d)) {
            return trackWithInvisiblePeer(table, id, v, kind, current, now);
        }
        int next = NEXT[d][kind][current];
        if (next == IV) {
            return INVALID;
        }
        if (kind == SYN && d == Direction.ORIGINAL && (current == TW || current == CL)) {
            return REOPEN;
        }
        if (kind == SYN && d == Direction.ORIGINAL && current == SS) {
            // The client gave up on its first SYN and starts again, maybe with a new ISN: the
            // responder has not spoken, so nothing is lost by starting the tracking over.
            start(table, id, v, now);
            return VALID;
        }
        // A SYN-ACK must acknowledge exactly the SYN we saw, or it is a blind guess.
        if (kind == SYNACK && current == SS && v.tcpAcknowledgment() != table.tcpEnd(id, Direction.ORIGINAL)) {
            return INVALID;
        }
        if (!inWindow(table, id, d, v, kind)) {
            return INVALID;
        }
        if (d == Direction.REPLY) {
            table.addFlags(id, ConnectionTable.FLAG_SEEN_REPLY);
        }
        int state = next == IG ? current : next;
        table.setState(id, state);
        table.setExpires(id, now + timeouts.tcp(state));
        return VALID;
    }

    /**
     * True for the client side of a connection to the gateway's own service when the gateway's
     * answers have never been seen. A live gateway always sees them (they leave through
     * local-out), but a capture of its interfaces does not hold them, and without them nothing
     * the client sends after its SYN could be checked.
     */
    private static boolean peerInvisible(ConnectionTable table, int id, int d) {
        return d == Direction.ORIGINAL && table.hasFlag(id, ConnectionTable.FLAG_LOCAL_DESTINATION)
                && table.tcpMaxWin(id, Direction.REPLY) == 0;
    }

    /**
     * Follows the client alone: states advance as if the gateway had answered, and only the
     * client's own sequence progress is checked (no segment older than its window).
     */
    private int trackWithInvisiblePeer(ConnectionTable table, int id, PacketView v, int kind, int current, long now) {
        if (kind == SYN && (current == TW || current == CL)) {
            return REOPEN;
        }
        int from = current == SS && kind != SYN && kind != RST ? SR : current;
        int next = NEXT[Direction.ORIGINAL][kind][from];
        if (next == IV) {
            return INVALID;
        }
        int seq = v.tcpSequence();
        int flags = v.tcpFlags();
        int end = seq + v.tcpPayloadLength() + ((flags & Tcp.SYN) != 0 ? 1 : 0) + ((flags & Tcp.FIN) != 0 ? 1 : 0);
        int window = Math.max(table.tcpMaxWin(id, Direction.ORIGINAL), MIN_ACK_WINDOW);
        if (before(end, table.tcpEnd(id, Direction.ORIGINAL) - window)) {
            return INVALID;
        }
        if (after(end, table.tcpEnd(id, Direction.ORIGINAL))) {
            table.setTcpEnd(id, Direction.ORIGINAL, end);
        }
        int state = next == IG ? from : next;
        table.setState(id, state);
        table.setExpires(id, now + timeouts.tcp(state));
        return VALID;
    }

    private static boolean inWindow(ConnectionTable t, int id, int d, PacketView v, int kind) {
        int r = d ^ 1;
        int seq = v.tcpSequence();
        int flags = v.tcpFlags();
        int end = seq + v.tcpPayloadLength() + ((flags & Tcp.SYN) != 0 ? 1 : 0) + ((flags & Tcp.FIN) != 0 ? 1 : 0);
        int win = v.tcpWindow();
        if (t.tcpMaxWin(id, d) == 0) {
            // First packet from this side (the responder's SYN-ACK or simultaneous SYN): learn it.
            if ((flags & Tcp.SYN) == 0) {
                // Or a refusal: in SYN-SENT a reset is acceptable only if it acknowledges exactly the
                // SYN (RFC 9293 3.10.7.3), which a blind sender cannot guess. Nothing is learned from it.
                return kind == RST && (flags & Tcp.ACK) != 0 && v.tcpAcknowledgment() == t.tcpEnd(id, r);
            }
            t.setTcpEnd(id, d, end);
            t.setTcpMaxEnd(id, d, end);
            t.setTcpMaxWin(id, d, Math.max(win, 1));
            int scale = Tcp.windowScale(v.buffer(), v.l4Offset(), v.tcpHeaderLength());
            t.setTcpScale(id, d, scale);
            if (scale >= 0 && t.tcpScale(id, r) >= 0) {
                t.addFlags(id, ConnectionTable.FLAG_WINDOW_SCALING);
            }
            if (t.tcpMaxEnd(id, r) == t.tcpEnd(id, r) && (flags & Tcp.ACK) != 0) {
                // Until the responder speaks, the initiator may send only its SYN.
                t.setTcpMaxEnd(id, r, v.tcpAcknowledgment() + Math.max(win, 1));
            }
        } else if (kind == SYN || kind == SYNACK) {
            win = Math.max(win, 1);
        } else if (t.hasFlag(id, ConnectionTable.FLAG_WINDOW_SCALING)) {
            win <<= Math.max(t.tcpScale(id, d), 0);
        }
        int ack = (flags & Tcp.ACK) != 0 ? v.tcpAcknowledgment() : t.tcpEnd(id, r);
        int maxAckWindow = Math.max(t.tcpMaxWin(id, d), MIN_ACK_WINDOW);
        boolean ok = !after(seq, t.tcpMaxEnd(id, d))
                && !before(end, t.tcpEnd(id, d) - t.tcpMaxWin(id, r))
                && !after(ack, t.tcpEnd(id, r))
                && !before(ack, t.tcpEnd(id, r) - maxAckWindow);
        if (!ok) {
            return false;
        }
        if (t.tcpMaxWin(id, d) < win) {
            t.setTcpMaxWin(id, d, win);
        }
        if (after(end, t.tcpEnd(id, d))) {
            t.setTcpEnd(id, d, end);
        }
        if ((flags & Tcp.ACK) != 0) {
            int edge = ack + Math.max(win, 1);
            if (after(edge, t.tcpMaxEnd(id, r))) {
                t.setTcpMaxEnd(id, r, edge);
            }
        }
        return true;
    }

    /** Sequence-space comparison (RFC 1982 serial arithmetic). */
    static boolean before(int a, int b) {
        return a - b < 0;
    }

    static boolean after(int a, int b) {
        return b - a < 0;
    }
}
