package dev.palisade.nat;

import dev.palisade.packet.Bytes;
import dev.palisade.packet.Checksum;
import dev.palisade.packet.Icmp;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.packet.Udp;

/**
 * Rewrites addresses and ports of a parsed, unfragmented IPv4 packet in place, updating the IP,
 * TCP, UDP and ICMP checksums incrementally (RFC 1624) rather than recomputing them. TCP and UDP
 * checksums cover the addresses through the pseudo-header; ICMP's does not, but covers the query
 * identifier that NAT uses as a port.
 */
public final class PacketRewriter {

    private PacketRewriter() {
    }

    /** Sets source address and port (the identifier for ICMP queries). */
    public static void rewriteSource(PacketView v, int address, int port) {
        byte[] b = v.buffer();
        int ip = v.l3Offset();
        int l4 = v.l4Offset();
        int oldAddress = v.source();
        int oldPort = v.sourcePort();
        if (oldAddress != address) {
            Ipv4.setSource(b, ip, address);
            fixPseudoHeader(v, oldAddress, address);
        }
        if (oldPort != port) {
            switch (v.protocol()) {
                case Ipv4.PROTOCOL_TCP -> {
                    Bytes.put16(b, l4 + Tcp.SOURCE_PORT_OFFSET, port);
                    Tcp.setChecksum(b, l4, Checksum.update16(Tcp.checksum(b, l4), oldPort, port));
                }
                case Ipv4.PROTOCOL_UDP -> {
                    Bytes.put16(b, l4, port);
                    updateUdp(b, l4, oldPort, port);
                }
                case Ipv4.PROTOCOL_ICMP -> Icmp.setIdentifier(b, l4, port);
                default -> {
                }
            }
        }
        v.setSource(address, port);
    }

    /** Sets destination address and port (the identifier for ICMP queries). */
    public static void rewriteDestination(PacketView v, int address, int port) {
        byte[] b = v.buffer();
        int ip = v.l3Offset();
        int l4 = v.l4Offset();
        int oldAddress = v.destination();
        int oldPort = v.destinationPort();
        if (oldAddress != address) {
            Ipv4.setDestination(b, ip, address);
            fixPseudoHeader(v, oldAddress, address);
        }
        if (oldPort != port) {
            switch (v.protocol()) {
                case Ipv4.PROTOCOL_TCP -> {
                    Bytes.put16(b, l4 + Tcp.DESTINATION_PORT_OFFSET, port);
                    Tcp.setChecksum(b, l4, Checksum.update16(Tcp.checksum(b, l4), oldPort, port));
                }
                case Ipv4.PROTOCOL_UDP -> {
                    Bytes.put16(b, l4 + 2, port);
                    updateUdp(b, l4, oldPort, port);
                }
                case Ipv4.PROTOCOL_ICMP -> Icmp.setIdentifier(b, l4, port);
                default -> {
                }
            }
        }
        v.setDestination(address, port);
    }

    private static void fixPseudoHeader(PacketView v, int oldAddress, int newAddress) {
        byte[] b = v.buffer();
        int l4 = v.l4Offset();
        switch (v.protocol()) {
            case Ipv4.PROTOCOL_TCP -> Tcp.setChecksum(b, l4, Checksum.update32(Tcp.checksum(b, l4), oldAddress, newAddress));
            case Ipv4.PROTOCOL_UDP -> {
                int check = Udp.checksum(b, l4);
                if (check != 0) {
                    int updated = Checksum.update32(check, oldAddress, newAddress);
                    Udp.setChecksum(b, l4, updated == 0 ? 0xffff : updated);
                }
            }
            default -> {
            }
        }
    }

    private static void updateUdp(byte[] b, int l4, int oldPort, int newPort) {
        int check = Udp.checksum(b, l4);
        // A zero UDP checksum means "none" and must stay zero; a computed zero is sent as 0xffff.
        if (check != 0) {
            int updated = Checksum.update16(check, oldPort, newPort);
            Udp.setChecksum(b, l4, updated == 0 ? 0xffff : updated);
        }
    }
}
