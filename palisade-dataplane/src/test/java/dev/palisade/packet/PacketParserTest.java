package dev.palisade.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser on hand-written frames, one commented line per header field, and one minimal
 * frame for every {@link Malformation}. Checksum fields are written as zero and filled by
 * {@link #seal} (so that a vector is wrong only where it says it is); a vector that tests a bad
 * checksum breaks it after sealing.
 */
class PacketParserTest {

    private final PacketParser parser = new PacketParser(true);

    // ---- vectors --------------------------------------------------------------------------

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final byte[] ETHERNET_IPV4 = bytes(
            0x02, 0x50, 0x4c, 0x00, 0x00, 0x01,   // destination MAC 02:50:4c:00:00:01
            0x02, 0x00, 0x00, 0x00, 0x00, 0xaa,   // source MAC 02:00:00:00:00:aa
            0x08, 0x00);                          // EtherType IPv4

    /** IPv4 header, 20 bytes, protocol and total length given. */
    private static byte[] ipv4(int protocol, int totalLength) {
        return bytes(
                0x45,                             // version 4, IHL 5 (20 bytes)
                0x00,                             // DSCP/ECN
                totalLength >>> 8, totalLength,   // total length
                0x12, 0x34,                       // identification 0x1234
                0x40, 0x00,                       // flags DF, fragment offset 0
                0x40,                             // TTL 64
                protocol,                         // protocol
                0x00, 0x00,                       // header checksum (sealed)
                0xc0, 0xa8, 0x01, 0x0a,           // source 192.168.1.10
                0xcb, 0x00, 0x71, 0x05);          // destination 203.0.113.5
    }

    /** TCP SYN with MSS, NOP and window-scale options: 28 bytes. */
    private static final byte[] TCP_SYN = bytes(
            0x9c, 0x40,                           // source port 40000
            0x00, 0x50,                           // destination port 80
            0x00, 0x00, 0x03, 0xe8,               // sequence 1000
            0x00, 0x00, 0x00, 0x00,               // acknowledgment 0
            0x70,                                 // data offset 7 (28 bytes)
            0x02,                                 // flags SYN
            0xfa, 0xf0,                           // window 64240
            0x00, 0x00,                           // checksum (sealed)
            0x00, 0x00,                           // urgent pointer
            0x02, 0x04, 0x05, 0xb4,               // option MSS 1460
            0x01,                                 // option NOP
            0x03, 0x03, 0x07);                    // option window scale, shift 7

    /** Ethernet + IPv4 + TCP SYN: 62 bytes. */
    private static byte[] tcpSynFrame() {
        return seal(concat(ETHERNET_IPV4, ipv4(6, 48), TCP_SYN), 14);
    }

    /** UDP DNS query header with 4 payload bytes. */
    private static byte[] udp(int checksumField) {
        return bytes(
                0xc3, 0x50,                       // source port 50000
                0x00, 0x35,                       // destination port 53
                0x00, 0x0c,                       // length 12 (8 header + 4 payload)
                checksumField >>> 8, checksumField, // checksum (0 = none)
                0xde, 0xad, 0xbe, 0xef);          // payload
    }

    private static byte[] icmpEcho() {
        return bytes(
                0x08, 0x00,                       // type 8 echo request, code 0
                0x00, 0x00,                       // checksum (sealed)
                0xbe, 0xef,                       // identifier 0xbeef
                0x00, 0x01,                       // sequence 1
                0x61, 0x62, 0x63, 0x64);          // payload "abcd"
    }

    /** Fills the IPv4 header checksum and, for an unfragmented TCP/UDP/ICMP packet, the transport checksum. */
    static byte[] seal(byte[] frame, int ip) {
        int ihl = (frame[ip] & 0x0f) * 4;
        if (frame.length < ip + 20 || ihl < 20 || frame.length < ip + ihl) {
            return frame;
        }
        int total = Math.min(Ipv4.totalLength(frame, ip), frame.length - ip);
        int l4 = ip + ihl;
        int l4Length = total - ihl;
        int protocol = Ipv4.protocol(frame, ip);
        boolean fragment = (Ipv4.flagsAndFragmentOffset(frame, ip) & 0x3fff) != 0;
        if (!fragment && l4Length > 0) {
            int field = switch (protocol) {
                case 6 -> l4Length >= 20 ? Tcp.CHECKSUM_OFFSET : -1;
                case 17 -> l4Length >= 8 && Udp.checksum(frame, l4) != 0 ? Udp.CHECKSUM_OFFSET : -1; // 0 stays "none"
                case 1 -> l4Length >= 4 ? Icmp.CHECKSUM_OFFSET : -1;
                default -> -1;
            };
            if (field >= 0) {
                int covered = protocol == 17 ? Math.min(Udp.length(frame, l4), l4Length) : l4Length;
                Bytes.put16(frame, l4 + field, 0);
                int pseudo = protocol == 1 ? 0 : Checksum.pseudoHeaderSum(Ipv4.source(frame, ip), Ipv4.destination(frame, ip), protocol, covered);
                int c = Checksum.finish(Checksum.sum(frame, l4, covered, pseudo));
                Bytes.put16(frame, l4 + field, protocol == 17 && c == 0 ? 0xffff : c);
            }
        }
        Ipv4.fillChecksum(frame, ip);
        return frame;
    }

    private PacketView parse(byte[] frame, LinkLayer link, Malformation expected) {
        PacketView v = new PacketView();
        assertThat(parser.parse(frame, 0, frame.length, link, v)).isEqualTo(expected);
        return v;
    }

    // ---- well-formed frames ---------------------------------------------------------------

    @Test
    void tcpSynWithOptions() {
        byte[] f = tcpSynFrame();
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.isIpv4()).isTrue();
        assertThat(v.vlanTags()).isZero();
        assertThat(v.l3Offset()).isEqualTo(14);
        assertThat(v.ipHeaderLength()).isEqualTo(20);
        assertThat(v.ipTotalLength()).isEqualTo(48);
        assertThat(v.identification()).isEqualTo(0x1234);
        assertThat(v.ttl()).isEqualTo(64);
        assertThat(v.protocol()).isEqualTo(6);
        assertThat(v.source()).isEqualTo(0xc0a8010a);
        assertThat(v.destination()).isEqualTo(0xcb007105);
        // DF alone does not make a fragment.
        assertThat(v.isFragment()).isFalse();
        assertThat(v.l4Offset()).isEqualTo(34);
        assertThat(v.sourcePort()).isEqualTo(40000);
        assertThat(v.destinationPort()).isEqualTo(80);
        assertThat(v.tcpSequence()).isEqualTo(1000);
        assertThat(v.tcpAcknowledgment()).isZero();
        assertThat(v.tcpHeaderLength()).isEqualTo(28);
        assertThat(v.tcpFlags()).isEqualTo(Tcp.SYN);
        assertThat(v.isTcpSynOnly()).isTrue();
        assertThat(v.tcpWindow()).isEqualTo(64240);
        assertThat(v.tcpPayloadLength()).isZero();
        assertThat(Tcp.windowScale(f, v.l4Offset(), v.tcpHeaderLength())).isEqualTo(7);
        assertThat(v.ipEnd()).isEqualTo(62);
    }

    @Test
    void unsignedFieldsStayUnsigned() {
        byte[] f = tcpSynFrame();
        // sequence 0xfffffff0, acknowledgment 0x80000000, window 0xffff, TTL 255
        Bytes.put32(f, 34 + 4, 0xfffffff0);
        Bytes.put32(f, 34 + 8, 0x80000000);
        f[34 + 13] = Tcp.ACK;
        Bytes.put16(f, 34 + 14, 0xffff);
        f[14 + 8] = (byte) 0xff;
        PacketView v = parse(seal(f, 14), LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.tcpSequence()).isEqualTo(0xfffffff0);
        assertThat(v.tcpAcknowledgment()).isEqualTo(0x80000000);
        assertThat(v.tcpWindow()).isEqualTo(65535);
        assertThat(v.ttl()).isEqualTo(255);
        assertThat(v.sourcePort()).isEqualTo(40000);
    }

    @Test
    void singleVlanTag() {
        byte[] f = seal(concat(
                bytes(0x02, 0x50, 0x4c, 0x00, 0x00, 0x01,  // destination MAC
                      0x02, 0x00, 0x00, 0x00, 0x00, 0xaa,  // source MAC
                      0x81, 0x00,                          // TPID 802.1Q
                      0x20, 0x64,                          // TCI: priority 1, VLAN 100
                      0x08, 0x00),                         // inner EtherType IPv4
                ipv4(6, 48), TCP_SYN), 18);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.vlanTags()).isEqualTo(1);
        assertThat(v.l3Offset()).isEqualTo(18);
        assertThat(v.destinationPort()).isEqualTo(80);
    }

    @Test
    void qinqTags() {
        byte[] f = seal(concat(
                bytes(0x02, 0x50, 0x4c, 0x00, 0x00, 0x01,  // destination MAC
                      0x02, 0x00, 0x00, 0x00, 0x00, 0xaa,  // source MAC
                      0x88, 0xa8,                          // TPID 802.1ad (service tag)
                      0x00, 0x0a,                          // S-VLAN 10
                      0x81, 0x00,                          // TPID 802.1Q (customer tag)
                      0x00, 0x64,                          // C-VLAN 100
                      0x08, 0x00),                         // inner EtherType IPv4
                ipv4(6, 48), TCP_SYN), 22);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.vlanTags()).isEqualTo(2);
        assertThat(v.l3Offset()).isEqualTo(22);
        assertThat(v.sourcePort()).isEqualTo(40000);
    }

    @Test
    void arpRequest() {
        byte[] f = concat(
                bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // destination MAC broadcast
                      0x02, 0x00, 0x00, 0x00, 0x00, 0xaa,  // source MAC
                      0x08, 0x06),                         // EtherType ARP
                bytes(0x00, 0x01,                          // hardware type Ethernet
                      0x08, 0x00,                          // protocol type IPv4
                      0x06,                                // hardware length 6
                      0x04,                                // protocol length 4
                      0x00, 0x01,                          // operation request
                      0x02, 0x00, 0x00, 0x00, 0x00, 0xaa,  // sender MAC
                      0xc0, 0xa8, 0x01, 0x0a,              // sender IP 192.168.1.10
                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // target MAC unknown
                      0xc0, 0xa8, 0x01, 0x01));            // target IP 192.168.1.1
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.isArp()).isTrue();
        assertThat(v.isIpv4()).isFalse();
        assertThat(Arp.isEthernetIpv4(f, v.l3Offset())).isTrue();
        assertThat(Arp.senderIp(f, v.l3Offset())).isEqualTo(0xc0a8010a);
        assertThat(Arp.targetIp(f, v.l3Offset())).isEqualTo(0xc0a80101);
    }

    @Test
    void ipv4WithOptions() {
        byte[] ip = bytes(
                0x46,                             // version 4, IHL 6 (24 bytes)
                0x00,                             // DSCP/ECN
                0x00, 0x28,                       // total length 40 (24 header + 16 payload)
                0x00, 0x01,                       // identification
                0x00, 0x00,                       // no flags, offset 0
                0x01,                             // TTL 1
                0x11,                             // protocol UDP
                0x00, 0x00,                       // header checksum (sealed)
                0xc0, 0xa8, 0x01, 0x0a,           // source 192.168.1.10
                0xe0, 0x00, 0x00, 0x16,           // destination 224.0.0.22 (IGMP-style, multicast is fine as destination)
                0x94, 0x04, 0x00, 0x00);          // option router alert (type 148, length 4, value 0)
        byte[] f = seal(concat(ETHERNET_IPV4, ip, udp(0x1111), bytes(0, 0, 0, 0)), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.ipHeaderLength()).isEqualTo(24);
        assertThat(v.l4Offset()).isEqualTo(38);
        assertThat(v.ttl()).isEqualTo(1);
        assertThat(v.destinationPort()).isEqualTo(53);
        // The UDP length (12) bounds the datagram, not the IP payload (16): trailing bytes are ignored.
        assertThat(v.l4Length()).isEqualTo(12);
    }

    @Test
    void ipOptionListEndsAtEndOfOptions() {
        byte[] ip = bytes(
                0x47, 0x00, 0x00, 0x28,           // IHL 7 (28 bytes), total 40
                0x00, 0x01, 0x00, 0x00,           // id, no fragment
                0x40, 0x11, 0x00, 0x00,           // TTL, UDP, checksum (sealed)
                0xc0, 0xa8, 0x01, 0x0a,           // source
                0xcb, 0x00, 0x71, 0x05,           // destination
                0x01,                             // NOP
                0x00,                             // end of option list: what follows is padding
                0x83, 0xff, 0xff, 0xff, 0xff, 0xff); // padding that would read as LSRR if scanned
        byte[] f = seal(concat(ETHERNET_IPV4, ip, udp(0x1111)), 14);
        assertThat(parse(f, LinkLayer.ETHERNET, Malformation.NONE).l4Offset()).isEqualTo(42);
    }

    @Test
    void udpWithZeroChecksumIsAccepted() {
        // A zero UDP checksum means "not computed" (RFC 768); it must not be verified.
        byte[] f = seal(concat(ETHERNET_IPV4, ipv4(17, 32), udp(0)), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(Udp.checksum(f, v.l4Offset())).isZero();
        assertThat(v.sourcePort()).isEqualTo(50000);
        assertThat(v.destinationPort()).isEqualTo(53);
    }

    @Test
    void udpWithChecksum() {
        byte[] f = seal(concat(ETHERNET_IPV4, ipv4(17, 32), udp(0x1111)), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(Udp.checksum(f, v.l4Offset())).isNotZero();
        assertThat(v.l4Length()).isEqualTo(12);
    }

    @Test
    void icmpEchoUsesTheIdentifierAsBothPorts() {
        byte[] f = seal(concat(ETHERNET_IPV4, ipv4(1, 32), icmpEcho()), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.icmpType()).isEqualTo(Icmp.ECHO_REQUEST);
        assertThat(v.icmpCode()).isZero();
        assertThat(v.sourcePort()).isEqualTo(0xbeef);
        assertThat(v.destinationPort()).isEqualTo(0xbeef);
    }

    @Test
    void icmpErrorCarriesNoPorts() {
        byte[] icmp = concat(
                bytes(0x03, 0x03,                 // type 3 destination unreachable, code 3 port unreachable
                      0x00, 0x00,                 // checksum (sealed)
                      0x00, 0x00, 0x00, 0x00),    // unused
                ipv4(17, 32),                     // the offending datagram's IP header (its checksum left zero)
                bytes(0xc3, 0x50, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00)); // and its first 8 bytes: the UDP header
        byte[] ip = ipv4(1, 20 + icmp.length);
        // The error comes back from the server.
        System.arraycopy(bytes(0xcb, 0x00, 0x71, 0x05, 0xc0, 0xa8, 0x01, 0x0a), 0, ip, 12, 8);
        byte[] f = seal(concat(ETHERNET_IPV4, ip, icmp), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.icmpType()).isEqualTo(Icmp.DESTINATION_UNREACHABLE);
        assertThat(v.icmpCode()).isEqualTo(3);
        assertThat(v.sourcePort()).isZero();
        assertThat(v.destinationPort()).isZero();
        assertThat(Icmp.isError(v.icmpType())).isTrue();
    }

    @Test
    void ethernetPaddingIsNotPartOfTheDatagram() {
        // A 40-byte UDP datagram... padded to the 60-byte Ethernet minimum with junk.
        byte[] f = concat(seal(concat(ETHERNET_IPV4, ipv4(17, 32), udp(0x1111)), 14), bytes(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0, 0, 0, 0, 0, 0, 0));
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.ipTotalLength()).isEqualTo(32);
        assertThat(v.ipEnd()).isEqualTo(46);
    }

    @Test
    void firstFragmentIsNotParsedBeyondIp() {
        byte[] ip = ipv4(6, 28);
        ip[6] = 0x20;                             // flags MF, offset 0
        byte[] f = seal(concat(ETHERNET_IPV4, ip, bytes(0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 0)), 14);
        PacketView v = parse(f, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(v.isFragment()).isTrue();
        assertThat(v.moreFragments()).isTrue();
        assertThat(v.fragmentOffsetBytes()).isZero();
        // Ports are left for after reassembly: a fragment never feeds a port to policy.
        assertThat(v.sourcePort()).isZero();
    }

    @Test
    void rawIpAndIpv6() {
        byte[] raw = seal(concat(ipv4(1, 32), icmpEcho()), 0);
        PacketView v = parse(raw, LinkLayer.RAW_IP, Malformation.NONE);
        assertThat(v.isIpv4()).isTrue();
        assertThat(v.l3Offset()).isZero();
        // IPv6 is not malformed; it is simply not IPv4 (and meets preset-block).
        PacketView six = parse(bytes(0x60, 0, 0, 0, 0, 0, 59, 64), LinkLayer.RAW_IP, Malformation.NONE);
        assertThat(six.isIpv4()).isFalse();
        assertThat(six.etherType()).isEqualTo(Ethernet.TYPE_IPV6);
        byte[] eth6 = concat(bytes(0x33, 0x33, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 0xaa, 0x86, 0xdd), new byte[40]);
        PacketView e6 = parse(eth6, LinkLayer.ETHERNET, Malformation.NONE);
        assertThat(e6.isIpv4()).isFalse();
        assertThat(e6.etherType()).isEqualTo(Ethernet.TYPE_IPV6);
    }

    @Test
    void frameInsideALargerBuffer() {
        // The parser honours offset and length: bytes around the frame are never read.
        byte[] f = tcpSynFrame();
        byte[] big = new byte[f.length + 100];
        System.arraycopy(f, 0, big, 37, f.length);
        PacketView v = new PacketView();
        assertThat(parser.parse(big, 37, f.length, LinkLayer.ETHERNET, v)).isEqualTo(Malformation.NONE);
        assertThat(v.l3Offset()).isEqualTo(51);
        assertThat(parser.parse(big, 37, f.length - 1, LinkLayer.ETHERNET, v)).isEqualTo(Malformation.TRUNCATED_IPV4);
    }

    static Stream<Arguments> windowScaleOptions() {
        return Stream.of(
                Arguments.of(bytes(0x03, 0x03, 0x07, 0x00), 7),            // WS 7, end of list
                Arguments.of(bytes(0x03, 0x03, 0xff, 0x00), 14),           // RFC 7323: shifts above 14 are used as 14
                Arguments.of(bytes(0x01, 0x01, 0x01, 0x03, 0x03, 0x00, 0x00, 0x00), 0), // NOPs, then WS 0
                Arguments.of(bytes(0x00, 0x03, 0x03, 0x07), -1),           // end of list before WS: padding, not an option
                Arguments.of(bytes(0x03, 0x02, 0x03, 0x03, 0x05, 0x00, 0x00, 0x00), 5), // WS with wrong length skipped, the next one read
                Arguments.of(bytes(0x02, 0x00, 0x03, 0x03), -1),           // length 0 would loop forever: scan stops
                Arguments.of(bytes(0x02, 0x08, 0x03, 0x03), -1),           // length past the header: scan stops
                Arguments.of(bytes(0x01, 0x01, 0x01, 0x03), -1));          // kind in the last byte, no length
    }

    @ParameterizedTest(name = "options {0} -> shift {1}")
    @MethodSource("windowScaleOptions")
    void windowScaleOption(byte[] options, int expected) {
        byte[] tcp = concat(java.util.Arrays.copyOf(TCP_SYN, 20), options);
        tcp[12] = (byte) ((tcp.length / 4) << 4);
        assertThat(Tcp.windowScale(tcp, 0, tcp.length)).isEqualTo(expected);
    }

    // ---- malformations --------------------------------------------------------------------

    /** A TCP SYN frame with {@code change} applied after sealing: for broken checksums. */
    private static byte[] broken(UnaryOperator<byte[]> change) {
        return change.apply(tcpSynFrame());
    }

    /** A TCP SYN frame with {@code change} applied to it, then resealed. */
    private static byte[] resealed(UnaryOperator<byte[]> change) {
        return seal(change.apply(tcpSynFrame()), 14);
    }

    private static byte[] set(byte[] f, int at, int... values) {
        for (int i = 0; i < values.length; i++) {
            f[at + i] = (byte) values[i];
        }
        return f;
    }

    private static byte[] truncate(byte[] f, int length) {
        return java.util.Arrays.copyOf(f, length);
    }

    /** An Ethernet/IPv4 frame with the given transport bytes and total length = 20 + l4 length. */
    private static byte[] withTransport(int protocol, byte[] l4) {
        return seal(concat(ETHERNET_IPV4, ipv4(protocol, 20 + l4.length), l4), 14);
    }

    static Stream<Arguments> malformed() {
        int ip = 14;
        int tcp = 34;
        List<Arguments> cases = List.of(
                Arguments.of("13-byte frame", truncate(tcpSynFrame(), 13), LinkLayer.ETHERNET, Malformation.TRUNCATED_ETHERNET),
                Arguments.of("VLAN tag cut short", bytes(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x81, 0x00, 0x00, 0x64, 0x08),
                        LinkLayer.ETHERNET, Malformation.TRUNCATED_ETHERNET),
                Arguments.of("three VLAN tags", concat(bytes(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2,
                        0x88, 0xa8, 0, 1, 0x81, 0x00, 0, 2, 0x81, 0x00, 0, 3, 0x08, 0x00), new byte[40]),
                        LinkLayer.ETHERNET, Malformation.TRUNCATED_ETHERNET),
                Arguments.of("ARP of 27 bytes", concat(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 2, 0x08, 0x06), new byte[27]),
                        LinkLayer.ETHERNET, Malformation.TRUNCATED_ARP),
                Arguments.of("19 bytes of IPv4", truncate(tcpSynFrame(), ip + 19), LinkLayer.ETHERNET, Malformation.TRUNCATED_IPV4),
                Arguments.of("empty raw IP", new byte[0], LinkLayer.RAW_IP, Malformation.TRUNCATED_IPV4),
                Arguments.of("IHL beyond the frame", resealed(f -> truncate(set(f, ip, 0x4f), ip + 40)),
                        LinkLayer.ETHERNET, Malformation.TRUNCATED_IPV4),
                Arguments.of("total length beyond the frame", resealed(f -> set(f, ip + 2, 0x00, 0x31)),
                        LinkLayer.ETHERNET, Malformation.TRUNCATED_IPV4),
                Arguments.of("version 6 in an IPv4 EtherType", resealed(f -> set(f, ip, 0x65)), LinkLayer.ETHERNET, Malformation.BAD_IP_VERSION),
                Arguments.of("raw IP version 5", bytes(0x55, 0, 0, 20), LinkLayer.RAW_IP, Malformation.BAD_IP_VERSION),
                Arguments.of("IHL 4", resealed(f -> set(f, ip, 0x44)), LinkLayer.ETHERNET, Malformation.BAD_IP_HEADER_LENGTH),
                Arguments.of("total length 19", resealed(f -> set(f, ip + 2, 0x00, 0x13)), LinkLayer.ETHERNET, Malformation.BAD_IP_TOTAL_LENGTH),
                Arguments.of("IP checksum off by one", broken(f -> set(f, ip + 11, f[ip + 11] + 1)),
                        LinkLayer.ETHERNET, Malformation.BAD_IP_CHECKSUM),
                Arguments.of("IP option length 1", seal(concat(ETHERNET_IPV4, ipOptions(0x07, 0x01, 0x00, 0x00)), ip),
                        LinkLayer.ETHERNET, Malformation.BAD_IP_OPTIONS),
                Arguments.of("IP option past the header", seal(concat(ETHERNET_IPV4, ipOptions(0x01, 0x01, 0x07, 0x08)), ip),
                        LinkLayer.ETHERNET, Malformation.BAD_IP_OPTIONS),
                Arguments.of("IP option kind without length", seal(concat(ETHERNET_IPV4, ipOptions(0x01, 0x01, 0x01, 0x07)), ip),
                        LinkLayer.ETHERNET, Malformation.BAD_IP_OPTIONS),
                Arguments.of("loose source route", seal(concat(ETHERNET_IPV4, ipOptions(0x83, 0x03, 0x04, 0x00)), ip),
                        LinkLayer.ETHERNET, Malformation.SOURCE_ROUTED),
                Arguments.of("strict source route", seal(concat(ETHERNET_IPV4, ipOptions(0x01, 0x89, 0x02, 0x00)), ip),
                        LinkLayer.ETHERNET, Malformation.SOURCE_ROUTED),
                Arguments.of("multicast source", resealed(f -> set(f, ip + 12, 0xe0, 0, 0, 1)), LinkLayer.ETHERNET, Malformation.BAD_SOURCE_ADDRESS),
                Arguments.of("broadcast source", resealed(f -> set(f, ip + 12, 0xff, 0xff, 0xff, 0xff)), LinkLayer.ETHERNET, Malformation.BAD_SOURCE_ADDRESS),
                Arguments.of("loopback source", resealed(f -> set(f, ip + 12, 0x7f, 0, 0, 1)), LinkLayer.ETHERNET, Malformation.BAD_SOURCE_ADDRESS),
                Arguments.of("reserved fragment flag", resealed(f -> set(f, ip + 6, 0x80, 0x00)), LinkLayer.ETHERNET, Malformation.BAD_FRAGMENT),
                Arguments.of("MF fragment of 28 bytes (not a multiple of 8)", resealed(f -> set(f, ip + 6, 0x20, 0x00)),
                        LinkLayer.ETHERNET, Malformation.BAD_FRAGMENT),
                Arguments.of("MF fragment with no payload", seal(concat(ETHERNET_IPV4, setIp(ipv4(6, 20), 6, 0x20, 0x01)), ip),
                        LinkLayer.ETHERNET, Malformation.BAD_FRAGMENT),
                Arguments.of("fragment ending past 65535", seal(concat(ETHERNET_IPV4, setIp(ipv4(17, 36), 6, 0x1f, 0xff), new byte[16]), ip),
                        LinkLayer.ETHERNET, Malformation.BAD_FRAGMENT),
                Arguments.of("TCP of 19 bytes", withTransport(6, new byte[19]), LinkLayer.ETHERNET, Malformation.TRUNCATED_TCP),
                Arguments.of("TCP data offset 4", resealed(f -> set(f, tcp + 12, 0x40)), LinkLayer.ETHERNET, Malformation.BAD_TCP_HEADER_LENGTH),
                Arguments.of("TCP data offset past the segment", resealed(f -> set(f, tcp + 12, 0x80)), LinkLayer.ETHERNET, Malformation.BAD_TCP_HEADER_LENGTH),
                Arguments.of("TCP SYN+FIN", resealed(f -> set(f, tcp + 13, Tcp.SYN | Tcp.FIN)), LinkLayer.ETHERNET, Malformation.BAD_TCP_FLAGS),
                Arguments.of("TCP null scan", resealed(f -> set(f, tcp + 13, 0)), LinkLayer.ETHERNET, Malformation.BAD_TCP_FLAGS),
                Arguments.of("TCP Xmas scan", resealed(f -> set(f, tcp + 13, Tcp.FIN | Tcp.PSH | Tcp.URG)), LinkLayer.ETHERNET, Malformation.BAD_TCP_FLAGS),
                Arguments.of("TCP FIN without ACK", resealed(f -> set(f, tcp + 13, Tcp.FIN)), LinkLayer.ETHERNET, Malformation.BAD_TCP_FLAGS),
                Arguments.of("TCP checksum off by one", broken(f -> set(f, tcp + 17, f[tcp + 17] + 1)),
                        LinkLayer.ETHERNET, Malformation.BAD_L4_CHECKSUM),
                Arguments.of("UDP of 7 bytes", withTransport(17, new byte[7]), LinkLayer.ETHERNET, Malformation.TRUNCATED_UDP),
                Arguments.of("UDP length 7", withTransport(17, set(udp(0), 4, 0, 7)), LinkLayer.ETHERNET, Malformation.BAD_UDP_LENGTH),
                Arguments.of("UDP length past the datagram", withTransport(17, set(udp(0), 4, 0, 13)), LinkLayer.ETHERNET, Malformation.BAD_UDP_LENGTH),
                Arguments.of("UDP checksum off by one", breakUdp(withTransport(17, udp(0x1111))), LinkLayer.ETHERNET, Malformation.BAD_L4_CHECKSUM),
                Arguments.of("ICMP of 7 bytes", withTransport(1, new byte[7]), LinkLayer.ETHERNET, Malformation.TRUNCATED_ICMP),
                Arguments.of("ICMP checksum off by one", breakIcmp(withTransport(1, icmpEcho())), LinkLayer.ETHERNET, Malformation.BAD_L4_CHECKSUM));
        return cases.stream();
    }

    /** IPv4 header of 24 bytes with the given 4 option bytes, no payload. */
    private static byte[] ipOptions(int... options) {
        byte[] h = concat(ipv4(6, 24), bytes(options));
        h[0] = 0x46;
        return h;
    }

    private static byte[] setIp(byte[] h, int at, int... values) {
        return set(h, at, values);
    }

    private static byte[] breakUdp(byte[] f) {
        return set(f, 34 + 7, f[34 + 7] ^ 1);
    }

    private static byte[] breakIcmp(byte[] f) {
        return set(f, 34 + 3, f[34 + 3] ^ 1);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("malformed")
    void malformedFramesYieldTheirReason(String name, byte[] frame, LinkLayer link, Malformation expected) {
        parse(frame, link, expected);
    }

    @Test
    void everyMalformationIsReachable() {
        Set<Malformation> covered = malformed().map(a -> (Malformation) a.get()[3]).collect(Collectors.toCollection(() -> EnumSet.noneOf(Malformation.class)));
        covered.add(Malformation.NONE);
        // Found by the engine, not the parser: a destination that depends on the configuration.
        covered.add(Malformation.BAD_DESTINATION_ADDRESS);
        assertThat(covered).containsExactlyInAnyOrder(Malformation.values());
    }

    @Test
    void checksumsAreNotVerifiedWhenOffloadIsExpected() {
        // Captures taken on the sending host carry partial checksums; the IP header checksum is still checked.
        PacketParser lenient = new PacketParser(false);
        byte[] f = tcpSynFrame();
        set(f, 34 + 17, f[34 + 17] + 1);
        assertThat(lenient.parse(f, 0, f.length, LinkLayer.ETHERNET, new PacketView())).isEqualTo(Malformation.NONE);
        set(f, 14 + 11, f[14 + 11] + 1);
        assertThat(lenient.parse(f, 0, f.length, LinkLayer.ETHERNET, new PacketView())).isEqualTo(Malformation.BAD_IP_CHECKSUM);
    }

    @Test
    void everyPrefixOfAValidFrameParsesWithoutThrowing() {
        // Truncation at every byte: each prefix yields a reason, never an exception.
        for (byte[] f : List.of(tcpSynFrame(), seal(concat(ETHERNET_IPV4, ipv4(17, 32), udp(0x1111)), 14),
                seal(concat(ETHERNET_IPV4, ipv4(1, 32), icmpEcho()), 14))) {
            for (int n = 0; n < f.length; n++) {
                assertThat(parser.parse(f, 0, n, LinkLayer.ETHERNET, new PacketView())).as("prefix %d", n).isNotEqualTo(Malformation.NONE);
            }
        }
    }
}
