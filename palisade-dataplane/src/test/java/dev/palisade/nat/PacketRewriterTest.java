package dev.palisade.nat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.packet.Checksum;
import dev.palisade.packet.Icmp;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.packet.Udp;
import dev.palisade.testing.Frames;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In-place address and port rewrites: after every rewrite each checksum must be exactly what a
 * full recomputation gives (not merely verify), so that the gateway's output is byte-identical
 * to a stack that computes checksums from scratch, including the 0x0000/0xffff edge.
 */
class PacketRewriterTest {

    private final PacketParser parser = new PacketParser(true);

    private PacketView parse(byte[] p) {
        PacketView v = new PacketView();
        assertThat(parser.parse(p, 0, p.length, LinkLayer.RAW_IP, v)).isEqualTo(Malformation.NONE);
        return v;
    }

    private static int fullIpChecksum(byte[] p) {
        byte[] c = p.clone();
        Ipv4.fillChecksum(c, 0);
        return Ipv4.checksum(c, 0);
    }

    /** The transport checksum a stack would compute for this packet as it now is. */
    private static int fullTransportChecksum(byte[] p, int protocol, boolean udpChecksumOff) {
        int ihl = Ipv4.headerLength(p, 0);
        byte[] c = Arrays.copyOfRange(p, ihl, Ipv4.totalLength(p, 0));
        return switch (protocol) {
            case Ipv4.PROTOCOL_TCP -> {
                c[Tcp.CHECKSUM_OFFSET] = 0;
                c[Tcp.CHECKSUM_OFFSET + 1] = 0;
                yield Checksum.finish(Checksum.sum(c, 0, c.length, Checksum.pseudoHeaderSum(Ipv4.source(p, 0), Ipv4.destination(p, 0), 6, c.length)));
            }
            case Ipv4.PROTOCOL_UDP -> {
                if (udpChecksumOff) {
                    yield 0;
                }
                c[Udp.CHECKSUM_OFFSET] = 0;
                c[Udp.CHECKSUM_OFFSET + 1] = 0;
                int sum = Checksum.finish(Checksum.sum(c, 0, c.length, Checksum.pseudoHeaderSum(Ipv4.source(p, 0), Ipv4.destination(p, 0), 17, c.length)));
                yield sum == 0 ? 0xffff : sum; // RFC 768: a computed zero is sent as all ones
            }
            case Ipv4.PROTOCOL_ICMP -> {
                c[Icmp.CHECKSUM_OFFSET] = 0;
                c[Icmp.CHECKSUM_OFFSET + 1] = 0;
                yield Checksum.finish(Checksum.sum(c, 0, c.length, 0));
            }
            default -> -1;
        };
    }

    private static int transportChecksumField(byte[] p, int protocol) {
        int l4 = Ipv4.headerLength(p, 0);
        return switch (protocol) {
            case Ipv4.PROTOCOL_TCP -> Tcp.checksum(p, l4);
            case Ipv4.PROTOCOL_UDP -> Udp.checksum(p, l4);
            case Ipv4.PROTOCOL_ICMP -> Icmp.checksum(p, l4);
            default -> -1;
        };
    }

    private static void assertChecksumsAsRecomputed(byte[] p, int protocol, boolean udpChecksumOff, String what) {
        assertThat(Ipv4.checksum(p, 0)).as("IP checksum after %s", what).isEqualTo(fullIpChecksum(p));
        assertThat(transportChecksumField(p, protocol)).as("transport checksum after %s", what)
                .isEqualTo(fullTransportChecksum(p, protocol, udpChecksumOff));
    }

    private static int randomAddress(SplittableRandom r) {
        // Unicast sources the parser accepts (not 0/8, loopback, multicast or broadcast); edges included.
        int[] edges = {0x01000000, 0x7effffff, 0x80000000, 0xdfffffff, 0xc0a80101};
        if (r.nextInt(4) == 0) {
            return edges[r.nextInt(edges.length)];
        }
        while (true) {
            int a = r.nextInt();
            int first = a >>> 24;
            if (first != 0 && first != 127 && first < 224) {
                return a;
            }
        }
    }

    private static int randomPort(SplittableRandom r) {
        int[] edges = {0, 1, 0x00ff, 0xff00, 0x7fff, 0x8000, 0xfffe, 0xffff};
        return r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : r.nextInt(65536);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void everyRewriteLeavesTheChecksumsOfAFullRecomputation(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 4_000; k++) {
            String src = dotted(randomAddress(r));
            String dst = dotted(randomAddress(r));
            int kind = r.nextInt(6);
            // Odd payload lengths put the last byte in the high half of a 16-bit word.
            int payload = r.nextInt(0, 40);
            Frames f = switch (kind) {
                case 0 -> Frames.tcp(src, randomPort(r), dst, randomPort(r)).seq(r.nextInt()).ack(r.nextInt()).flags(Tcp.ACK);
                case 1 -> Frames.udp(src, randomPort(r), dst, randomPort(r));
                case 2 -> Frames.udp(src, randomPort(r), dst, randomPort(r)).zeroUdpChecksum();
                case 3 -> Frames.icmpEcho(src, dst, randomPort(r));
                case 4 -> Frames.icmpEchoReply(src, dst, randomPort(r));
                default -> Frames.ipProtocol(src, dst, 47); // GRE: addresses only
            };
            byte[] p = f.rawIp().payload(randomBytes(r, payload)).build();
            PacketView v = parse(p);
            int protocol = v.protocol();
            boolean udpOff = kind == 2;
            for (int step = 0; step < 3; step++) {
                int address = r.nextInt(5) == 0 ? (r.nextBoolean() ? v.source() : v.destination()) : randomAddress(r);
                int port = protocol == 47 ? 0 : r.nextInt(5) == 0 ? v.sourcePort() : randomPort(r);
                String what = "case " + k + " step " + step;
                if (r.nextBoolean()) {
                    PacketRewriter.rewriteSource(v, address, port);
                    assertThat(Ipv4.source(p, 0)).isEqualTo(address);
                    assertThat(v.source()).isEqualTo(address);
                    assertThat(v.sourcePort()).isEqualTo(port);
                } else {
                    PacketRewriter.rewriteDestination(v, address, port);
                    assertThat(Ipv4.destination(p, 0)).isEqualTo(address);
                    assertThat(v.destinationPort()).isEqualTo(port);
                }
                assertChecksumsAsRecomputed(p, protocol, udpOff, what);
                // And what went out parses as a valid packet with the new fields.
                PacketView again = parse(p);
                if (protocol == 6 || protocol == 17) {
                    assertThat(again.sourcePort()).isEqualTo(v.sourcePort());
                    assertThat(again.destinationPort()).isEqualTo(v.destinationPort());
                }
                if (protocol == 1) {
                    // One identifier: the last rewrite decides it.
                    assertThat(again.sourcePort()).isEqualTo(port);
                    v = again;
                }
            }
        }
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** A port for which a full recomputation of the packet's transport checksum gives {@code target}. */
    private static int portGiving(byte[] p, int protocol, int target) {
        int l4 = Ipv4.headerLength(p, 0);
        for (int port = 0; port < 65536; port++) {
            byte[] c = p.clone();
            c[l4] = (byte) (port >>> 8);
            c[l4 + 1] = (byte) port;
            if (fullTransportChecksum(c, protocol, false) == target) {
                return port;
            }
        }
        throw new AssertionError("no port gives checksum " + Integer.toHexString(target));
    }

    @Test
    void tcpChecksumOfZeroIsKeptAsZero() {
        // One's complement has two zeros; a full computation yields 0x0000, never 0xffff, and so must the update.
        byte[] p = Frames.tcp("192.168.1.10", 40000, "203.0.113.5", 80).rawIp().flags(Tcp.ACK).payload(7).build();
        int port = portGiving(p, 6, 0x0000);
        PacketView v = parse(p);
        PacketRewriter.rewriteSource(v, v.source(), port);
        assertThat(Tcp.checksum(p, 20)).isEqualTo(0x0000);
        assertChecksumsAsRecomputed(p, 6, false, "rewrite to a zero checksum");
        // And from a zero checksum onwards.
        PacketRewriter.rewriteSource(v, 0x0a000001, 1234);
        assertChecksumsAsRecomputed(p, 6, false, "rewrite from a zero checksum");
    }

    @Test
    void udpChecksumThatComputesToZeroIsSentAsAllOnes() {
        byte[] p = Frames.udp("192.168.1.10", 40000, "203.0.113.5", 53).rawIp().payload(9).build();
        int port = portGiving(p, 17, 0xffff);
        PacketView v = parse(p);
        PacketRewriter.rewriteSource(v, v.source(), port);
        assertThat(Udp.checksum(p, 20)).isEqualTo(0xffff);
        assertChecksumsAsRecomputed(p, 17, false, "rewrite to a computed zero");
        PacketRewriter.rewriteDestination(v, 0x0a000001, 4321);
        assertChecksumsAsRecomputed(p, 17, false, "rewrite from 0xffff");
    }

    @Test
    void udpWithoutChecksumStaysWithout() {
        byte[] p = Frames.udp("192.168.1.10", 40000, "203.0.113.5", 53).rawIp().zeroUdpChecksum().payload(5).build();
        PacketView v = parse(p);
        PacketRewriter.rewriteSource(v, 0xc6336402, 61000);
        PacketRewriter.rewriteDestination(v, 0x0a000001, 5353);
        assertThat(Udp.checksum(p, 20)).isZero();
        assertThat(Ipv4.checksum(p, 0)).isEqualTo(fullIpChecksum(p));
        assertThat(parse(p).sourcePort()).isEqualTo(61000);
    }

    @Test
    void icmpQueryIdentifierIsRewrittenAndAddressesLeaveItsChecksumAlone() {
        byte[] p = Frames.icmpEcho("192.168.1.10", "203.0.113.5", 0x1234).rawIp().payload(11).build();
        PacketView v = parse(p);
        int before = Icmp.checksum(p, 20);
        // ICMP has no pseudo-header: an address change does not touch its checksum.
        PacketRewriter.rewriteSource(v, 0xc6336402, 0x1234);
        assertThat(Icmp.checksum(p, 20)).isEqualTo(before);
        PacketRewriter.rewriteSource(v, 0xc6336402, 0xbeef);
        assertThat(Icmp.identifier(p, 20)).isEqualTo(0xbeef);
        assertChecksumsAsRecomputed(p, 1, false, "identifier rewrite");
        PacketView again = parse(p);
        assertThat(again.sourcePort()).isEqualTo(0xbeef);
        assertThat(again.destinationPort()).isEqualTo(0xbeef);
        assertThat(again.source()).isEqualTo(0xc6336402);
    }

    @Test
    void rewritingToTheSameValuesChangesNothing() {
        byte[] p = Frames.tcp("192.168.1.10", 40000, "203.0.113.5", 80).rawIp().flags(Tcp.ACK).payload(20).build();
        byte[] copy = p.clone();
        PacketView v = parse(p);
        PacketRewriter.rewriteSource(v, v.source(), v.sourcePort());
        PacketRewriter.rewriteDestination(v, v.destination(), v.destinationPort());
        assertThat(p).isEqualTo(copy);
    }
}
