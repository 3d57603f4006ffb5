package dev.palisade.live.nft;

import static dev.palisade.live.nft.LiveTopology.GATEWAY_LAN;
import static dev.palisade.live.nft.LiveTopology.GATEWAY_WAN;
import static dev.palisade.live.nft.LiveTopology.LAN_HOST;
import static dev.palisade.live.nft.LiveTopology.LAN_IF;
import static dev.palisade.live.nft.LiveTopology.WAN_HOST;
import static dev.palisade.live.nft.LiveTopology.WAN_IF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.PortRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated ruleset loaded into a gateway namespace and exercised with real TCP and ICMP
 * traffic between a LAN host and a WAN host (see {@link LiveTopology}): every check is what the
 * traffic-processing procedure (and the replay engine) says for the configuration in
 * {@code src/test/resources/e2e/}. Servers listen on port 7000 (WAN host), 7001 (WAN host,
 * denied by a custom rule) and 80 (LAN host, the port-forwarding target).
 */
class KernelRulesetEndToEndTest {

    private static LiveTopology net;
    private static KernelRuleset kernel;

    @BeforeAll
    static void topology() throws IOException {
        net = new LiveTopology();
        kernel = new KernelRuleset(net.gatewayCommands());
        net.serve(net.wan, WAN_HOST, 7000);
        net.serve(net.wan, WAN_HOST, 7001);
        net.serve(net.lan, LAN_HOST, 80);
        net.serve(net.gateway, GATEWAY_LAN, 1883);
        net.serve(net.gateway, GATEWAY_WAN, 1883);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void unload() {
        kernel.remove();
    }

    private static GatewayConfig config(String name) throws IOException, ConfigException {
        try (var in = KernelRulesetEndToEndTest.class.getResourceAsStream("/e2e/" + name + ".json")) {
            return ConfigDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).config();
        }
    }

    private static RenderedRuleset load(String name, RulesetOptions options) throws IOException, ConfigException {
        RenderedRuleset r = NftRuleset.render(config(name), options);
        kernel.load(r);
        return r;
    }

    private static RulesetOptions options() {
        return RulesetOptions.of(LAN_IF, WAN_IF);
    }

    @Test
    void lanClientsAreMasqueradedAndGetTheirReplies() throws Exception {
        load("router", options());
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).as("the WAN host sees the gateway's WAN address").isEqualTo("peer " + GATEWAY_WAN);
            assertThat(s.exchange("hello")).isEqualTo("ok");
        }
        RuleCounters c = kernel.counters();
        assertThat(c.packets("masquerade")).isEqualTo(1);
        // Each direction meets the procedure until it is admitted established; the rest take the fast path.
        assertThat(c.packets("custom-allow:1")).as("the SYN and the first ACK, accepted by rule 1").isGreaterThanOrEqualTo(2);
        assertThat(c.packets("established-allow")).as("the first reply").isGreaterThanOrEqualTo(1);
        assertThat(c.packets(NftRuleset.FAST_PATH)).as("the greeting's ACK, the line, its echo").isGreaterThanOrEqualTo(3);
        assertThat(c.packets("preset-block")).isZero();
    }

    @Test
    void onlyASynOpensAConnection() throws Exception {
        load("router", options());
        net.sendBareAck(net.lan, WAN_HOST, 7000);
        RuleCounters c = kernel.counters();
        // (custom-allow:1 may count stray FINs of connections closed by earlier tests: they are tracked.)
        assertThat(c.packets("custom-allow:not-syn")).as("the ACK skipped the stateful accept rule").isEqualTo(1);
        assertThat(c.packets("preset-block")).as("and was dropped at the end of the chain").isPositive();
    }

    @Test
    void impossibleTcpFlagsOnAnOpenConnectionAreDroppedAsMalformedFastPathOrNot() throws Exception {
        load("router", options());
        try (var s = net.connect(net.lan, WAN_HOST, 7000, 41234)) {
            assertThat(s.greeting()).isEqualTo("peer " + GATEWAY_WAN);
            assertThat(s.exchange("before")).isEqualTo("ok");
            RuleCounters before = kernel.counters();
            assertThat(before.packets(NftRuleset.FAST_PATH)).as("the connection is on the fast path").isPositive();
            net.sendSegment(net.lan, WAN_HOST, 7000, 41234, 0x03);   // SYN|FIN on the open connection's tuple
            RuleCounters after = kernel.counters();
            // Counted at malformed, so the fast path (earlier in the same chain) did not accept it.
            assertThat(after.packets("malformed:bad-tcp-flags") - before.packets("malformed:bad-tcp-flags")).isEqualTo(1);
            assertThat(s.exchange("after")).as("the connection itself goes on").isEqualTo("ok");
        }
    }

    @Test
    void aCustomDenyRuleStopsTheConnection() throws Exception {
        load("router", options());
        try (var s = net.connect(net.lan, WAN_HOST, 7001)) {
            assertThat(s.greeting()).startsWith("failed");
        }
        assertThat(kernel.counters().packets("custom-deny:0")).isPositive();
    }

    @Test
    void portForwardingReachesTheLanServerWithTheClientsAddress() throws Exception {
        load("router", options());
        try (var s = net.connect(net.wan, GATEWAY_WAN, 8080)) {
            assertThat(s.greeting()).isEqualTo("peer " + WAN_HOST);
            assertThat(s.exchange("hello")).isEqualTo("ok");
        }
        RuleCounters c = kernel.counters();
        assertThat(c.packets("dnat:0")).isEqualTo(1);
        assertThat(c.packets("nat-allow:0")).as("the SYN and the first ACK").isGreaterThanOrEqualTo(2);
        assertThat(c.packets(NftRuleset.FAST_PATH)).isPositive();
    }

    @Test
    void newConnectionsFromTheWanAreRefusedButPingIsAnswered() throws Exception {
        load("router", options());
        try (var s = net.connect(net.wan, LAN_HOST, 80)) {
            assertThat(s.greeting()).startsWith("failed");
        }
        assertThat(kernel.counters().packets("preset-block")).isPositive();
        assertThat(net.ping(net.wan, LAN_HOST)).as("ICMP is admitted at preset-allow").isTrue();
        assertThat(kernel.counters().packets("preset-allow:icmp-vrrp")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDenylistEntryCutsAnOpenConnection() throws Exception {
        load("router", options());
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).isEqualTo("peer " + GATEWAY_WAN);
            assertThat(s.exchange("before")).isEqualTo("ok");
            assertThat(kernel.counters().packets(NftRuleset.FAST_PATH)).as("both directions were admitted: the fast path carries them")
                    .isPositive();
            // The client's packets still pass (it is not listed); the server's would take the fast path if it were not emptied.
            kernel.addToDenylist(Ipv4Address.parse(WAN_HOST), null);
            assertThat(s.exchange("after")).as("the server's replies are dropped at ip-denylist").isEqualTo("timeout");
        }
        assertThat(kernel.counters().packets("ip-denylist")).isPositive();
        kernel.removeFromDenylist(Ipv4Address.parse(WAN_HOST));
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).isEqualTo("peer " + GATEWAY_WAN);
        }
    }

    @Test
    void emergencyModeBlocksTransitButNotIcmp() throws Exception {
        load("router", options());
        try (var open = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(open.greeting()).isEqualTo("peer " + GATEWAY_WAN);
            assertThat(open.exchange("before")).isEqualTo("ok");
            long fast = kernel.counters().packets(NftRuleset.FAST_PATH);
            assertThat(open.exchange("still before")).isEqualTo("ok");
            assertThat(kernel.counters().packets(NftRuleset.FAST_PATH)).isGreaterThan(fast);
            kernel.setEmergency(true);
            assertThat(open.exchange("after")).as("an open connection is cut at emergency-deny, fast path or not").isEqualTo("timeout");
        }
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).startsWith("failed");
        }
        assertThat(net.ping(net.lan, WAN_HOST)).as("preset-allow comes before emergency-deny").isTrue();
        assertThat(kernel.counters().packets("emergency-deny")).isPositive();
        kernel.setEmergency(false);
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).isEqualTo("peer " + GATEWAY_WAN);
        }
        // The same state rendered into a fresh ruleset.
        load("router", options().withEmergency(true));
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).startsWith("failed");
        }
    }

    @Test
    void theDiodeLetsNothingCrossAndServesOnlyItsOwnEndpoints() throws Exception {
        load("diode", options());
        try (var s = net.connect(net.wan, LAN_HOST, 80)) {
            assertThat(s.greeting()).as("WAN to LAN").startsWith("failed");
        }
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).as("LAN to WAN").startsWith("failed");
        }
        assertThat(net.ping(net.wan, LAN_HOST)).isFalse();
        assertThat(net.ping(net.wan, GATEWAY_WAN)).as("the gateway's own WAN endpoint answers ICMP").isTrue();
        try (var s = net.connect(net.lan, GATEWAY_LAN, 1883)) {
            assertThat(s.greeting()).as("telemetry listener on the LAN address").isEqualTo("peer " + LAN_HOST);
        }
        try (var s = net.connect(net.lan, GATEWAY_WAN, 1883)) {
            assertThat(s.greeting()).as("the WAN side is not reachable from the LAN").startsWith("failed");
        }
        RuleCounters c = kernel.counters();
        assertThat(c.packets("no-transit")).isPositive();
        assertThat(c.packets("preset-service-allow:telemetry")).isPositive();
    }

    @Test
    void queuedFlowsAreDroppedWithoutAnInspectorUnlessFailOpen() throws Exception {
        RenderedRuleset closed = load("router-app-proto", options());
        assertThat(closed.iptablesQueueRules()).contains("-j NFQUEUE --queue-num 0").doesNotContain("bypass");
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).as("fail-closed: no inspector, no transit").startsWith("failed");
        }
        assertThat(net.ping(net.lan, WAN_HOST)).as("only TCP is queued").isTrue();
        load("router-app-proto", options().withQueue(new QueueOptions(2, true, QueueBackend.IPTABLES)));
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).as("fail-open").isEqualTo("peer " + GATEWAY_WAN);
        }
        // A configuration without inspection takes the queue rules away again.
        load("router", options());
        assertThat(net.gatewayCommands().run(List.of("iptables-nft", "-t", "mangle", "-S", QueueOptions.IPTABLES_CHAIN)).succeeded())
                .isFalse();
    }

    @Test
    void reloadingKeepsOpenConnectionsAndNewRulesApplyAtOnce() throws Exception {
        RenderedRuleset r = load("router", options());
        try (var s = net.connect(net.lan, WAN_HOST, 7000)) {
            assertThat(s.greeting()).isEqualTo("peer " + GATEWAY_WAN);
            for (int i = 0; i < 10; i++) {
                kernel.load(r);
                assertThat(s.exchange("after reload " + i)).as("reload %s", i).isEqualTo("ok");
            }
            // A new deny rule cuts the established flow from the next packet (engine decision).
            kernel.load(NftRuleset.render(withDenyToWanHost(config("router")), options()));
            assertThat(s.exchange("after deny")).isEqualTo("timeout");
        }
        assertThat(kernel.counters().packets("custom-deny:0")).isPositive();
    }

    /** The configuration with a new first rule denying TCP from the LAN to the WAN host's port 7000. */
    private static GatewayConfig withDenyToWanHost(GatewayConfig base) {
        List<FirewallRule> rules = new ArrayList<>();
        rules.add(new FirewallRule(true, FirewallRule.Action.DENY, Ipv4Prefix.ANY, Ipv4Prefix.host(Ipv4Address.parse(WAN_HOST)),
                PortRange.ANY, PortRange.single(7000), FirewallRule.RuleProtocol.TCP, FirewallRule.Zone.IN));
        rules.addAll(base.network().firewallRules());
        NetworkConfig n = base.network();
        return new GatewayConfig(base.modeSwitch(), new NetworkConfig(n.lan(), n.wan(), n.masquerading(), n.portForwards(), rules,
                n.idsProxy(), n.filteredProtocols(), n.routes(), n.carp()), base.applications());
    }

    @Test
    void aRefusedRulesetLeavesThePreviousOneInForce() throws Exception {
        RenderedRuleset good = load("router", options());
        RenderedRuleset broken = new RenderedRuleset(good.nft().replace("counter drop comment \"preset-block\"", "counter frobnicate"),
                "", LAN_IF, WAN_IF, good.scope());
        assertThatThrownBy(() -> kernel.load(broken)).isInstanceOf(KernelCommandException.class).hasMessageContaining("nft -c");
        try (var s = net.connect(net.wan, LAN_HOST, 80)) {
            assertThat(s.greeting()).startsWith("failed");
        }
        assertThat(kernel.counters().packets("preset-block")).isPositive();
    }

    @Test
    void removalLeavesTheHostAsItWas() throws Exception {
        HostCommands gw = net.gatewayCommands();
        String before = gw.run(List.of("nft", "list", "ruleset")).stdout();
        load("router-app-proto", options());
        assertThat(gw.run(List.of("nft", "list", "tables")).stdout()).contains("table inet palisade");
        kernel.remove();
        assertThat(gw.run(List.of("nft", "list", "ruleset")).stdout()).isEqualTo(before);
        kernel.remove();
    }
}
