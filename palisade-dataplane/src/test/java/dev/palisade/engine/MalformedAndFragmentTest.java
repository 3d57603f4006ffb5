package dev.palisade.engine;

import static dev.palisade.engine.Expect.decided;
import static dev.palisade.engine.Expect.dropped;
import static dev.palisade.testing.Frames.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketView;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Malformed frames are counted and dropped; fragments are reassembled before policy. */
class MalformedAndFragmentTest {

    static final String LAN_HOST = "192.168.1.30";
    static final String REMOTE = "203.0.113.10";

    static TestConfigs udpOut() {
        return TestConfigs.router().rule("accept", "In", "udp", null, null, null, "9000");
    }

    @Test
    void truncatedAndInconsistentFramesAreDroppedAndCounted() {
        EngineHarness h = new EngineHarness(udpOut().build());
        byte[] good = Frames.udp(LAN_HOST, 1, REMOTE, 9000).payload(10).build();
        Decision d = h.lan(Arrays.copyOf(good, 30));
        dropped(d, "malformed");
        assertThat(d.reason()).isEqualTo("truncated-ipv4");
        byte[] badSum = good.clone();
        badSum[14 + 10] ^= 1;
        assertThat(h.lan(badSum).reason()).isEqualTo("bad-ip-checksum");
        byte[] badUdp = good.clone();
        badUdp[good.length - 1] ^= 1;
        assertThat(h.lan(badUdp).reason()).isEqualTo("bad-l4-checksum");
        assertThat(h.lan(new byte[5]).reason()).isEqualTo("truncated-ethernet");
        assertThat(h.engine.counters().malformed())
                .containsEntry(Malformation.TRUNCATED_IPV4, 1L)
                .containsEntry(Malformation.BAD_IP_CHECKSUM, 1L)
                .containsEntry(Malformation.BAD_L4_CHECKSUM, 1L)
                .containsEntry(Malformation.TRUNCATED_ETHERNET, 1L);
        decided(h.lan(good), "accept", "custom-allow", 0, "wan");
    }

    @Test
    void scanFlagCombinationsAreRefused() {
        EngineHarness h = new EngineHarness(TestConfigs.router().build());
        assertThat(h.lan(Frames.tcp(LAN_HOST, 1, REMOTE, 2).flags(0x03).build()).reason()).isEqualTo("bad-tcp-flags");
        assertThat(h.lan(Frames.tcp(LAN_HOST, 1, REMOTE, 2).flags(0).build()).reason()).isEqualTo("bad-tcp-flags");
        assertThat(h.lan(Frames.tcp(LAN_HOST, 1, REMOTE, 2).flags(0x29).build()).reason()).isEqualTo("bad-tcp-flags");
    }

    @Test
    void sourceRoutedAndMartianPacketsAreRefused() {
        EngineHarness h = new EngineHarness(TestConfigs.router().build());
        byte[] lsrr = Frames.udp(LAN_HOST, 1, REMOTE, 9000).ipOptions((byte) 131, (byte) 7, (byte) 4, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 0).build();
        assertThat(h.lan(lsrr).reason()).isEqualTo("source-routed");
        assertThat(h.wan(Frames.udp("127.0.0.1", 1, "198.51.100.2", 9000).build()).reason()).isEqualTo("bad-source-address");
        assertThat(h.wan(Frames.udp("224.0.0.5", 1, "198.51.100.2", 9000).build()).reason()).isEqualTo("bad-source-address");
    }

    private static byte[][] fragments(Frames f, int chunk) {
        byte[] l4 = f.transport();
        int n = (l4.length + chunk - 1) / chunk;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            int from = i * chunk;
            int to = Math.min(l4.length, from + chunk);
            out[i] = f.fragment(to < l4.length, from / 8).frame(f.ipPacket(Arrays.copyOfRange(l4, from, to)));
        }
        return out;
    }

    @Test
    void fragmentsAreReassembledAndEveryFragmentGetsTheDatagramsVerdict() {
        EngineHarness h = new EngineHarness(udpOut().build());
        byte[][] parts = fragments(Frames.udp(LAN_HOST, 1, REMOTE, 9000).id(77).payload(3000), 1480);
        assertThat(parts.length).isEqualTo(3);
        Decision first = h.lan(parts[0]);
        assertThat(first.verdict().key()).isEqualTo("held");
        h.lan(parts[2]);
        Decision last = h.lan(parts[1]);
        decided(last, "accept", "custom-allow", 0, "wan");
        assertThat(last.fragments()).isEqualTo(3);
        assertThat(h.heldDecisions).hasSize(2);
        h.heldDecisions.values().forEach(d -> decided(d, "accept", "custom-allow", 0, "wan"));
        // 3008 bytes of UDP re-fragmented at MTU 1500: three frames, all valid.
        assertThat(h.sink.sent()).hasSize(3);
        assertThat(h.engine.counters().fragmentsReassembled()).isEqualTo(1);
    }

    @Test
    void policyCannotBeDodgedBySplittingTheHeader() {
        EngineHarness h = new EngineHarness(TestConfigs.router().rule("accept", "In", "tcp", null, null, null, "80")
                .rule("deny", "In", "tcp", null, null, null, "22").build());
        Frames f = Frames.tcp(LAN_HOST, 1000, REMOTE, 22).syn().id(9);
        byte[] l4 = f.transport();
        // First fragment holds only 8 bytes: the ports but not the flags.
        h.lan(f.fragment(true, 0).frame(f.ipPacket(Arrays.copyOfRange(l4, 0, 8))));
        Decision d = h.lan(f.fragment(false, 1).frame(f.ipPacket(Arrays.copyOfRange(l4, 8, l4.length))));
        decided(d, "drop", "custom-deny", 1, null);
    }

    @Test
    void refragmentedDatagramsCarryOnlyCopiedOptionsAfterTheFirstFragment() {
        EngineHarness h = new EngineHarness(udpOut().build());
        // Record route (7, not copied, 7 bytes) and a copied option (0x82 security-like, 4 bytes), then end.
        Frames f = Frames.udp(LAN_HOST, 1, REMOTE, 9000).id(78).payload(3000)
                .ipOptions((byte) 7, (byte) 7, (byte) 4, (byte) 0, (byte) 0, (byte) 0, (byte) 0,
                        (byte) 0x82, (byte) 4, (byte) 0, (byte) 0, (byte) 0);
        byte[] l4 = f.transport();
        int chunk = 1456;
        int off = 0;
        Decision last = null;
        while (off < l4.length) {
            int end = Math.min(l4.length, off + chunk);
            last = h.lan(f.fragment(end < l4.length, off / 8).frame(f.ipPacket(Arrays.copyOfRange(l4, off, end))));
            off = end;
        }
        decided(last, "accept", "custom-allow", 0, "wan");
        assertThat(h.sink.sent()).hasSizeGreaterThan(2);
        byte[] first = h.sink.sent().get(0).frame();
        byte[] second = h.sink.sent().get(1).frame();
        assertThat((first[14] & 0x0f) * 4).isEqualTo(32);
        assertThat((second[14] & 0x0f) * 4).as("only the copied option, padded").isEqualTo(24);
        assertThat(second[14 + 20] & 0xff).isEqualTo(0x82);
        PacketView v = new PacketView();
        for (var sent : h.sink.sent()) {
            assertThat(new dev.palisade.packet.PacketParser(true).parse(sent.frame(), 0, sent.frame().length, sent.link(), v))
                    .isEqualTo(Malformation.NONE);
        }
    }

    @Test
    void overlappingFragmentsDropTheDatagram() {
        EngineHarness h = new EngineHarness(udpOut().build());
        Frames f = Frames.udp(LAN_HOST, 1, REMOTE, 9000).id(5).payload(64);
        byte[] l4 = f.transport();
        h.lan(f.fragment(true, 0).frame(f.ipPacket(Arrays.copyOfRange(l4, 0, 32))));
        Decision d = h.lan(f.fragment(false, 2).frame(f.ipPacket(Arrays.copyOfRange(l4, 16, l4.length))));
        dropped(d, "reassembly");
        assertThat(d.reason()).isEqualTo("fragment-overlap");
        assertThat(h.heldDecisions.values()).allSatisfy(x -> dropped(x, "reassembly"));
        assertThat(h.engine.counters().fragmentOverlaps()).isEqualTo(1);
    }

    @Test
    void incompleteDatagramsTimeOut() {
        EngineHarness h = new EngineHarness(udpOut().build());
        Frames f = Frames.udp(LAN_HOST, 1, REMOTE, 9000).id(6).payload(64);
        byte[] l4 = f.transport();
        h.lan(f.fragment(true, 0).frame(f.ipPacket(Arrays.copyOfRange(l4, 0, 32))));
        h.advanceSeconds(31);
        h.lan(Frames.udp(LAN_HOST, 2, REMOTE, 9000).build());
        assertThat(h.heldDecisions).hasSize(1);
        assertThat(h.heldDecisions.values().iterator().next().reason()).isEqualTo("reassembly-timeout");
    }

    @Test
    void oversizedFragmentsAreRefused() {
        EngineHarness h = new EngineHarness(udpOut().build());
        Frames f = Frames.udp(LAN_HOST, 1, REMOTE, 9000).id(7);
        byte[] frame = f.fragment(false, 8190).frame(f.ipPacket(new byte[100]));
        Decision d = h.lan(frame);
        dropped(d, "malformed");
        assertThat(d.reason()).isEqualTo("bad-fragment");
    }

    @Test
    void vlanTaggedFramesAreParsedAndSentUntagged() {
        EngineHarness h = new EngineHarness(udpOut().build());
        decided(h.lan(Frames.udp(LAN_HOST, 1, REMOTE, 9000).vlan(10).build()), "accept", "custom-allow", 0, "wan");
        PacketView out = h.lastSent();
        assertThat(out.vlanTags()).isZero();
        assertThat(out.destination()).isEqualTo(ip(REMOTE));
    }
}
