package dev.palisade.nat;

import dev.palisade.packet.Bytes;
import dev.palisade.packet.Checksum;
import dev.palisade.packet.Icmp;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.PacketView;

/**
 * Reads and rewrites the datagram quoted inside an ICMP error (destination unreachable, time
 * exceeded, ...), so that errors about translated flows reach the real sender looking like
 * errors about the packet it really sent. Without this, path-MTU discovery and "port
 * unreachable" break for every masqueraded or forwarded connection.
 *
 * <pre>
 *  outer IPv4 | ICMP type code checksum unused | quoted IPv4 header | first 8+ bytes of its payload
 * </pre>
 */
public final class IcmpErrorTranslator {

    /** Offset of the quoted IP header from the start of the ICMP message. */
    public static final int QUOTE_OFFSET = Icmp.HEADER_LENGTH;

    private IcmpErrorTranslator() {
    }

    /** Offset of the quoted IPv4 header, or -1 when the quote is too short or not IPv4. */
    public static int quote(PacketView v) {
        if (v.protocol() != Ipv4.PROTOCOL_ICMP || !Icmp.isError(v.icmpType())) {
            return -1;
        }
        byte[] b = v.buffer();
        int q = v.l4Offset() + QUOTE_OFFSET;
        int end = v.l4Offset() + v.l4Length();
        if (end - q < Ipv4.MIN_HEADER_LENGTH || (b[q] & 0xf0) != 0x40) {
            return -1;
        }
        int ihl = Ipv4.headerLength(b, q);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || end - q < ihl + 8) {
            return -1;
        }
        return q;
    }

    /** Source port of the quoted packet (ICMP query identifier for quoted ICMP queries). */
    public static int quotedSourcePort(byte[] b, int q) {
        int l4 = q + Ipv4.headerLength(b, q);
        return Ipv4.protocol(b, q) == Ipv4.PROTOCOL_ICMP ? Icmp.identifier(b, l4) : Bytes.u16(b, l4);
    }

    public static int quotedDestinationPort(byte[] b, int q) {
        int l4 = q + Ipv4.headerLength(b, q);
        return Ipv4.protocol(b, q) == Ipv4.PROTOCOL_ICMP ? Icmp.identifier(b, l4) : Bytes.u16(b, l4 + 2);
    }

    /**
     * Rewrites the quoted packet to {@code src:sport -> dst:dport} and the outer header to
     * {@code outerSrc -> outerDst}; fixes the quoted header checksum, the quoted TCP/UDP checksum
     * when it lies within the quote, the ICMP checksum and the outer header checksum.
     */
    public static void rewrite(PacketView v, int q, int src, int sport, int dst, int dport, int outerSrc, int outerDst) {
        byte[] b = v.buffer();
        int end = v.l4Offset() + v.l4Length();
        int ihl = Ipv4.headerLength(b, q);
        int l4 = q + ihl;
        int proto = Ipv4.protocol(b, q);
        int oldSrc = Ipv4.source(b, q);
        int oldDst = Ipv4.destination(b, q);
        int oldSport = quotedSourcePort(b, q);
        int oldDport = quotedDestinationPort(b, q);
        // For a quoted ICMP query both "ports" are its identifier, so sport alone decides.
        Bytes.put32(b, q + Ipv4.SOURCE_OFFSET, src);
        Bytes.put32(b, q + Ipv4.DESTINATION_OFFSET, dst);
        Ipv4.fillChecksum(b, q);
        switch (proto) {
            case Ipv4.PROTOCOL_TCP, Ipv4.PROTOCOL_UDP -> {
                Bytes.put16(b, l4, sport);
                Bytes.put16(b, l4 + 2, dport);
                int at = l4 + (proto == Ipv4.PROTOCOL_TCP ? 16 : 6);
                if (at + 2 <= end) {
                    int check = Bytes.u16(b, at);
                    if (proto == Ipv4.PROTOCOL_TCP || check != 0) {
                        check = Checksum.update32(check, oldSrc, src);
                        check = Checksum.update32(check, oldDst, dst);
                        check = Checksum.update16(check, oldSport, sport);
                        check = Checksum.update16(check, oldDport, dport);
                        Bytes.put16(b, at, proto == Ipv4.PROTOCOL_UDP && check == 0 ? 0xffff : check);
                    }
                }
            }
            case Ipv4.PROTOCOL_ICMP -> {
                // Only 8 bytes of the quoted ICMP message are sure to be present: set the
                // identifier and adjust its checksum incrementally.
                int oldId = Icmp.identifier(b, l4);
                int newId = sport;
                Bytes.put16(b, l4 + Icmp.IDENTIFIER_OFFSET, newId);
                Bytes.put16(b, l4 + Icmp.CHECKSUM_OFFSET, Checksum.update16(Icmp.checksum(b, l4), oldId, newId));
            }
            default -> {
            }
        }
        int icmp = v.l4Offset();
        Bytes.put16(b, icmp + Icmp.CHECKSUM_OFFSET, 0);
        Bytes.put16(b, icmp + Icmp.CHECKSUM_OFFSET, Checksum.finish(Checksum.sum(b, icmp, v.l4Length(), 0)));
        if (v.source() != outerSrc) {
            Ipv4.setSource(b, v.l3Offset(), outerSrc);
        }
        if (v.destination() != outerDst) {
            Ipv4.setDestination(b, v.l3Offset(), outerDst);
        }
        v.setSource(outerSrc, v.sourcePort());
        v.setDestination(outerDst, v.destinationPort());
    }
}
