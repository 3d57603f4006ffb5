package dev.palisade.live.gateway;

import static dev.palisade.live.gateway.GatewayTopology.GATEWAY_LAN;
import static dev.palisade.live.gateway.GatewayTopology.GATEWAY_WAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.WAN_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.ConfigDocument;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A unidirectional gateway (diode) through the whole {@link LiveGateway} (ruleset, bound queues,
 * routes) in namespace {@code plqdgw} ({@link GatewayTopology} with prefix {@code plqd}): nothing
 * from the WAN reaches the LAN, nothing crosses from the LAN to the WAN either (transit is off in
 * a diode; data leaves through the gateway's own applications), and only the endpoints the
 * procedure for unidirectional gateways admits answer: ICMP on the side a packet arrived on, the
 * telemetry listener (TCP 1883) on the LAN address from the LAN, and replies on the gateway's own
 * connections to the WAN. Servers: LAN host 7100, WAN host 7000, and in the gateway namespace
 * 1883 on both of its addresses. The host is checked to be as before after the gateway stops.
 */
class LiveGatewayDiodeEndToEndTest {

    private static GatewayTopology net;
    private static String pristine;
    private LiveGateway gateway;

    @BeforeAll
    static void topology() throws IOException {
        net = GatewayTopology.prepared("plqd", n -> {
            n.serve(n.lanNs, LAN_HOST, 7100);
            n.serve(n.wanNs, WAN_HOST, 7000);
            n.serve(n.gatewayNs, GATEWAY_LAN, 1883);
            n.serve(n.gatewayNs, GATEWAY_WAN, 1883);
        });
        pristine = net.kernelState();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopLeavesTheHostAsItWas() {
        if (gateway != null) {
            gateway.stop();
            gateway = null;
        }
        assertThat(net.kernelState()).as("nft ruleset, iptables and routes after stop").isEqualTo(pristine);
    }

    @Test
    void nothingFromTheWanReachesTheLanAndOnlyTheGatewaysOwnEndpointsAnswer() throws Exception {
        assertThat(net.ping(net.wanNs, LAN_HOST)).as("before the gateway starts the namespaces route").isTrue();
        gateway = LiveGateway.start(LiveGatewayEndToEndTest.config("diode"), net.lanIf, net.wanIf,
                LiveOptions.defaults().withQueues(2).inNamespace(net.gatewayNs));

        try (var s = net.connect(net.wanNs, LAN_HOST, 7100)) {
            assertThat(s.opened()).as("WAN host to the LAN host").startsWith("failed");
        }
        try (var s = net.connect(net.wanNs, GATEWAY_LAN, 1883)) {
            assertThat(s.opened()).as("WAN host to the gateway's LAN address").startsWith("failed");
        }
        try (var s = net.connect(net.wanNs, GATEWAY_WAN, 1883)) {
            assertThat(s.opened()).as("WAN host to a service on the gateway's WAN address").startsWith("failed");
        }
        assertThat(net.ping(net.wanNs, LAN_HOST)).as("ICMP from the WAN to the LAN").isFalse();
        assertThat(net.ping(net.wanNs, GATEWAY_LAN)).as("ICMP from the WAN to the LAN side").isFalse();
        assertThat(net.ping(net.lanNs, WAN_HOST)).as("ICMP from the LAN to the WAN").isFalse();
        try (var s = net.connect(net.lanNs, WAN_HOST, 7000)) {
            assertThat(s.opened()).as("no transit from the LAN to the WAN either").startsWith("failed");
        }
        try (var s = net.connect(net.lanNs, GATEWAY_WAN, 1883)) {
            assertThat(s.opened()).as("the WAN side is not reachable from the LAN").startsWith("failed");
        }

        assertThat(net.ping(net.wanNs, GATEWAY_WAN)).as("the gateway's WAN endpoint answers ICMP").isTrue();
        assertThat(net.ping(net.lanNs, GATEWAY_LAN)).as("the gateway's LAN endpoint answers ICMP").isTrue();
        try (var s = net.connect(net.lanNs, GATEWAY_LAN, 1883)) {
            assertThat(s.opened()).as("telemetry listener on the LAN address").isEqualTo("connected");
            assertThat(s.exchange("WHO")).isEqualTo("ok peer " + LAN_HOST);
        }
        try (var s = net.connect(net.gatewayNs, WAN_HOST, 7000)) {
            assertThat(s.opened()).as("the gateway's own connection to the WAN (how telemetry leaves)").isEqualTo("connected");
            assertThat(s.exchange("WHO")).isEqualTo("ok peer " + GATEWAY_WAN);
        }

        LiveCounters c = gateway.counters();
        assertThat(c.kernelPackets("no-transit")).isPositive();
        assertThat(c.kernelPackets("preset-service-allow:telemetry")).isPositive();
        assertThat(c.kernelPackets("preset-block")).as("the WAN's packets to the gateway").isPositive();
        assertThat(c.queues().packets()).as("nothing transits a diode, so nothing is queued").isZero();
        assertThat(gateway.queueFailures()).isEmpty();
    }

    @Test
    void emergencyModeAndAReloadKeepTheDiodeClosed() throws Exception {
        ConfigDocument doc = ConfigDocument.parse(LiveGatewayEndToEndTest.document("diode"));
        gateway = LiveGateway.start(doc.config(), net.lanIf, net.wanIf,
                LiveOptions.defaults().withQueues(1).inNamespace(net.gatewayNs).withEmergency(true));
        try (var s = net.connect(net.wanNs, LAN_HOST, 7100)) {
            assertThat(s.opened()).startsWith("failed");
        }
        gateway.setEmergency(false);
        gateway.apply(doc.config());
        try (var s = net.connect(net.wanNs, LAN_HOST, 7100)) {
            assertThat(s.opened()).as("after a reload").startsWith("failed");
        }
        try (var s = net.connect(net.lanNs, GATEWAY_LAN, 1883)) {
            assertThat(s.opened()).isEqualTo("connected");
        }
    }
}
