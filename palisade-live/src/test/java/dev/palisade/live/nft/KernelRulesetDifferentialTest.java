package dev.palisade.live.nft;

import static dev.palisade.live.nft.LiveTopology.GATEWAY_LAN;
import static dev.palisade.live.nft.LiveTopology.GATEWAY_WAN;
import static dev.palisade.live.nft.LiveTopology.LAN_HOST;
import static dev.palisade.live.nft.LiveTopology.LAN_IF;
import static dev.palisade.live.nft.LiveTopology.WAN_HOST;
import static dev.palisade.live.nft.LiveTopology.WAN_IF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.testing.CapturingSink;
import dev.palisade.testing.Frames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay engine and the kernel ruleset decide alike: for each scripted connection attempt,
 * the engine's decision on the opening SYN (verdict and stage) is computed from the same
 * configuration, and the live gateway must let the connection through exactly when the engine
 * accepts it, counting it at the same stage.
 */
class KernelRulesetDifferentialTest {

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
        net.serve(net.gateway, GATEWAY_WAN, 8883);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (net != null) {
            kernel.remove();
            net.close();
        }
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("router", Interface.LAN, WAN_HOST, 7000),
                Arguments.of("router", Interface.LAN, WAN_HOST, 7001),
                Arguments.of("router", Interface.WAN, GATEWAY_WAN, 8080),
                Arguments.of("router", Interface.WAN, LAN_HOST, 80),
                Arguments.of("router", Interface.WAN, GATEWAY_WAN, 1883),
                Arguments.of("router", Interface.WAN, GATEWAY_WAN, 8883),
                Arguments.of("router", Interface.LAN, GATEWAY_LAN, 1883),
                Arguments.of("diode", Interface.LAN, GATEWAY_LAN, 1883),
                Arguments.of("diode", Interface.LAN, GATEWAY_WAN, 1883),
                Arguments.of("diode", Interface.LAN, WAN_HOST, 7000),
                Arguments.of("diode", Interface.WAN, LAN_HOST, 80),
                Arguments.of("diode", Interface.WAN, GATEWAY_WAN, 8883));
    }

    @ParameterizedTest(name = "{0}: from {1} to {2}:{3}")
    @MethodSource("attempts")
    void theKernelDecidesAsTheEngine(String configName, Interface from, String to, int port) throws Exception {
        GatewayConfig config;
        try (var in = getClass().getResourceAsStream("/e2e/" + configName + ".json")) {
            config = ConfigDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).config();
        }
        String client = from == Interface.LAN ? LAN_HOST : WAN_HOST;
        TrafficEngine engine = new TrafficEngine(config, EngineOptions.defaults(), new CapturingSink());
        byte[] syn = Frames.tcp(client, 40000, to, port).syn().build();
        Decision d = engine.process(from, LinkLayer.ETHERNET, syn, 0, syn.length, 1_000_000_000L, 0);
        String engineStage = d.stage().key();
        boolean engineAccepts = d.verdict() == Verdict.ACCEPT;

        kernel.load(NftRuleset.render(config, RulesetOptions.of(LAN_IF, WAN_IF)));
        boolean connected;
        try (var s = net.connect(from == Interface.LAN ? net.lan : net.wan, to, port)) {
            connected = s.greeting().startsWith("peer ");
        }
        Map<String, Long> byStage = kernel.counters().packetsByStage();
        assertThat(connected).as("engine says %s at %s (rule %s)", d.verdict(), engineStage, d.rule()).isEqualTo(engineAccepts);
        assertThat(byStage.getOrDefault(engineStage, 0L)).as("kernel counted at %s: %s", engineStage, byStage).isPositive();
        if (d.rule() >= 0) {
            assertThat(kernel.counters().packets(engineStage + ":" + d.rule())).isPositive();
        }
    }
}
