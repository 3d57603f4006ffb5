package dev.palisade.packet;

/**
 * What {@link PacketParser} learned about one frame: where each layer starts and the header
 * fields policy needs, as primitives. One instance is reused for every packet a thread
 * processes, so parsing allocates nothing; the bytes stay in the caller's buffer and are
 * rewritten there by NAT.
 */
public final class PacketView {

    byte[] buffer;
    int frameOffset;
    int frameLength;
    LinkLayer linkLayer;
    int etherType;
    int vlanTags;
    int l3Offset;
    int ipHeaderLength;
    int ipTotalLength;
    int protocol;
    int ttl;
    int source;
    int destination;
    int identification;
    boolean moreFragments;
    int fragmentOffsetBytes;
    int l4Offset;
    int l4Length;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int tcpSequence;
    int tcpAcknowledgment;
    int tcpWindow;
    int tcpHeaderLength;
    int icmpType;
    int icmpCode;

    public byte[] buffer() {
        return buffer;
    }

    public int frameOffset() {
        return frameOffset;
    }

    public int frameLength() {
        return frameLength;
    }

    public LinkLayer linkLayer() {
        return linkLayer;
    }

    /** The EtherType after any VLAN tags; {@link Ethernet#TYPE_IPV4} for raw IP frames. */
    public int etherType() {
        return etherType;
    }

    public int vlanTags() {
        return vlanTags;
    }

    public boolean isIpv4() {
        return etherType == Ethernet.TYPE_IPV4;
    }

    public boolean isArp() {
        return etherType == Ethernet.TYPE_ARP;
    }

    public int l3Offset() {
        return l3Offset;
    }

    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    public int ipTotalLength() {
        return ipTotalLength;
    }

    public int protocol() {
        return protocol;
    }

    public int ttl() {
        return ttl;
    }

    public int source() {
        return source;
    }

    public int destination() {
        return destination;
    }

    public int identification() {
        return identification;
    }

    /** True for any fragment of a fragmented datagram (first, middle or last). */
    public boolean isFragment() {
        return moreFragments || fragmentOffsetBytes != 0;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    public int fragmentOffsetBytes() {
        return fragmentOffsetBytes;
    }

    /** Start of the transport header; valid only when the packet is not a fragment. */
    public int l4Offset() {
        return l4Offset;
    }

    public int l4Length() {
        return l4Length;
    }

    /** TCP/UDP source port; the ICMP query identifier for ICMP echo/timestamp; else 0. */
    public int sourcePort() {
        return sourcePort;
    }

    /** TCP/UDP destination port; the ICMP query identifier for ICMP echo/timestamp; else 0. */
    public int destinationPort() {
        return destinationPort;
    }

    public int tcpFlags() {
        return tcpFlags;
    }

    public boolean isTcpSynOnly() {
        return (tcpFlags & (Tcp.SYN | Tcp.ACK | Tcp.RST | Tcp.FIN)) == Tcp.SYN;
    }

    public int tcpSequence() {
        return tcpSequence;
    }

    public int tcpAcknowledgment() {
        return tcpAcknowledgment;
    }

    public int tcpWindow() {
        return tcpWindow;
    }

    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** TCP payload length. */
    public int tcpPayloadLength() {
        return l4Length - tcpHeaderLength;
    }

    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** End of the IP datagram in the buffer (Ethernet padding excluded). */
    public int ipEnd() {
        return l3Offset + ipTotalLength;
    }

    /** Records a source rewrite done in the buffer (by NAT), keeping the view consistent. */
    public void setSource(int address, int port) {
        this.source = address;
        this.sourcePort = port;
    }

    /** Records a destination rewrite done in the buffer (by NAT), keeping the view consistent. */
    public void setDestination(int address, int port) {
        this.destination = address;
        this.destinationPort = port;
    }

    /** Records a TTL decrement done in the buffer. */
    public void setTtl(int ttl) {
        this.ttl = ttl;
    }
}
