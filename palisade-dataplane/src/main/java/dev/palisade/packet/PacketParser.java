package dev.palisade.packet;

/**
 * Validates a frame in one pass and fills a {@link PacketView}. Every length is checked against
 * the bytes actually present before it is used; anything inconsistent yields a
 * {@link Malformation} instead of an exception. Stateless apart from its settings, so one
 * instance may serve many threads.
 */
public final class PacketParser {

    /** VLAN tags accepted in front of the payload (802.1Q, or an 802.1ad outer tag plus 802.1Q). */
    public static final int MAX_VLAN_TAGS = 2;

    private final boolean verifyTransportChecksums;

    /**
     * @param verifyTransportChecksums verify TCP, UDP and ICMP checksums as well as the IPv4 header
     *     checksum. Off only for captures taken where checksum offload left partial checksums.
     */
    public PacketParser(boolean verifyTransportChecksums) {
        this.verifyTransportChecksums = verifyTransportChecksums;
    }

    /** Parses a frame of {@code length} bytes at {@code offset}. */
    public Malformation parse(byte[] b, int offset, int length, LinkLayer link, PacketView v) {
        v.buffer = b;
        v.frameOffset = offset;
        v.frameLength = length;
        v.linkLayer = link;
        v.vlanTags = 0;
        v.protocol = 0;
        v.sourcePort = 0;
        v.destinationPort = 0;
        v.tcpFlags = 0;
        v.icmpType = -1;
        v.icmpCode = -1;
        v.moreFragments = false;
        v.fragmentOffsetBytes = 0;
        int end = offset + length;
        int l3;
        if (link == LinkLayer.ETHERNET) {
            if (length < Ethernet.HEADER_LENGTH) {
                v.etherType = -1;
                return Malformation.TRUNCATED_ETHERNET;
            }
            int type = Bytes.u16(b, offset + Ethernet.TYPE_OFFSET);
            l3 = offset + Ethernet.HEADER_LENGTH;
            while (type == Ethernet.TYPE_VLAN || type == Ethernet.TYPE_QINQ) {
                if (v.vlanTags == MAX_VLAN_TAGS || end - l3 < Ethernet.VLAN_TAG_LENGTH) {
                    v.etherType = -1;
                    return Malformation.TRUNCATED_ETHERNET;
                }
                type = Bytes.u16(b, l3 + 2);
                l3 += Ethernet.VLAN_TAG_LENGTH;
                v.vlanTags++;
            }
            v.etherType = type;
            v.l3Offset = l3;
            if (type == Ethernet.TYPE_ARP) {
                return end - l3 < Arp.LENGTH ? Malformation.TRUNCATED_ARP : Malformation.NONE;
            }
            if (type != Ethernet.TYPE_IPV4) {
                return Malformation.NONE;
            }
        } else {
            l3 = offset;
            v.l3Offset = l3;
            v.etherType = Ethernet.TYPE_IPV4;
            if (length >= 1 && (b[offset] & 0xf0) != 0x40) {
                // A raw-IP link also carries IPv6; it is not IPv4 and meets preset-block.
                v.etherType = (b[offset] & 0xf0) == 0x60 ? Ethernet.TYPE_IPV6 : -1;
                return v.etherType == -1 ? Malformation.BAD_IP_VERSION : Malformation.NONE;
            }
        }
        return parseIpv4(b, l3, end - l3, v);
    }

    private Malformation parseIpv4(byte[] b, int ip, int available, PacketView v) {
        if (available < Ipv4.MIN_HEADER_LENGTH) {
            return Malformation.TRUNCATED_IPV4;
        }
        if ((b[ip] & 0xf0) != 0x40) {
            return Malformation.BAD_IP_VERSION;
        }
        int ihl = Ipv4.headerLength(b, ip);
        if (ihl < Ipv4.MIN_HEADER_LENGTH) {
            return Malformation.BAD_IP_HEADER_LENGTH;
        }
        if (ihl > available) {
            return Malformation.TRUNCATED_IPV4;
        }
        int total = Ipv4.totalLength(b, ip);
        if (total < ihl) {
            return Malformation.BAD_IP_TOTAL_LENGTH;
        }
        if (total > available) {
            return Malformation.TRUNCATED_IPV4;
        }
        if (!Checksum.verifies(Checksum.sum(b, ip, ihl, 0))) {
            return Malformation.BAD_IP_CHECKSUM;
        }
        v.ipHeaderLength = ihl;
        v.ipTotalLength = total;
        v.ttl = Ipv4.ttl(b, ip);
        v.protocol = Ipv4.protocol(b, ip);
        v.source = Ipv4.source(b, ip);
        v.destination = Ipv4.destination(b, ip);
        v.identification = Ipv4.identification(b, ip);
        if (ihl > Ipv4.MIN_HEADER_LENGTH) {
            Malformation options = checkOptions(b, ip + Ipv4.MIN_HEADER_LENGTH, ip + ihl);
            if (options != Malformation.NONE) {
                return options;
            }
        }
        int src = v.source;
        // Martian sources: nobody may claim a multicast, broadcast or loopback source address.
        if (Ipv4.isMulticast(src) || src == Ipv4.LIMITED_BROADCAST || (src >>> 24) == 127) {
            return Malformation.BAD_SOURCE_ADDRESS;
        }
        int fragment = Ipv4.flagsAndFragmentOffset(b, ip);
        if ((fragment & 0x8000) != 0) {
            return Malformation.BAD_FRAGMENT;
        }
        v.moreFragments = (fragment & Ipv4.FLAG_MORE_FRAGMENTS) != 0;
        v.fragmentOffsetBytes = (fragment & Ipv4.FRAGMENT_OFFSET_MASK) << 3;
        int payload = total - ihl;
        v.l4Offset = ip + ihl;
        v.l4Length = payload;
        if (v.moreFragments || v.fragmentOffsetBytes != 0) {
            if (v.fragmentOffsetBytes + payload > Ipv4.MAX_PACKET_LENGTH - ihl
                    || (v.moreFragments && (payload == 0 || (payload & 7) != 0))) {
                return Malformation.BAD_FRAGMENT;
            }
            return Malformation.NONE;
        }
        return parseTransport(b, v);
    }

    private static Malformation checkOptions(byte[] b, int i, int end) {
        while (i < end) {
            int type = b[i] & 0xff;
            if (type == 0) {
                return Malformation.NONE;
            }
            if (type == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return Malformation.BAD_IP_OPTIONS;
            }
            int length = b[i + 1] & 0xff;
            if (length < 2 || i + length > end) {
                return Malformation.BAD_IP_OPTIONS;
            }
            // Loose and strict source routing let a sender steer packets around the policy.
            if (type == 131 || type == 137) {
                return Malformation.SOURCE_ROUTED;
            }
            i += length;
        }
        return Malformation.NONE;
    }

    private Malformation parseTransport(byte[] b, PacketView v) {
        int l4 = v.l4Offset;
        int l4Length = v.l4Length;
        switch (v.protocol) {
            case Ipv4.PROTOCOL_TCP -> {
                if (l4Length < Tcp.MIN_HEADER_LENGTH) {
                    return Malformation.TRUNCATED_TCP;
                }
                int hl = Tcp.headerLength(b, l4);
                if (hl < Tcp.MIN_HEADER_LENGTH || hl > l4Length) {
                    return Malformation.BAD_TCP_HEADER_LENGTH;
                }
                int flags = Tcp.flags(b, l4);
                if (!validTcpFlags(flags)) {
                    return Malformation.BAD_TCP_FLAGS;
                }
                if (verifyTransportChecksums && !transportChecksumOk(b, v)) {
                    return Malformation.BAD_L4_CHECKSUM;
                }
                v.tcpHeaderLength = hl;
                v.tcpFlags = flags;
                v.sourcePort = Tcp.sourcePort(b, l4);
                v.destinationPort = Tcp.destinationPort(b, l4);
                v.tcpSequence = Tcp.sequence(b, l4);
                v.tcpAcknowledgment = Tcp.acknowledgment(b, l4);
                v.tcpWindow = Tcp.window(b, l4);
            }
            case Ipv4.PROTOCOL_UDP -> {
                if (l4Length < Udp.HEADER_LENGTH) {
                    return Malformation.TRUNCATED_UDP;
                }
                int udpLength = Udp.length(b, l4);
                if (udpLength < Udp.HEADER_LENGTH || udpLength > l4Length) {
                    return Malformation.BAD_UDP_LENGTH;
                }
                v.l4Length = udpLength;
                if (verifyTransportChecksums && Udp.checksum(b, l4) != 0 && !transportChecksumOk(b, v)) {
                    return Malformation.BAD_L4_CHECKSUM;
                }
                v.sourcePort = Udp.sourcePort(b, l4);
                v.destinationPort = Udp.destinationPort(b, l4);
            }
            case Ipv4.PROTOCOL_ICMP -> {
                if (l4Length < Icmp.HEADER_LENGTH) {
                    return Malformation.TRUNCATED_ICMP;
                }
                if (verifyTransportChecksums && !Checksum.verifies(Checksum.sum(b, l4, l4Length, 0))) {
                    return Malformation.BAD_L4_CHECKSUM;
                }
                int type = Icmp.type(b, l4);
                v.icmpType = type;
                v.icmpCode = Icmp.code(b, l4);
                if (Icmp.isQuery(type) || Icmp.isQueryReply(type)) {
                    int id = Icmp.identifier(b, l4);
                    v.sourcePort = id;
                    v.destinationPort = id;
                }
            }
            default -> {
                // Other protocols (VRRP/CARP, GRE, ...) are matched by protocol number only.
            }
        }
        return Malformation.NONE;
    }

    private static boolean transportChecksumOk(byte[] b, PacketView v) {
        int pseudo = Checksum.pseudoHeaderSum(v.source, v.destination, v.protocol, v.l4Length);
        return Checksum.verifies(Checksum.sum(b, v.l4Offset, v.l4Length, pseudo));
    }

    /**
     * The flag combinations a TCP peer may legitimately send (PSH aside); others (SYN+FIN, null,
     * Xmas) are scans or attacks and are refused before they reach connection tracking.
     */
    static boolean validTcpFlags(int flags) {
        int f = flags & ~Tcp.PSH;
        return switch (f) {
            case Tcp.SYN, Tcp.SYN | Tcp.URG, Tcp.SYN | Tcp.ACK, Tcp.RST, Tcp.RST | Tcp.ACK,
                 Tcp.FIN | Tcp.ACK, Tcp.FIN | Tcp.ACK | Tcp.URG, Tcp.ACK, Tcp.ACK | Tcp.URG -> true;
            default -> false;
        };
    }
}
