package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The traffic blocking check through real engines: passes for router and diode configurations
 * whatever the administrator allowed, fails when the probe engine's blocking path is broken.
 */
class TrafficBlockingCheckTest {

    @Test
    void passesOnTheDefaultConfiguration() {
        GatewayConfig config = ConfigDocument.defaults().config();
        CheckOutcome o = new TrafficBlockingCheck(() -> config).run();
        assertThat(o.status()).as(o.details().toString()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).hasSize(config.routerMode() ? 3 : 2);
        assertThat(o.details().getFirst()).contains("TCP SYN: DROP at preset-block");
    }

    @Test
    void passesOnARouterThatAllowsEverything() {
        // The administrator's admissions are not part of the probe: an allow-all rule, a forward and an allowlist change nothing.
        GatewayConfig config = TestConfigs.router().rule("accept", "Out", "any", "any", "any", "any", "any")
                .forward("tcp", 9, "192.168.1.2", 9).allow("203.0.113.7").build();
        CheckOutcome o = new TrafficBlockingCheck(() -> config).run();
        assertThat(o.status()).as(o.details().toString()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).containsExactly(
                "WAN 203.0.113.7 -> LAN host 192.168.1.2:9 TCP SYN: DROP at preset-block",
                "LAN 192.168.1.2 -> web interface 192.168.1.1:443 TCP SYN: ACCEPT at preset-allow",
                "denylisted WAN 203.0.113.8 -> LAN host 192.168.1.2:9 TCP SYN: DROP at ip-denylist");
    }

    @Test
    void passesOnAUnidirectionalGateway() {
        GatewayConfig config = TestConfigs.diode().build();
        CheckOutcome o = new TrafficBlockingCheck(() -> config).run();
        assertThat(o.status()).as(o.details().toString()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).hasSize(2);
    }

    @Test
    void probesSeparateEnginesWithoutTheAdministratorsAdmissions() {
        GatewayConfig config = TestConfigs.router().rule("accept", "Out", "any", "any", "any", "any", "any").build();
        List<GatewayConfig> built = new ArrayList<>();
        Function<GatewayConfig, TrafficEngine> recording = c -> {
            built.add(c);
            return TrafficBlockingCheck.FRESH_ENGINE.apply(c);
        };
        assertThat(new TrafficBlockingCheck(() -> config, recording).run().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(built).hasSize(2).allSatisfy(c -> {
            assertThat(c.network().firewallRules()).isEmpty();
            assertThat(c.network().lan()).isEqualTo(config.network().lan());
        });
    }

    @Test
    void failsWhenTheBlockingPathLetsTheProbeThrough() {
        // Simulated fault: the engine is compiled with an allow-all rule the configuration does not have.
        Function<GatewayConfig, TrafficEngine> leaking = c -> TrafficBlockingCheck.FRESH_ENGINE.apply(
                TestConfigs.router().rule("accept", "Out", "any", "any", "any", "any", "any").build());
        CheckOutcome o = new TrafficBlockingCheck(() -> TestConfigs.router().build(), leaking).run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details().getFirst()).endsWith("ACCEPT at custom-allow, expected DROP at preset-block");
    }

    @Test
    void failsWhenTheAllowedPacketIsBlocked() {
        // Simulated fault: the engine believes in another LAN address, so the web interface probe is not for the gateway.
        Function<GatewayConfig, TrafficEngine> wrongAddress = c -> TrafficBlockingCheck.FRESH_ENGINE.apply(TestConfigs.diode().build());
        GatewayConfig running = TrafficBlockingCheck.withoutAdmissions(TestConfigs.diode().build(), List.of());
        var lan = running.network().lan();
        var moved = new dev.palisade.config.model.LanConfig(dev.palisade.config.model.Ipv4Address.parse("192.168.1.3"), lan.subnet(),
                lan.dhcpServer(), lan.firstDhcpAddress(), lan.lastDhcpAddress(), lan.firstDnsServer(), lan.secondDnsServer(), lan.mac());
        var n = running.network();
        GatewayConfig movedConfig = new GatewayConfig(running.modeSwitch(), new dev.palisade.config.model.NetworkConfig(moved, n.wan(),
                n.masquerading(), n.portForwards(), n.firewallRules(), n.idsProxy(), n.filteredProtocols(), n.routes(), n.carp()),
                running.applications());
        CheckOutcome o = new TrafficBlockingCheck(() -> movedConfig, wrongAddress).run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details().get(1)).contains("expected ACCEPT at preset-allow");
    }
}
