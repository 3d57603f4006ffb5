package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.packet.Tcp;
import dev.palisade.policy.Verdict;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Decision#settled()} tells a live data plane when a flow needs the engine no more: at
 * once for flows that are not inspected, after application-protocol detection for transit TCP.
 */
class SettledDecisionTest {

    private static final String CLIENT = "192.168.1.10";
    private static final String SERVER = "203.0.113.80";

    private static GatewayConfig config() {
        return TestConfigs.router().masquerading(false).rule("accept", "In", "any", null, null, null, null).build();
    }

    @Test
    void aUdpFlowIsSettledByItsFirstAcceptedPacket() {
        EngineHarness h = new EngineHarness(config());
        Decision d = h.lan(Frames.udp(CLIENT, 40000, SERVER, 5000).payload(8).build());
        assertThat(d.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(d.settled()).isTrue();
    }

    @Test
    void aDroppedPacketIsNeverSettled() {
        EngineHarness h = new EngineHarness(config());
        Decision d = h.wan(Frames.udp(SERVER, 5000, CLIENT, 40000).payload(8).build());
        assertThat(d.verdict()).isEqualTo(Verdict.DROP);
        assertThat(d.settled()).isFalse();
    }

    @Test
    void aTcpFlowSettlesWhenItsApplicationProtocolIsDetected() {
        EngineHarness h = new EngineHarness(config());
        Decision syn = h.lan(Frames.tcp(CLIENT, 40001, SERVER, 80).syn().seq(1000).build());
        assertThat(syn.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(syn.settled()).as("SYN: detection has not started").isFalse();
        Decision synAck = h.wan(Frames.tcp(SERVER, 80, CLIENT, 40001).synAck(1001).seq(5000).build());
        assertThat(synAck.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(synAck.settled()).isFalse();
        Decision ack = h.lan(Frames.tcp(CLIENT, 40001, SERVER, 80).flags(Tcp.ACK).seq(1001).ack(5001).build());
        assertThat(ack.settled()).isFalse();
        byte[] request = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Decision get = h.lan(Frames.tcp(CLIENT, 40001, SERVER, 80).flags(Tcp.ACK | Tcp.PSH).seq(1001).ack(5001)
                .payload(request).build());
        assertThat(get.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(get.settled()).as("HTTP detected and not blocked").isTrue();
    }

    @Test
    void aTcpFlowIsSettledAtOnceWhenDetectionIsOff() {
        EngineHarness h = new EngineHarness(config(),
                EngineOptions.defaults().withConnectionCapacity(64).withApplicationProtocolInspection(false));
        Decision syn = h.lan(Frames.tcp(CLIENT, 40002, SERVER, 80).syn().seq(1000).build());
        assertThat(syn.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(syn.settled()).isTrue();
    }

    @Test
    void aTransitTcpFlowNeverSettlesWhileAnIpsInspectsTransit() {
        EngineHarness h = new EngineHarness(config());
        TransitInspector.Result pass = new TransitInspector.Result().pass();
        h.engine.setTransitInspector((buffer, offset, length, time) -> pass);
        h.lan(Frames.tcp(CLIENT, 40003, SERVER, 80).syn().seq(1000).build());
        h.wan(Frames.tcp(SERVER, 80, CLIENT, 40003).synAck(1001).seq(5000).build());
        byte[] request = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Decision get = h.lan(Frames.tcp(CLIENT, 40003, SERVER, 80).flags(Tcp.ACK | Tcp.PSH).seq(1001).ack(5001)
                .payload(request).build());
        assertThat(get.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(get.settled()).as("the IPS must see the rest of the flow").isFalse();
        h.engine.setTransitInspector(null);
        Decision next = h.lan(Frames.tcp(CLIENT, 40003, SERVER, 80).flags(Tcp.ACK | Tcp.PSH).seq(1001 + request.length).ack(5001)
                .payload(request).build());
        assertThat(next.settled()).as("without the IPS the detected flow settles").isTrue();
        Decision udp = h.lan(Frames.udp(CLIENT, 40004, SERVER, 5000).payload(8).build());
        assertThat(udp.settled()).isTrue();
    }
}
