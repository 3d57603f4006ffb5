package dev.palisade.testing;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.packet.Bytes;
import dev.palisade.packet.Checksum;
import dev.palisade.packet.Ethernet;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.Tcp;

/**
 * Builds test frames (Ethernet + IPv4 + TCP/UDP/ICMP) with correct checksums, field by field, so
 * tests read like packet descriptions: {@code Frames.tcp("192.168.1.30", 50000, "203.0.113.10", 502).syn().build()}.
 */
public final class Frames {

    public static final long HOST_MAC = 0x0200000000aaL;
    public static final long GATEWAY_MAC = 0x02504c000001L;

    private int protocol;
    private int source;
    private int destination;
    private int sourcePort;
    private int destinationPort;
    private int ttl = 64;
    private int identification = 1;
    private int fragmentField;
    private int tcpFlags = Tcp.ACK;
    private int sequence = 1000;
    private int acknowledgment;
    private int window = 64240;
    private int icmpType = 8;
    private int icmpCode;
    private int icmpId = 1;
    private byte[] payload = new byte[0];
    private byte[] tcpOptions = new byte[0];
    private byte[] ipOptions = new byte[0];
    private long sourceMac = HOST_MAC;
    private long destinationMac = GATEWAY_MAC;
    private boolean ethernet = true;
    private int vlan = -1;
    private boolean zeroUdpChecksum;

    private Frames() {
    }

    public static int ip(String dotted) {
        return Ipv4Address.parse(dotted).value();
    }

    public static Frames tcp(String src, int sport, String dst, int dport) {
        Frames f = new Frames();
        f.protocol = Ipv4.PROTOCOL_TCP;
        f.source = ip(src);
        f.destination = ip(dst);
        f.sourcePort = sport;
        f.destinationPort = dport;
        return f;
    }

    public static Frames udp(String src, int sport, String dst, int dport) {
        Frames f = tcp(src, sport, dst, dport);
        f.protocol = Ipv4.PROTOCOL_UDP;
        return f;
    }

    public static Frames icmpEcho(String src, String dst, int id) {
        Frames f = tcp(src, 0, dst, 0);
        f.protocol = Ipv4.PROTOCOL_ICMP;
        f.icmpType = 8;
        f.icmpId = id;
        return f;
    }

    public static Frames icmpEchoReply(String src, String dst, int id) {
        Frames f = icmpEcho(src, dst, id);
        f.icmpType = 0;
        return f;
    }

    public static Frames ipProtocol(String src, String dst, int protocol) {
        Frames f = tcp(src, 0, dst, 0);
        f.protocol = protocol;
        return f;
    }

    public Frames icmpType(int type, int code) {
        this.icmpType = type;
        this.icmpCode = code;
        return this;
    }

    public Frames syn() {
        tcpFlags = Tcp.SYN;
        acknowledgment = 0;
        return this;
    }

    public Frames synAck(int ack) {
        tcpFlags = Tcp.SYN | Tcp.ACK;
        acknowledgment = ack;
        return this;
    }

    public Frames flags(int flags) {
        tcpFlags = flags;
        return this;
    }

    public Frames seq(int seq) {
        sequence = seq;
        return this;
    }

    public Frames ack(int ack) {
        acknowledgment = ack;
        return this;
    }

    public Frames window(int window) {
        this.window = window;
        return this;
    }

    public Frames ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    public Frames id(int identification) {
        this.identification = identification;
        return this;
    }

    /** Sets the raw flags+fragment-offset field (offset in 8-byte units). */
    public Frames fragment(boolean more, int offsetUnits) {
        this.fragmentField = (more ? Ipv4.FLAG_MORE_FRAGMENTS : 0) | offsetUnits;
        return this;
    }

    public Frames payload(byte[] payload) {
        this.payload = payload.clone();
        return this;
    }

    public Frames payload(int length) {
        this.payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) i;
        }
        return this;
    }

    public Frames tcpOptions(byte... options) {
        this.tcpOptions = options.clone();
        return this;
    }

    public Frames ipOptions(byte... options) {
        this.ipOptions = options.clone();
        return this;
    }

    public Frames macs(long source, long destination) {
        this.sourceMac = source;
        this.destinationMac = destination;
        return this;
    }

    public Frames rawIp() {
        this.ethernet = false;
        return this;
    }

    public Frames vlan(int id) {
        this.vlan = id;
        return this;
    }

    public Frames zeroUdpChecksum() {
        this.zeroUdpChecksum = true;
        return this;
    }

    /** The transport segment (header + payload) with its checksum. */
    public byte[] transport() {
        byte[] seg;
        switch (protocol) {
            case Ipv4.PROTOCOL_TCP -> {
                int hl = 20 + ((tcpOptions.length + 3) & ~3);
                seg = new byte[hl + payload.length];
                Bytes.put16(seg, 0, sourcePort);
                Bytes.put16(seg, 2, destinationPort);
                Bytes.put32(seg, 4, sequence);
                Bytes.put32(seg, 8, acknowledgment);
                seg[12] = (byte) ((hl / 4) << 4);
                seg[13] = (byte) tcpFlags;
                Bytes.put16(seg, 14, window);
                System.arraycopy(tcpOptions, 0, seg, 20, tcpOptions.length);
                System.arraycopy(payload, 0, seg, hl, payload.length);
                int sum = Checksum.sum(seg, 0, seg.length, Checksum.pseudoHeaderSum(source, destination, protocol, seg.length));
                Bytes.put16(seg, 16, Checksum.finish(sum));
            }
            case Ipv4.PROTOCOL_UDP -> {
                seg = new byte[8 + payload.length];
                Bytes.put16(seg, 0, sourcePort);
                Bytes.put16(seg, 2, destinationPort);
                Bytes.put16(seg, 4, seg.length);
                System.arraycopy(payload, 0, seg, 8, payload.length);
                if (!zeroUdpChecksum) {
                    int c = Checksum.finish(Checksum.sum(seg, 0, seg.length, Checksum.pseudoHeaderSum(source, destination, protocol, seg.length)));
                    Bytes.put16(seg, 6, c == 0 ? 0xffff : c);
                }
            }
            case Ipv4.PROTOCOL_ICMP -> {
                seg = new byte[8 + payload.length];
                seg[0] = (byte) icmpType;
                seg[1] = (byte) icmpCode;
                Bytes.put16(seg, 4, icmpId);
                Bytes.put16(seg, 6, 1);
                System.arraycopy(payload, 0, seg, 8, payload.length);
                Bytes.put16(seg, 2, Checksum.finish(Checksum.sum(seg, 0, seg.length, 0)));
            }
            default -> seg = payload.clone();
        }
        return seg;
    }

    /** The IPv4 packet. */
    public byte[] ipPacket() {
        return ipPacket(transport());
    }

    /** An IPv4 packet around an explicit payload (e.g. a slice of a transport segment). */
    public byte[] ipPacket(byte[] l4) {
        int ihl = 20 + ((ipOptions.length + 3) & ~3);
        byte[] p = new byte[ihl + l4.length];
        p[0] = (byte) (0x40 | ihl / 4);
        Bytes.put16(p, 2, p.length);
        Bytes.put16(p, 4, identification);
        Bytes.put16(p, 6, fragmentField);
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        Bytes.put32(p, 12, source);
        Bytes.put32(p, 16, destination);
        System.arraycopy(ipOptions, 0, p, 20, ipOptions.length);
        System.arraycopy(l4, 0, p, ihl, l4.length);
        Ipv4.fillChecksum(p, 0);
        return p;
    }

    public byte[] build() {
        return frame(ipPacket());
    }

    /** Wraps an IP packet in this builder's link layer. */
    public byte[] frame(byte[] ipPacket) {
        if (!ethernet) {
            return ipPacket;
        }
        int header = 14 + (vlan >= 0 ? 4 : 0);
        byte[] f = new byte[header + ipPacket.length];
        Ethernet.putMac(f, 0, destinationMac);
        Ethernet.putMac(f, 6, sourceMac);
        if (vlan >= 0) {
            Bytes.put16(f, 12, Ethernet.TYPE_VLAN);
            Bytes.put16(f, 14, vlan);
            Bytes.put16(f, 16, Ethernet.TYPE_IPV4);
        } else {
            Bytes.put16(f, 12, Ethernet.TYPE_IPV4);
        }
        System.arraycopy(ipPacket, 0, f, header, ipPacket.length);
        return f;
    }

    /** An Ethernet frame of another EtherType (ARP, IPv6, ...), padded to 60 bytes. */
    public static byte[] ethernet(int etherType, byte[] body) {
        byte[] f = new byte[Math.max(60, 14 + body.length)];
        Ethernet.putMac(f, 0, 0xffffffffffffL);
        Ethernet.putMac(f, 6, HOST_MAC);
        Bytes.put16(f, 12, etherType);
        System.arraycopy(body, 0, f, 14, body.length);
        return f;
    }

    /** An ARP request from {@code sender} asking for {@code target}. */
    public static byte[] arpRequest(String sender, String target) {
        byte[] a = new byte[28];
        Bytes.put16(a, 0, 1);
        Bytes.put16(a, 2, Ethernet.TYPE_IPV4);
        a[4] = 6;
        a[5] = 4;
        Bytes.put16(a, 6, 1);
        Ethernet.putMac(a, 8, HOST_MAC);
        Bytes.put32(a, 14, ip(sender));
        Bytes.put32(a, 24, ip(target));
        return ethernet(Ethernet.TYPE_ARP, a);
    }
}
