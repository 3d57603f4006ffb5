package dev.palisade.engine;

import static dev.palisade.engine.Expect.accepted;
import static dev.palisade.engine.Expect.decided;
import static dev.palisade.engine.Expect.dropped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The unidirectional-gateway procedure: no packet crosses between LAN and WAN; LAN packets to
 * the gateway meet the internal chain, WAN packets the external chain.
 */
class DiodeProcedureTest {

    static final String LAN_HOST = "192.168.1.30";
    static final String LAN_IP = "192.168.1.1";
    static final String WAN_IP = "198.51.100.2";
    static final String REMOTE = "203.0.113.10";

    @Nested
    class NoTransit {

        @Test
        void lanPacketsNotForTheGatewayStop() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().rule("accept", "In", "any", null, null, null, null).build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 40000, REMOTE, 80).syn().build()), "no-transit");
            dropped(h.lan(Frames.icmpEcho(LAN_HOST, REMOTE, 1).build()), "no-transit");
            dropped(h.lan(Frames.udp(LAN_HOST, 40000, "192.168.1.31", 9).build()), "no-transit");
            assertThat(h.sink.sent()).isEmpty();
        }

        @Test
        void wanPacketsNotForTheGatewayStop() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            dropped(h.wan(Frames.icmpEcho(REMOTE, LAN_HOST, 1).build()), "no-transit");
            assertThat(h.sink.sent()).isEmpty();
        }
    }

    @Nested
    class InternalChain {

        @Test
        void step3PresetAllowRules() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            accepted(h.lan(Frames.icmpEcho(LAN_HOST, LAN_IP, 1).build()), "preset-allow", "local");
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 443).syn().build()), "preset-allow", "local");
        }

        @Test
        void step5EmergencyDeny() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            h.engine.setEmergency(true);
            dropped(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 1883).syn().build()), "emergency-deny");
        }

        @Test
        void steps6And7AllowAndDenyLists() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().allow("192.168.1.5").deny("192.168.1.6").build());
            accepted(h.lan(Frames.udp("192.168.1.5", 1000, LAN_IP, 9999).build()), "ip-allowlist", "local");
            dropped(h.lan(Frames.tcp("192.168.1.6", 1000, LAN_IP, 1883).syn().build()), "ip-denylist");
        }

        @Test
        void steps8And9CustomRules() {
            EngineHarness h = new EngineHarness(TestConfigs.diode()
                    .rule("accept", "In", "udp", null, null, null, "5000")
                    .rule("deny", "In", "tcp", "192.168.1.7", null, null, null).build());
            decided(h.lan(Frames.udp(LAN_HOST, 1000, LAN_IP, 5000).build()), "accept", "custom-allow", 0, "local");
            decided(h.lan(Frames.tcp("192.168.1.7", 1000, LAN_IP, 1883).syn().build()), "drop", "custom-deny", 1, null);
        }

        @Test
        void step10PresetSyslogDhcpAndTelemetry() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            accepted(h.lan(Frames.udp("0.0.0.0", 68, "255.255.255.255", 67).build()), "preset-service-allow", "local");
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 1883).syn().build()), "preset-service-allow", "local");
            dropped(h.lan(Frames.udp(LAN_HOST, 40000, LAN_IP, 53).build()), "preset-block");
        }

        @Test
        void step2OutgoingAllowForConnectionsTheGatewayOpened() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            accepted(h.host(Frames.tcp(LAN_IP, 41000, "192.168.1.20", 502).syn().seq(1).build()), "local-out", "lan");
            accepted(h.lan(Frames.tcp("192.168.1.20", 502, LAN_IP, 41000).synAck(2).seq(50).build()), "outgoing-allow", "local");
        }

        @Test
        void step11EstablishedAllow() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().rule("accept", "In", "udp", null, null, null, "5000").build());
            decided(h.lan(Frames.udp(LAN_HOST, 1000, LAN_IP, 5000).build()), "accept", "custom-allow", 0, "local");
            accepted(h.host(Frames.udp(LAN_IP, 5000, LAN_HOST, 1000).build()), "local-out", "lan");
            h.engine.apply(TestConfigs.diode().build());
            accepted(h.lan(Frames.udp(LAN_HOST, 1000, LAN_IP, 5000).build()), "established-allow", "local");
        }
    }

    @Nested
    class ExternalChain {

        @Test
        void step2OutgoingAllowRepliesToTheGatewaysConnections() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            accepted(h.host(Frames.tcp(WAN_IP, 41000, REMOTE, 8883).syn().seq(1).build()), "local-out", "wan");
            accepted(h.wan(Frames.tcp(REMOTE, 8883, WAN_IP, 41000).synAck(2).seq(50).build()), "outgoing-allow", "local");
        }

        @Test
        void step3PresetAllowIsIcmpOnly() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().build());
            accepted(h.wan(Frames.icmpEcho(REMOTE, WAN_IP, 5).build()), "preset-allow", "local");
            dropped(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 443).syn().build()), "preset-block");
        }

        @Test
        void step5PresetBlockEvenWithCustomRulesAndAllowlist() {
            EngineHarness h = new EngineHarness(TestConfigs.diode().allow(REMOTE)
                    .rule("accept", "Out", "any", null, null, null, null).build());
            dropped(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 8883).syn().build()), "preset-block");
            dropped(h.wan(Frames.udp(REMOTE, 40000, WAN_IP, 53).build()), "preset-block");
        }
    }
}
