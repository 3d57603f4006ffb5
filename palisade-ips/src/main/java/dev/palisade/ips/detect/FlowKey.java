package dev.palisade.ips.detect;

import java.util.Arrays;

/**
 * The direction-free identity of a flow: protocol, and the two (address, port) ends in a
 * canonical order, so both directions of a connection find the same entry. The protector keeps
 * one mutable probe for lookups and copies it only when a flow is created.
 */
final class FlowKey {

    int protocol;
    final byte[] lowAddress = new byte[16];
    final byte[] highAddress = new byte[16];
    int lowPort;
    int highPort;
    private int hash;

    /** Sets the key from a packet; returns true when the packet's source is the low end. */
    boolean set(PacketMeta p) {
        int c = Arrays.compare(p.source, p.destination);
        boolean sourceLow = c < 0 || c == 0 && p.sourcePort <= p.destinationPort;
        protocol = p.ipProtocol;
        System.arraycopy(sourceLow ? p.source : p.destination, 0, lowAddress, 0, 16);
        System.arraycopy(sourceLow ? p.destination : p.source, 0, highAddress, 0, 16);
        lowPort = sourceLow ? p.sourcePort : p.destinationPort;
        highPort = sourceLow ? p.destinationPort : p.sourcePort;
        int h = protocol;
        h = 31 * h + Arrays.hashCode(lowAddress);
        h = 31 * h + Arrays.hashCode(highAddress);
        h = 31 * h + lowPort * 65_537 + highPort;
        hash = h;
        return sourceLow;
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.protocol = protocol;
        System.arraycopy(lowAddress, 0, k.lowAddress, 0, 16);
        System.arraycopy(highAddress, 0, k.highAddress, 0, 16);
        k.lowPort = lowPort;
        k.highPort = highPort;
        k.hash = hash;
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.hash == hash && k.protocol == protocol && k.lowPort == lowPort
                && k.highPort == highPort && Arrays.equals(k.lowAddress, lowAddress) && Arrays.equals(k.highAddress, highAddress);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
