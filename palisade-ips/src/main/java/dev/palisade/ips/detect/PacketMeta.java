package dev.palisade.ips.detect;

/**
 * The packet being inspected, as the matcher and the listeners see it: a flyweight the
 * {@link Protector} refills for every packet (valid only during the call that hands it out).
 * Addresses are kept as 16 bytes (IPv4 in the last four, with {@link #ipv6()} false) so IPv4 and
 * IPv6 share one layout; rule address groups are IPv4-only, so an IPv6 packet only meets
 * {@code any}.
 */
public final class PacketMeta {

    long timeNanos;
    long number;
    int ipProtocol;
    boolean ipv6;
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int tcpSequence;
    byte[] buffer = new byte[0];
    int payloadOffset;
    int payloadLength;
    boolean toServer = true;
    Flow flow;

    /** Capture or arrival time, nanoseconds since the epoch. */
    public long timeNanos() {
        return timeNanos;
    }

    /** 1-based number of the packet in its input (EVE {@code pcap_cnt}). */
    public long number() {
        return number;
    }

    /** IP protocol number: 6 TCP, 17 UDP... */
    public int ipProtocol() {
        return ipProtocol;
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** The source IPv4 address as an int (meaningful when not {@link #ipv6()}). */
    public int source4() {
        return v4(source);
    }

    public int destination4() {
        return v4(destination);
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /** Whether the packet goes from the flow's client to its server (true when there is no flow). */
    public boolean toServer() {
        return toServer;
    }

    /** The packet's flow, or null (not TCP/UDP, or the flow table was full). */
    public Flow flow() {
        return flow;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Copies the source address into {@code into16} (16 bytes; IPv4 in the last four). */
    public void sourceAddress(byte[] into16) {
        System.arraycopy(source, 0, into16, 0, 16);
    }

    /** Copies the destination address into {@code into16} (16 bytes; IPv4 in the last four). */
    public void destinationAddress(byte[] into16) {
        System.arraycopy(destination, 0, into16, 0, 16);
    }

    /** The source address in text form (dotted IPv4, or IPv6). */
    public String sourceText() {
        return Flow.text(source, ipv6);
    }

    public String destinationText() {
        return Flow.text(destination, ipv6);
    }

    static int v4(byte[] a) {
        return (a[12] & 0xFF) << 24 | (a[13] & 0xFF) << 16 | (a[14] & 0xFF) << 8 | (a[15] & 0xFF);
    }
}
