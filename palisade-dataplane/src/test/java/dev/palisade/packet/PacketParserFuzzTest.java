package dev.palisade.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the packet parser alone: any bytes, either link layer, never an exception, and
 * whenever a frame is accepted every offset and length the view reports lies inside the frame,
 * so later stages can trust them without checking again.
 */
class PacketParserFuzzTest {

    private final PacketParser parser = new PacketParser(true);
    private final PacketView view = new PacketView();

    @FuzzTest(maxDuration = "30s")
    void anyBytes(byte[] input) {
        for (LinkLayer link : LinkLayer.values()) {
            Malformation m = parser.parse(input, 0, input.length, link, view);
            assertThat(m).isNotNull();
            if (m != Malformation.NONE || !view.isIpv4()) {
                continue;
            }
            int end = input.length;
            assertThat(view.l3Offset()).isBetween(0, end);
            assertThat(view.ipHeaderLength()).isBetween(Ipv4.MIN_HEADER_LENGTH, 60);
            assertThat(view.ipEnd()).isLessThanOrEqualTo(end);
            assertThat(view.l4Offset()).isEqualTo(view.l3Offset() + view.ipHeaderLength());
            assertThat(view.l4Offset() + view.l4Length()).isLessThanOrEqualTo(view.ipEnd());
            if (!view.isFragment() && view.protocol() == Ipv4.PROTOCOL_TCP) {
                assertThat(view.tcpHeaderLength()).isBetween(Tcp.MIN_HEADER_LENGTH, view.l4Length());
                assertThat(PacketParser.validTcpFlags(view.tcpFlags())).isTrue();
            }
            if (!view.isFragment() && view.protocol() == Ipv4.PROTOCOL_UDP) {
                assertThat(view.l4Length()).isGreaterThanOrEqualTo(Udp.HEADER_LENGTH);
            }
        }
    }
}
