package dev.palisade.live.gateway;

import static dev.palisade.live.gateway.GatewayTopology.GATEWAY;
import static dev.palisade.live.gateway.GatewayTopology.GATEWAY_WAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN;
import static dev.palisade.live.gateway.GatewayTopology.LAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.LAN_IF;
import static dev.palisade.live.gateway.GatewayTopology.WAN;
import static dev.palisade.live.gateway.GatewayTopology.WAN_HOST;
import static dev.palisade.live.gateway.GatewayTopology.WAN_IF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.AppProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole live gateway (ruleset, queues with the engine, routes) started on veths in a gateway
 * namespace ({@link GatewayTopology}) and exercised with real TCP from the LAN and WAN hosts,
 * masquerading on and HTTP blocked, so every transit TCP flow goes through the inspector until it
 * is classified. After each test the gateway is stopped and the gateway namespace's
 * {@code nft list ruleset}, {@code iptables-nft-save} and routes must be what they were before.
 * Servers: WAN host 7000 (allowed) and 7001 (custom deny), LAN host 7100 (port forward 8080).
 */
class LiveGatewayEndToEndTest {

    private static GatewayTopology net;
    private static String pristine;
    private LiveGateway gateway;

    @BeforeAll
    static void topology() throws IOException {
        net = GatewayTopology.prepared(n -> {
            n.serve(WAN, WAN_HOST, 7000);
            n.serve(WAN, WAN_HOST, 7001);
            n.serve(LAN, LAN_HOST, 7100);
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

    static GatewayConfig config(String name) throws IOException, ConfigException {
        return ConfigDocument.parse(document(name)).config();
    }

    static String document(String name) throws IOException {
        try (var in = LiveGatewayEndToEndTest.class.getResourceAsStream("/gateway/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static LiveOptions options() {
        return LiveOptions.defaults().withQueues(2).inNamespace(GATEWAY);
    }

    @Test
    void masqueradingAndPortForwardingWorkThroughTheWholeGatewayWhileFlowsAreInspected() throws Exception {
        gateway = LiveGateway.start(config("router-http-blocked"), LAN_IF, WAN_IF, options());
        try (var out = net.connect(LAN, WAN_HOST, 7000)) {
            assertThat(out.opened()).isEqualTo("connected");
            String r = out.exchange("WHO");
            assertThat(r).as("the WAN host sees the gateway's WAN address").isEqualTo("ok peer " + GATEWAY_WAN);
        }
        try (var in = net.connect(WAN, GATEWAY_WAN, 8080)) {
            assertThat(in.opened()).isEqualTo("connected");
            assertThat(in.exchange("WHO")).as("the LAN server sees the WAN client").isEqualTo("ok peer " + WAN_HOST);
        }
        try (var denied = net.connect(LAN, WAN_HOST, 7001)) {
            assertThat(denied.opened()).as("custom-deny:0").startsWith("failed");
        }
        LiveCounters c = gateway.counters();
        assertThat(c.queues().packets()).as("transit TCP went through the inspector").isPositive();
        assertThat(c.kernelPackets("custom-deny:0")).isPositive();
        assertThat(c.kernelPackets("dnat:0")).isPositive();
        assertThat(c.queueDropped()).isZero();
        assertThat(gateway.queueFailures()).isEmpty();
    }

    @Test
    void httpIsCutWithAResetTheClientSeesWhileSshLikeTrafficPassesAndLeavesTheQueue() throws Exception {
        gateway = LiveGateway.start(config("router-http-blocked"), LAN_IF, WAN_IF, options());
        try (var ssh = net.connect(LAN, WAN_HOST, 7000)) {
            assertThat(ssh.opened()).isEqualTo("connected");
            assertThat(ssh.exchange("SSH-2.0-OpenSSH_9.2p1 Debian-2")).isEqualTo("ok SSH-2.0-OpenSSH_9.2p1 Debian-2");
            long queuedAfterDetection = gateway.counters().queues().packets();
            for (int i = 0; i < 30; i++) {
                assertThat(ssh.exchange("line " + i)).isEqualTo("ok line " + i);
            }
            LiveCounters c = gateway.counters();
            assertThat(c.kernelPackets("queue:settled")).as("the settled mark was saved into the connection").isPositive();
            // 30 round trips are > 60 packets; once settled, the flow no longer meets the queue
            assertThat(c.queues().packets() - queuedAfterDetection).as("packets queued after detection").isLessThan(10);
        }
        try (var http = net.connect(LAN, WAN_HOST, 7000)) {
            assertThat(http.opened()).isEqualTo("connected");
            assertThat(http.exchange("GET / HTTP/1.1")).isEqualTo("reset");
        }
        // Engine counters are read from this thread while the queue thread writes them: wait until visible.
        await().atMost(Duration.ofSeconds(3)).until(() -> httpBlocked(gateway.counters()) >= 1);
        assertThat(httpBlocked(gateway.counters())).isEqualTo(1);
    }

    private static long httpBlocked(LiveCounters c) {
        return c.engines().stream().mapToLong(e -> e.appProtocolsBlocked().getOrDefault(AppProtocol.HTTP, 0L)).sum();
    }

    @Test
    void emergencyModeStopsNewTransitAndLiftsAgain() throws Exception {
        gateway = LiveGateway.start(config("router-http-blocked"), LAN_IF, WAN_IF, options());
        gateway.setEmergency(true);
        try (var s = net.connect(LAN, WAN_HOST, 7000)) {
            assertThat(s.opened()).startsWith("failed");
        }
        assertThat(gateway.counters().kernelPackets("emergency-deny")).isPositive();
        gateway.setEmergency(false);
        try (var s = net.connect(LAN, WAN_HOST, 7000)) {
            assertThat(s.opened()).isEqualTo("connected");
            assertThat(s.exchange("WHO")).startsWith("ok");
        }
    }

    @Test
    void aConfigurationAppliedLiveCutsAnOpenFlowWithoutLosingTheOthers() throws Exception {
        String doc = document("router-http-blocked");
        gateway = LiveGateway.start(ConfigDocument.parse(doc).config(), LAN_IF, WAN_IF, options());
        try (var cut = net.connect(LAN, WAN_HOST, 7000); var kept = net.connect(WAN, GATEWAY_WAN, 8080)) {
            assertThat(cut.exchange("SSH-2.0-OpenSSH_9.2p1")).startsWith("ok");
            assertThat(kept.exchange("SSH-2.0-OpenSSH_9.2p1")).startsWith("ok");
            String denyOutbound = doc.replace("\"portDest\": \"7001\"}", "\"portDest\": \"7001\"},\n"
                    + "      {\"status\": true, \"action\": \"deny\", \"protocol\": \"tcp\", \"zone\": \"In\", \"portDest\": \"7000\"}");
            assertThat(denyOutbound).isNotEqualTo(doc);
            gateway.apply(ConfigDocument.parse(denyOutbound).config());
            assertThat(cut.exchange("after")).as("the new deny rule cuts the open flow").isEqualTo("timeout");
            assertThat(kept.exchange("after")).as("the port-forwarded flow goes on").isEqualTo("ok after");
            assertThat(gateway.counters().kernelPackets("custom-deny:1")).isPositive();
        }
    }

    @Test
    void aMissingInterfaceIsAClearErrorAndTouchesNothing() throws Exception {
        assertThatThrownBy(() -> LiveGateway.start(config("router-http-blocked"), "pllivenone", WAN_IF, options()))
                .isInstanceOf(LiveGatewayException.class)
                .hasMessageContaining("LAN interface 'pllivenone' does not exist in namespace " + GATEWAY)
                .hasMessageContaining(WAN_IF);
        assertThatThrownBy(() -> LiveGateway.start(config("router-http-blocked"), LAN_IF, WAN_IF, options().inNamespace("pllivenowhere")))
                .isInstanceOf(LiveGatewayException.class).hasMessageContaining("namespace 'pllivenowhere' does not exist");
    }
}
