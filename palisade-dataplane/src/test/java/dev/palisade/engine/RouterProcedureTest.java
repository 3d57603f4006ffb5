package dev.palisade.engine;

import static dev.palisade.engine.Expect.accepted;
import static dev.palisade.engine.Expect.decided;
import static dev.palisade.engine.Expect.dropped;
import static dev.palisade.testing.Frames.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.PacketView;
import dev.palisade.packet.Tcp;
import dev.palisade.policy.Policy;
import dev.palisade.policy.Stage;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The network-router procedure of traffic-processing-procedure.txt, step by step, and the
 * decisions issue 2 fixes where the spec is open. Tests are named after the spec's steps.
 */
class RouterProcedureTest {

    static final String LAN_HOST = "192.168.1.30";
    static final String REMOTE = "203.0.113.10";
    static final String WAN_IP = "198.51.100.2";
    static final String LAN_IP = "192.168.1.1";

    static TestConfigs modbusOut() {
        return TestConfigs.router().rule("accept", "In", "tcp", "192.168.1.0/24", null, null, "502");
    }

    @Nested
    class Step2PresetAllowRules {

        @Test
        void icmpPassesBothWaysEvenWithoutRules() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.wan(Frames.icmpEcho(REMOTE, LAN_HOST, 7).build()), "preset-allow", "lan");
            accepted(h.lan(Frames.icmpEcho(LAN_HOST, LAN_IP, 8).build()), "preset-allow", "local");
            accepted(h.wan(Frames.icmpEcho(REMOTE, WAN_IP, 9).build()), "preset-allow", "local");
        }

        @Test
        void carpVrrpPasses() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.ipProtocol("192.168.1.2", "224.0.0.18", Ipv4.PROTOCOL_VRRP).payload(20).build()), "preset-allow", "local");
        }

        @Test
        void webInterfaceOnlyFromTheLanToTheLanAddress() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 443).syn().build()), "preset-allow", "local");
            dropped(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 443).syn().build()), "preset-block");
            dropped(h.lan(Frames.tcp(LAN_HOST, 40001, WAN_IP, 443).syn().build()), "preset-block");
        }

        @Test
        void webInterfaceAlsoOnTheServicePortItReallyListensOn() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            h.engine.apply(TestConfigs.router().build(), new dev.palisade.policy.PolicySettings(8443, 514, true));
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 8443).syn().build()), "preset-allow", "local");
        }

        @Test
        void presetAllowComesBeforeTheDenylist() {
            EngineHarness h = new EngineHarness(TestConfigs.router().deny(REMOTE).build());
            accepted(h.wan(Frames.icmpEcho(REMOTE, WAN_IP, 1).build()), "preset-allow", "local");
        }

        @Test
        void centralManagementRepliesToTheGatewaysOwnConnection() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.host(Frames.tcp(WAN_IP, 45000, REMOTE, 13294).syn().seq(100).build()), "local-out", "wan");
            accepted(h.wan(Frames.tcp(REMOTE, 13294, WAN_IP, 45000).synAck(101).seq(5000).build()), "preset-allow", "local");
        }
    }

    @Nested
    class Step3ApplicationProtocolDenyRules {

        @Test
        void aTransitFlowClassifiedAsABlockedProtocolIsCut() {
            EngineHarness h = new EngineHarness(modbusOut().block(AppProtocol.MODBUS).build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1).build()), "accept", "custom-allow", 0, "wan");
            // Classification is the detector's job (issue 3); mark the flow as its result would.
            int handle = h.engine.connections().lookup(6, ip(LAN_HOST), ip(REMOTE), 50000, 502, h.now);
            h.engine.connections().setAppProtocol(handle >>> 1, AppProtocol.MODBUS.ordinal() + 1);
            dropped(h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(2).seq(900).build()), "app-proto-deny");
        }

        @Test
        void theGatewaysOwnServicesAreExempt() {
            EngineHarness h = new EngineHarness(TestConfigs.router().block(AppProtocol.MQTT).build());
            accepted(h.lan(Frames.tcp(LAN_HOST, 50000, LAN_IP, 1883).syn().build()), "preset-service-allow", "local");
            int handle = h.engine.connections().lookup(6, ip(LAN_HOST), ip(LAN_IP), 50000, 1883, h.now);
            h.engine.connections().setAppProtocol(handle >>> 1, AppProtocol.MQTT.ordinal() + 1);
            accepted(h.lan(Frames.tcp(LAN_HOST, 50000, LAN_IP, 1883).syn().build()), "preset-service-allow", "local");
        }
    }

    @Nested
    class Step4EmergencySupportModeDenyRules {

        @Test
        void blocksEverythingNotDecidedBefore() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            h.engine.setEmergency(true);
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build()), "emergency-deny");
            dropped(h.lan(Frames.udp(LAN_HOST, 5353, LAN_IP, 53).build()), "emergency-deny");
            accepted(h.lan(Frames.icmpEcho(LAN_HOST, REMOTE, 3).build()), "preset-allow", "wan");
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 443).syn().build()), "preset-allow", "local");
        }

        @Test
        void cutsEstablishedConnectionsToo() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1).build()), "accept", "custom-allow", 0, "wan");
            h.engine.setEmergency(true);
            dropped(h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(2).seq(900).build()), "emergency-deny");
        }
    }

    @Nested
    class Step5IpAddressAllowlist {

        @Test
        void allowlistedSourceOpensConnections() {
            EngineHarness h = new EngineHarness(TestConfigs.router().allow(REMOTE).forward("tcp", 8443, "192.168.1.50", 443).build());
            decided(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 8443).syn().build()), "accept", "ip-allowlist", -1, "lan");
            assertThat(h.lastSent().destination()).isEqualTo(ip("192.168.1.50"));
        }

        @Test
        void statefulInspectionAppliesToTheAllowlist() {
            EngineHarness h = new EngineHarness(TestConfigs.router().allow(LAN_HOST).build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 80).flags(Tcp.ACK).build()), "preset-block");
            accepted(h.lan(Frames.tcp(LAN_HOST, 50001, REMOTE, 80).syn().build()), "ip-allowlist", "wan");
        }

        @Test
        void allowlistWinsOverDenylistAndCustomDeny() {
            EngineHarness h = new EngineHarness(TestConfigs.router().allow(LAN_HOST).deny(LAN_HOST)
                    .rule("deny", "In", "any", LAN_HOST, null, null, null).build());
            accepted(h.lan(Frames.udp(LAN_HOST, 5000, REMOTE, 5000).build()), "ip-allowlist", "wan");
        }

        @Test
        void listsApplyOnlyWhenEnabled() {
            EngineHarness h = new EngineHarness(TestConfigs.router().allow(LAN_HOST).lists(false, true).build());
            dropped(h.lan(Frames.udp(LAN_HOST, 5000, REMOTE, 5000).build()), "preset-block");
        }
    }

    @Nested
    class Step6IpAddressDenylist {

        @Test
        void denylistedSourceIsDroppedBeforeAllowRules() {
            EngineHarness h = new EngineHarness(TestConfigs.router().deny("203.0.113.66").forward("tcp", 8443, "192.168.1.50", 443).build());
            dropped(h.wan(Frames.tcp("203.0.113.66", 40000, WAN_IP, 8443).syn().build()), "ip-denylist");
        }

        @Test
        void denylistNeedsBlockedListFlag() {
            EngineHarness h = new EngineHarness(TestConfigs.router().deny(LAN_HOST).lists(true, false)
                    .rule("accept", "In", "udp", null, null, null, null).build());
            decided(h.lan(Frames.udp(LAN_HOST, 5000, REMOTE, 5000).build()), "accept", "custom-allow", 0, "wan");
        }

        @Test
        void aSourceAddedToTheDenylistIsCutOffMidConnection() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1).build()), "accept", "custom-allow", 0, "wan");
            accepted(h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(2).seq(900).build()), "established-allow", "lan");
            h.engine.apply(modbusOut().deny(LAN_HOST).build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).flags(Tcp.ACK).seq(2).ack(901).build()), "ip-denylist");
        }
    }

    @Nested
    class Step7AddressTranslationAllowRules {

        @Test
        void portForwardAcceptsAndTranslatesBothWays() {
            EngineHarness h = new EngineHarness(TestConfigs.router().forward("tcp", 8443, "192.168.1.50", 443).build());
            decided(h.wan(Frames.tcp("203.0.113.20", 40000, WAN_IP, 8443).syn().seq(10).build()), "accept", "nat-allow", 0, "lan");
            PacketView out = h.lastSent();
            assertThat(out.destination()).isEqualTo(ip("192.168.1.50"));
            assertThat(out.destinationPort()).isEqualTo(443);
            assertThat(out.source()).isEqualTo(ip("203.0.113.20"));
            assertThat(out.ttl()).isEqualTo(63);
            accepted(h.lan(Frames.tcp("192.168.1.50", 443, "203.0.113.20", 40000).synAck(11).seq(70).build()), "established-allow", "wan");
            out = h.lastSent();
            assertThat(out.source()).isEqualTo(ip(WAN_IP));
            assertThat(out.sourcePort()).isEqualTo(8443);
            decided(h.wan(Frames.tcp("203.0.113.20", 40000, WAN_IP, 8443).flags(Tcp.ACK).seq(11).ack(71).build()), "accept", "nat-allow", 0, "lan");
        }

        @Test
        void removingAPortForwardEndsTheFlowsItLetIn() {
            EngineHarness h = new EngineHarness(TestConfigs.router().forward("udp", 5683, "192.168.1.60", 5683).build());
            decided(h.wan(Frames.udp(REMOTE, 1000, WAN_IP, 5683).build()), "accept", "nat-allow", 0, "lan");
            accepted(h.lan(Frames.udp("192.168.1.60", 5683, REMOTE, 1000).build()), "established-allow", "wan");
            h.engine.apply(TestConfigs.router().build());
            dropped(h.lan(Frames.udp("192.168.1.60", 5683, REMOTE, 1000).build()), "preset-block");
            dropped(h.wan(Frames.udp(REMOTE, 1000, WAN_IP, 5683).build()), "preset-block");
            assertThat(h.engine.connections().size()).isZero();
        }

        @Test
        void portForwardIsStateful() {
            EngineHarness h = new EngineHarness(TestConfigs.router().forward("tcp", 8443, "192.168.1.50", 443).build());
            dropped(h.wan(Frames.tcp("203.0.113.20", 40000, WAN_IP, 8443).flags(Tcp.ACK).build()), "preset-block");
        }

        @Test
        void udpForwardAndProtocolMismatch() {
            EngineHarness h = new EngineHarness(TestConfigs.router().forward("udp", 5683, "192.168.1.60", 5683).build());
            decided(h.wan(Frames.udp(REMOTE, 1000, WAN_IP, 5683).build()), "accept", "nat-allow", 0, "lan");
            dropped(h.wan(Frames.tcp(REMOTE, 1000, WAN_IP, 5683).syn().build()), "preset-block");
        }
    }

    @Nested
    class Steps8And9CustomFirewallRules {

        @Test
        void allDenyRulesAreCheckedBeforeAnyAllowRule() {
            EngineHarness h = new EngineHarness(TestConfigs.router()
                    .rule("accept", "In", "tcp", null, null, null, "502")
                    .rule("deny", "In", "any", "192.168.1.40", null, null, null).build());
            decided(h.lan(Frames.tcp("192.168.1.40", 50000, REMOTE, 502).syn().build()), "drop", "custom-deny", 1, null);
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build()), "accept", "custom-allow", 0, "wan");
        }

        @Test
        void withinAGroupTableOrderDecidesTheRuleReported() {
            EngineHarness h = new EngineHarness(TestConfigs.router()
                    .rule("accept", "In", "any", null, null, null, null)
                    .rule("accept", "In", "tcp", LAN_HOST, null, null, "502").build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build()), "accept", "custom-allow", 0, "wan");
        }

        @Test
        void zoneInIsTheLanAndOutIsTheWan() {
            EngineHarness h = new EngineHarness(TestConfigs.router().masquerading(false)
                    .rule("accept", "Out", "udp", null, null, null, "9000").build());
            dropped(h.lan(Frames.udp(LAN_HOST, 9000, REMOTE, 9000).build()), "preset-block");
            decided(h.wan(Frames.udp(REMOTE, 9000, LAN_HOST, 9000).build()), "accept", "custom-allow", 0, "lan");
        }

        @Test
        void disabledRulesDoNothing() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule(false, "accept", "In", "any", null, null, null, null).build());
            dropped(h.lan(Frames.udp(LAN_HOST, 1, REMOTE, 1).build()), "preset-block");
        }

        @Test
        void untrackedTcpThatIsNotASynFallsThrough() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).flags(Tcp.ACK).build()), "preset-block");
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).synAck(5).build()), "preset-block");
        }

        @Test
        void portRangesAndCidrPrefixes() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", "192.168.1.0/28", "1000-2000", "203.0.113.0/24", null).build());
            decided(h.lan(Frames.udp("192.168.1.14", 1500, REMOTE, 7).build()), "accept", "custom-allow", 0, "wan");
            dropped(h.lan(Frames.udp("192.168.1.16", 1500, REMOTE, 7).build()), "preset-block");
            dropped(h.lan(Frames.udp("192.168.1.14", 2001, REMOTE, 7).build()), "preset-block");
        }

        @Test
        void portConstrainedAnyRulesDoNotMatchIcmp() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("deny", "In", "any", null, null, null, "80").build());
            accepted(h.lan(Frames.icmpEcho(LAN_HOST, REMOTE, 1).build()), "preset-allow", "wan");
            dropped(h.lan(Frames.ipProtocol(LAN_HOST, REMOTE, 47).payload(8).build()), "preset-block");
        }

        @Test
        void customRulesApplyToTrafficForTheGatewayToo() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("deny", "In", "udp", LAN_HOST, null, null, null).build());
            decided(h.lan(Frames.udp(LAN_HOST, 5353, LAN_IP, 53).build()), "drop", "custom-deny", 0, null);
        }
    }

    @Nested
    class Step10PresetServiceAllowRules {

        @Test
        void dhcpFromTheLanIncludingBroadcast() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.udp("0.0.0.0", 68, "255.255.255.255", 67).build()), "preset-service-allow", "local");
            accepted(h.lan(Frames.udp("192.168.1.120", 68, LAN_IP, 67).build()), "preset-service-allow", "local");
            dropped(h.wan(Frames.udp(REMOTE, 68, WAN_IP, 67).build()), "preset-block");
        }

        @Test
        void dnsToTheGateway() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.udp(LAN_HOST, 5353, LAN_IP, 53).build()), "preset-service-allow", "local");
            accepted(h.lan(Frames.tcp(LAN_HOST, 5353, LAN_IP, 53).syn().build()), "preset-service-allow", "local");
            dropped(h.lan(Frames.udp(LAN_HOST, 5353, REMOTE, 53).build()), "preset-block");
        }

        @Test
        void mqttBrokerPorts() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 1883).syn().build()), "preset-service-allow", "local");
            accepted(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 8883).syn().build()), "preset-service-allow", "local");
            dropped(h.wan(Frames.tcp(REMOTE, 40001, WAN_IP, 1883).syn().build()), "preset-block");
        }

        @Test
        void syslogRepliesOnTheGatewaysConnection() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.host(Frames.tcp(LAN_IP, 41000, "192.168.1.9", 514).syn().seq(1).build()), "local-out", "lan");
            accepted(h.lan(Frames.tcp("192.168.1.9", 514, LAN_IP, 41000).synAck(2).seq(77).build()), "preset-service-allow", "local");
        }

        @Test
        void dhcpClientRepliesOnTheWanWhenItUsesDhcp() {
            EngineHarness h = new EngineHarness(TestConfigs.router().wanDhcp(true).build());
            accepted(h.wan(Frames.udp("198.51.100.1", 67, "255.255.255.255", 68).build()), "preset-service-allow", "local");
        }
    }

    @Nested
    class Step11EstablishedConnections {

        @Test
        void repliesToMasqueradedConnectionsAreTranslatedBack() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1).build()), "accept", "custom-allow", 0, "wan");
            PacketView out = h.lastSent();
            assertThat(out.source()).isEqualTo(ip(WAN_IP));
            assertThat(out.sourcePort()).isEqualTo(50000);
            accepted(h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(2).seq(900).build()), "established-allow", "lan");
            out = h.lastSent();
            assertThat(out.destination()).isEqualTo(ip(LAN_HOST));
            assertThat(out.destinationPort()).isEqualTo(50000);
            // The client's further packets still meet custom-allow first (stage order).
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).flags(Tcp.ACK).seq(2).ack(901).build()), "accept", "custom-allow", 0, "wan");
        }

        @Test
        void udpRepliesAndPing() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", null, null, null, null).build());
            decided(h.lan(Frames.udp(LAN_HOST, 40000, "8.8.8.8", 53).build()), "accept", "custom-allow", 0, "wan");
            accepted(h.wan(Frames.udp("8.8.8.8", 53, WAN_IP, 40000).build()), "established-allow", "lan");
        }

        @Test
        void outOfWindowSegmentsAreNotPartOfTheConnection() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1).build());
            h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(2).seq(900).window(1000).build());
            Decision d = h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).flags(Tcp.ACK | Tcp.PSH).seq(900 + 5_000_000).ack(2).payload(10).build());
            dropped(d, "preset-block");
            assertThat(d.reason()).isEqualTo("tcp-invalid");
            Decision rst = h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).flags(Tcp.RST).seq(123456789).build());
            dropped(rst, "preset-block");
        }

        @Test
        void aTrackedTupleArrivingOnTheWrongInterfaceIsNotTheConnection() {
            EngineHarness h = new EngineHarness(TestConfigs.router().masquerading(false).rule("accept", "In", "udp", null, null, null, "53").build());
            h.lan(Frames.udp(LAN_HOST, 40000, REMOTE, 53).build());
            accepted(h.wan(Frames.udp(REMOTE, 53, LAN_HOST, 40000).build()), "established-allow", "lan");
            // A WAN address arriving from the LAN fails the reverse-path check before anything else.
            Decision spoof = h.lan(Frames.udp(REMOTE, 53, LAN_HOST, 40000).build());
            dropped(spoof, "malformed");
            assertThat(spoof.reason()).isEqualTo("reverse-path");
        }

        @Test
        void aSynRetriedWithANewIsnRestartsTheHandshakeWithoutASecondEntry() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(1000).build()), "accept", "custom-allow", 0, "wan");
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().seq(900_000).build()), "accept", "custom-allow", 0, "wan");
            assertThat(h.engine.connections().size()).isEqualTo(1);
            accepted(h.wan(Frames.tcp(REMOTE, 502, WAN_IP, 50000).synAck(900_001).seq(77).build()), "established-allow", "lan");
            decided(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).flags(Tcp.ACK).seq(900_001).ack(78).build()), "accept", "custom-allow", 0, "wan");
        }

        @Test
        void aPacketUsingATrackedTupleFromTheWrongSideCannotStartASecondConnection() {
            EngineHarness h = new EngineHarness(TestConfigs.router().masquerading(false)
                    .rule("accept", "In", "udp", null, null, null, null).rule("accept", "Out", "udp", null, null, null, null).build());
            h.lan(Frames.udp(LAN_HOST, 40000, REMOTE, 53).build());
            // The same tuple arriving from the WAN is a spoof: refused before it can join or open anything.
            dropped(h.wan(Frames.udp(LAN_HOST, 40000, REMOTE, 53).build()), "malformed");
            assertThat(h.engine.connections().size()).isEqualTo(1);
        }

        @Test
        void flowsExpireWithPacketTime() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", null, null, null, null).build());
            h.lan(Frames.udp(LAN_HOST, 40000, REMOTE, 53).build());
            h.advanceSeconds(31);
            dropped(h.wan(Frames.udp(REMOTE, 53, WAN_IP, 40000).build()), "preset-block");
        }
    }

    @Nested
    class Step12PresetBlockRules {

        @Test
        void unsolicitedTrafficFromTheWanIsBlocked() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            dropped(h.wan(Frames.tcp(REMOTE, 40000, LAN_HOST, 22).syn().build()), "preset-block");
            dropped(h.wan(Frames.tcp(REMOTE, 40000, WAN_IP, 22).syn().build()), "preset-block");
        }

        @Test
        void byDefaultTrafficFromTheLanToTheWanIsBlocked() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 40000, REMOTE, 80).syn().build()), "preset-block");
        }

        @Test
        void ipv6AndOtherNonIpv4FramesAreBlocked() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            Decision d = h.lan(Frames.ethernet(0x86dd, new byte[40]));
            dropped(d, "preset-block");
            assertThat(d.reason()).isEqualTo("not-ipv4");
        }

        @Test
        void arpGoesToTheHost() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.arpRequest(LAN_HOST, LAN_IP)), "preset-allow", "local");
        }
    }

    @Nested
    class LocalOutAndIps {

        @Test
        void theGatewaysOwnPacketsAreAcceptedAndTracked() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.host(Frames.udp(WAN_IP, 33000, "8.8.8.8", 53).build()), "local-out", "wan");
            accepted(h.wan(Frames.udp("8.8.8.8", 53, WAN_IP, 33000).build()), "established-allow", "local");
            assertThat(h.lastSent().ttl()).as("own packets keep their TTL").isEqualTo(64);
        }

        @Test
        void ipsInstalledButNotConfiguredBlocksTransitOnly() {
            EngineHarness h = new EngineHarness(modbusOut().application(Policy.NETWORK_PROTECTOR_PACKAGE, false).build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build()), "ips-stopped");
            accepted(h.lan(Frames.tcp(LAN_HOST, 40000, LAN_IP, 443).syn().build()), "preset-allow", "local");
            h.engine.apply(modbusOut().application(Policy.NETWORK_PROTECTOR_PACKAGE, true).build());
            decided(h.lan(Frames.tcp(LAN_HOST, 50001, REMOTE, 502).syn().build()), "accept", "custom-allow", 0, "wan");
        }
    }

    @Nested
    class ForwardingAndTranslation {

        @Test
        void ttlIsDecrementedAndChecksumsStayValid() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().ttl(9).build());
            assertThat(h.lastSent().ttl()).isEqualTo(8);
            assertThat(h.sink.last().egress()).isEqualTo(Interface.WAN);
        }

        @Test
        void ttlOfOneCannotBeForwardedAndTheSenderIsTold() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            dropped(h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().ttl(1).build()), "ttl-exceeded");
            // An ICMP time exceeded goes back to the sender, from the gateway's LAN address,
            // quoting the packet as it arrived (before translation).
            PacketView error = h.lastSent();
            assertThat(h.sink.last().egress()).isEqualTo(Interface.LAN);
            assertThat(error.source()).isEqualTo(ip(LAN_IP));
            assertThat(error.destination()).isEqualTo(ip(LAN_HOST));
            assertThat(error.icmpType()).isEqualTo(11);
            byte[] f = h.sink.last().frame();
            int quote = 14 + 20 + 8;
            assertThat(Ipv4.source(f, quote)).isEqualTo(ip(LAN_HOST));
            assertThat(Ipv4.destination(f, quote)).isEqualTo(ip(REMOTE));
        }

        @Test
        void icmpErrorsAreNeverSentAboutIcmpErrorsAndAreRateLimited() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            h.lan(Frames.icmpEcho(LAN_HOST, REMOTE, 1).icmpType(3, 1).payload(28).ttl(1).build());
            assertThat(h.sink.sent()).isEmpty();
            for (int i = 0; i < 200; i++) {
                h.lan(Frames.tcp(LAN_HOST, 50000 + i, REMOTE, 502).syn().ttl(1).build());
            }
            // 200 packets within 0.2 s of packet time: the burst of 50 and about 20 more.
            assertThat(h.sink.sent().size()).isBetween(50, 75);
        }

        @Test
        void masqueradingKeepsTheSourcePortUnlessTaken() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", null, null, null, null).build());
            h.lan(Frames.udp("192.168.1.30", 40000, REMOTE, 53).build());
            assertThat(h.lastSent().sourcePort()).isEqualTo(40000);
            h.lan(Frames.udp("192.168.1.31", 40000, REMOTE, 53).build());
            int port = h.lastSent().sourcePort();
            assertThat(port).isNotEqualTo(40000).isBetween(1024, 65535);
            accepted(h.wan(Frames.udp(REMOTE, 53, WAN_IP, port).build()), "established-allow", "lan");
            assertThat(h.lastSent().destination()).isEqualTo(ip("192.168.1.31"));
            assertThat(h.lastSent().destinationPort()).isEqualTo(40000);
        }

        @Test
        void masqueradingOffLeavesAddressesAlone() {
            EngineHarness h = new EngineHarness(modbusOut().masquerading(false).build());
            h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build());
            assertThat(h.lastSent().source()).isEqualTo(ip(LAN_HOST));
        }

        @Test
        void staticRoutesUseLongestPrefix() {
            EngineHarness h = new EngineHarness(TestConfigs.router().masquerading(false)
                    .rule("accept", "Out", "udp", null, null, null, null)
                    .route("10.0.0.0/8", "198.51.100.7").route("10.20.0.0/16", "192.168.1.254").build());
            decided(h.wan(Frames.udp(REMOTE, 1, "10.20.3.4", 1).build()), "accept", "custom-allow", 0, "lan");
            assertThat(h.sink.last().egress()).isEqualTo(Interface.LAN);
        }

        @Test
        void icmpEchoIsMasqueradedByIdentifier() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            accepted(h.lan(Frames.icmpEcho(LAN_HOST, REMOTE, 77).build()), "preset-allow", "wan");
            assertThat(h.lastSent().source()).isEqualTo(ip(WAN_IP));
            accepted(h.wan(Frames.icmpEchoReply(REMOTE, WAN_IP, 77).build()), "preset-allow", "lan");
            assertThat(h.lastSent().destination()).isEqualTo(ip(LAN_HOST));
        }

        @Test
        void icmpErrorsAboutMasqueradedFlowsReachTheRealSender() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", null, null, null, null).build());
            h.lan(Frames.udp("192.168.1.31", 40000, REMOTE, 53).build());
            h.lan(Frames.udp(LAN_HOST, 40000, REMOTE, 53).payload(4).build());
            PacketView out = h.lastSent();
            int translatedPort = out.sourcePort();
            assertThat(translatedPort).isNotEqualTo(40000);
            // The remote answers "port unreachable", quoting the packet it got (from the WAN address).
            byte[] quoted = java.util.Arrays.copyOfRange(h.sink.last().frame(), 14, 14 + out.ipTotalLength());
            byte[] error = Frames.icmpEcho(REMOTE, WAN_IP, 0).icmpType(3, 3).payload(quoted).build();
            error[14 + 20 + 4] = 0;
            error[14 + 20 + 5] = 0;
            error[14 + 20 + 6] = 0;
            error[14 + 20 + 7] = 0;
            fixIcmpChecksum(error);
            accepted(h.wan(error), "preset-allow", "lan");
            PacketView back = h.lastSent();
            assertThat(back.destination()).isEqualTo(ip(LAN_HOST));
            byte[] f = h.sink.last().frame();
            int q = 14 + 20 + 8;
            assertThat(Ipv4.source(f, q)).isEqualTo(ip(LAN_HOST));
            assertThat(((f[q + 20] & 0xff) << 8) | (f[q + 21] & 0xff)).isEqualTo(40000);
            assertThat(dev.palisade.packet.Checksum.verifies(dev.palisade.packet.Checksum.sum(f, q, 20, 0))).isTrue();
        }

        private static void fixIcmpChecksum(byte[] frame) {
            int icmp = 14 + 20;
            frame[icmp + 2] = 0;
            frame[icmp + 3] = 0;
            int c = dev.palisade.packet.Checksum.finish(dev.palisade.packet.Checksum.sum(frame, icmp, frame.length - icmp, 0));
            frame[icmp + 2] = (byte) (c >>> 8);
            frame[icmp + 3] = (byte) c;
        }

        @Test
        void wanHostsCannotPoseAsLanHostsOrAsTheGateway() {
            EngineHarness h = new EngineHarness(TestConfigs.router().allow("192.168.1.50").build());
            Decision d = h.wan(Frames.udp("192.168.1.50", 1000, LAN_HOST, 502).build());
            dropped(d, "malformed");
            assertThat(d.reason()).isEqualTo("reverse-path");
            assertThat(h.wan(Frames.udp(WAN_IP, 1000, LAN_HOST, 502).build()).reason()).isEqualTo("reverse-path");
        }

        @Test
        void directedBroadcastsAndMartiansAreNeverForwarded() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            Decision d = h.wan(Frames.icmpEcho(REMOTE, "192.168.1.255", 1).build());
            dropped(d, "malformed");
            assertThat(d.reason()).isEqualTo("martian-destination");
            assertThat(h.lan(Frames.icmpEcho(LAN_HOST, "127.0.0.1", 1).build()).reason()).isEqualTo("martian-destination");
            assertThat(h.sink.sent()).isEmpty();
        }

        @Test
        void theLanOnlyBrokerIsNotReachableFromTheWanThroughTheLanAddress() {
            EngineHarness h = new EngineHarness(TestConfigs.router().build());
            dropped(h.wan(Frames.tcp(REMOTE, 40000, LAN_IP, 1883).syn().build()), "preset-block");
            dropped(h.wan(Frames.udp(REMOTE, 40000, LAN_IP, 53).build()), "preset-block");
        }

        @Test
        void droppedFramesTeachNoNeighbour() {
            EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "udp", null, null, null, null).build());
            // An off-link source on the WAN, dropped: its MAC must not become the way out.
            byte[] attack = Frames.tcp("8.8.4.4", 1, WAN_IP, 2).syn().macs(0x02bad0bad0bdL, Frames.GATEWAY_MAC).build();
            dropped(h.wan(attack), "preset-block");
            h.lan(Frames.udp(LAN_HOST, 1000, "8.8.8.8", 53).build());
            assertThat(dev.palisade.packet.Ethernet.macAsLong(h.sink.last().frame(), 0)).isNotEqualTo(0x02bad0bad0bdL);
        }

        @Test
        void countersSayWhichStageAndRuleDecided() {
            EngineHarness h = new EngineHarness(modbusOut().build());
            h.lan(Frames.tcp(LAN_HOST, 50000, REMOTE, 502).syn().build());
            h.wan(Frames.tcp(REMOTE, 1, WAN_IP, 2).syn().build());
            EngineCounters c = h.engine.counters();
            assertThat(c.packets()).isEqualTo(2);
            assertThat(c.stage(Stage.CUSTOM_ALLOW)).isEqualTo(1);
            assertThat(c.stage(Stage.PRESET_BLOCK)).isEqualTo(1);
            assertThat(c.firewallRuleHits()).containsExactly(1);
            assertThat(c.connections()).isEqualTo(1);
        }
    }
}
