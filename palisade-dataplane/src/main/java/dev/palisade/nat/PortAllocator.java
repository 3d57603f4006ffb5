package dev.palisade.nat;

import dev.palisade.conntrack.ConnectionTable;

/**
 * Chooses the source port of a masqueraded connection. The original port is kept when the
 * translated reply tuple is free, as users and protocols expect; on a collision another port is
 * taken from the same class (below 512, 512-1023, or 1024 and up, like Linux), probing a bounded
 * number of candidates from a position derived from the tuple so that work per new flow stays
 * bounded even when the port space is crowded.
 */
public final class PortAllocator {

    /** Candidates tried before the allocation is given up. */
    public static final int MAX_PROBES = 512;

    private PortAllocator() {
    }

    /**
     * A free source port for a connection from {@code translatedSource:?} to
     * {@code remote:remotePort} that originally used {@code preferred}, or -1.
     */
    public static int allocate(ConnectionTable table, int protocol, int translatedSource, int remote, int remotePort,
                               int preferred, long now) {
        return allocate(table, protocol, translatedSource, remote, remotePort, preferred, now, null);
    }

    /**
     * As {@link #allocate(ConnectionTable, int, int, int, int, int, long)}, never choosing a port
     * whose entry in {@code reserved} (indexed by port; may be null) is non-zero: the ports
     * forwarded inward, whose traffic must not be mistaken for replies.
     */
    public static int allocate(ConnectionTable table, int protocol, int translatedSource, int remote, int remotePort,
                               int preferred, long now, char[] reserved) {
        // The reply tuple is remote:remotePort -> translatedSource:port; it must not exist yet.
        if (usable(reserved, preferred) && free(table, protocol, translatedSource, remote, remotePort, preferred, now)) {
            return preferred;
        }
        int low;
        int high;
        if (preferred < 512) {
            low = 1;
            high = 511;
        } else if (preferred < 1024) {
            low = 600;
            high = 1023;
        } else {
            low = 1024;
            high = 65535;
        }
        int span = high - low + 1;
        // The start mixes in the table's size, so that successive flows towards one endpoint with
        // the same preferred port start at different places. From a start fixed by the tuple alone
        // each such flow walked one ever-longer run of taken ports, and the (MAX_PROBES + 2)-th
        // failed with the rest of the class free. The size keeps the choice reproducible in replay.
        int h = (remote * 31 + remotePort * 17 + preferred * 7) * 0x9E3779B9 + table.size() * 0x85EBCA6B;
        int start = Math.floorMod(h ^ (h >>> 16), span);
        for (int i = 0; i < Math.min(MAX_PROBES, span); i++) {
            int port = low + (start + i) % span;
            if (usable(reserved, port) && free(table, protocol, translatedSource, remote, remotePort, port, now)) {
                return port;
            }
        }
        return -1;
    }

    private static boolean usable(char[] reserved, int port) {
        return reserved == null || reserved[port] == 0;
    }

    private static boolean free(ConnectionTable table, int protocol, int translatedSource, int remote, int remotePort,
                                int port, long now) {
        // ICMP queries use the identifier on both sides of the tuple.
        int replySourcePort = protocol == 1 ? port : remotePort;
        return table.isFree(protocol, remote, translatedSource, replySourcePort, port, now);
    }
}
