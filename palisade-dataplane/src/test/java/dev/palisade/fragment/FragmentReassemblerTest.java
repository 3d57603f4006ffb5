package dev.palisade.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.packet.Checksum;
import dev.palisade.packet.Ipv4;
import dev.palisade.packet.LinkLayer;
import dev.palisade.packet.Malformation;
import dev.palisade.packet.PacketParser;
import dev.palisade.packet.PacketView;
import dev.palisade.testing.Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reassembly on fragments cut from real UDP datagrams and run through the parser, so every
 * fragment is one the engine could see. The reassembled datagram is parsed again: its header
 * checksum and the UDP checksum over the whole payload must verify.
 */
class FragmentReassemblerTest {

    private static final long TIMEOUT = 30_000_000_000L;
    private static final int LAN = 0;
    private static final int WAN = 1;

    private final PacketParser parser = new PacketParser(true);
    private FragmentReassembler reassembler = new FragmentReassembler(8, 1 << 20, TIMEOUT);

    /** A UDP datagram's builder; its transport segment is what gets cut into fragments. */
    private static Frames datagram(int id, int payload) {
        return Frames.udp("192.168.1.10", 5000, "203.0.113.5", 6000).rawIp().id(id).payload(payload);
    }

    /** One fragment: bytes [start, end) of the segment, MF unless it reaches the end. */
    private static byte[] fragment(Frames f, byte[] segment, int start, int end) {
        f.fragment(end < segment.length, start / 8);
        return f.ipPacket(Arrays.copyOfRange(segment, start, end));
    }

    /** Cuts the segment at the given offsets (multiples of 8). */
    private static List<byte[]> cut(Frames f, int... cuts) {
        byte[] segment = f.transport();
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int c : cuts) {
            out.add(fragment(f, segment, start, c));
            start = c;
        }
        out.add(fragment(f, segment, start, segment.length));
        return out;
    }

    private PacketView view(byte[] packet) {
        PacketView v = new PacketView();
        assertThat(parser.parse(packet, 0, packet.length, LinkLayer.RAW_IP, v)).isEqualTo(Malformation.NONE);
        assertThat(v.isFragment()).isTrue();
        return v;
    }

    private int offer(byte[] packet, long tag, long now) {
        return reassembler.offer(view(packet), LAN, tag, now);
    }

    private long[] tags() {
        return Arrays.copyOf(reassembler.tags(), reassembler.tagCount());
    }

    /** Parses the completed datagram: checksums verify, and it is the unfragmented datagram. */
    private PacketView completed(Frames original) {
        byte[] b = reassembler.datagram();
        int at = reassembler.datagramOffset();
        int length = reassembler.datagramLength();
        PacketView v = new PacketView();
        assertThat(parser.parse(b, at, length, LinkLayer.RAW_IP, v)).isEqualTo(Malformation.NONE);
        assertThat(v.isFragment()).isFalse();
        assertThat(Checksum.verifies(Checksum.sum(b, at, v.ipHeaderLength(), 0))).isTrue();
        byte[] segment = original.transport();
        assertThat(Arrays.copyOfRange(b, v.l4Offset(), at + length)).isEqualTo(segment);
        assertThat(v.ipTotalLength()).isEqualTo(v.ipHeaderLength() + segment.length);
        return v;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void reassemblesFragmentsInAnyOrder(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Frames f = datagram(seed, 1000 + r.nextInt(500));
        int length = f.transport().length;
        List<Integer> cuts = new ArrayList<>();
        for (int at = 8 * r.nextInt(1, 40); at < length; at += 8 * r.nextInt(1, 40)) {
            cuts.add(at);
        }
        List<byte[]> pieces = cut(f, cuts.stream().mapToInt(Integer::intValue).toArray());
        // Shuffle (seed 1 keeps order, seed 2 reverses it: the two honest extremes).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            order.add(i);
        }
        if (seed == 2) {
            java.util.Collections.reverse(order);
        } else if (seed > 2) {
            java.util.Collections.shuffle(order, new java.util.Random(seed));
        }
        for (int k = 0; k < order.size(); k++) {
            int result = offer(pieces.get(order.get(k)), order.get(k), 1000 + k);
            if (k < order.size() - 1) {
                assertThat(result).as("fragment %d of %d", k, order.size()).isEqualTo(FragmentReassembler.HELD);
            } else {
                assertThat(result).isEqualTo(FragmentReassembler.COMPLETE);
            }
        }
        completed(f);
        // Tags of the fragments held before the completing one, in arrival order.
        assertThat(tags()).containsExactly(order.subList(0, order.size() - 1).stream().mapToLong(Integer::longValue).toArray());
        assertThat(reassembler.completedCount()).isEqualTo(1);
    }

    /**
     * A fragment received twice counts as an overlap and discards the whole datagram: the check
     * compares ranges, not contents, and a duplicate is indistinguishable from a rewrite of the
     * same bytes. Honest paths rarely duplicate; the sender's retransmission is a new datagram.
     */
    @Test
    void duplicateFragmentDiscardsTheDatagramAsAnOverlap() {
        Frames f = datagram(7, 100);
        List<byte[]> p = cut(f, 48);
        assertThat(offer(p.get(0), 10, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(p.get(0), 11, 1)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-overlap");
        assertThat(tags()).containsExactly(10);
        assertThat(reassembler.overlapCount()).isEqualTo(1);
        assertThat(reassembler.bytesHeld()).isZero();
        // What arrives later starts a new datagram that never completes on its own.
        assertThat(offer(p.get(1), 12, 2)).isEqualTo(FragmentReassembler.HELD);
    }

    @Test
    void partialOverlapIsDiscarded() {
        Frames f = datagram(8, 100);
        byte[] segment = f.transport();
        assertThat(offer(fragment(f, segment, 0, 32), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        // Bytes 24..39 overlap bytes 24..31 of the first: the classic Teardrop/evasion shape.
        assertThat(offer(fragment(f, segment, 24, 40), 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-overlap");
    }

    @Test
    void secondLastFragmentIsAnOverlap() {
        Frames f = datagram(9, 100);
        byte[] segment = f.transport();
        assertThat(offer(fragment(f, segment, 48, segment.length), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        // A different end of the datagram, not overlapping in range: still two ends.
        f.fragment(false, 2);
        assertThat(offer(f.ipPacket(Arrays.copyOfRange(segment, 16, 24)), 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-overlap");
    }

    @Test
    void lastFragmentEndingBeforeHeldDataIsDiscarded() {
        Frames f = datagram(10, 100);
        byte[] segment = f.transport();
        assertThat(offer(fragment(f, segment, 64, 80), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        f.fragment(false, 2);
        assertThat(offer(f.ipPacket(Arrays.copyOfRange(segment, 16, 24)), 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-overlap");
    }

    @Test
    void fragmentBeyondTheEndIsDiscarded() {
        Frames f = datagram(11, 100);
        byte[] segment = f.transport(); // 108 bytes
        assertThat(offer(fragment(f, segment, 96, segment.length), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        // An MF fragment past byte 108 of a datagram known to end there.
        f.fragment(true, 14);
        assertThat(offer(f.ipPacket(new byte[16]), 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-beyond-end");
    }

    @Test
    void maxFragmentsPerDatagram() {
        int n = FragmentReassembler.MAX_FRAGMENTS;
        // Exactly MAX_FRAGMENTS fragments of 8 bytes: completes.
        Frames ok = datagram(12, n * 8 - 8);
        int[] cuts = new int[n - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 8 * (i + 1);
        }
        List<byte[]> pieces = cut(ok, cuts);
        assertThat(pieces).hasSize(n);
        for (int i = 0; i < n - 1; i++) {
            assertThat(offer(pieces.get(i), i, 0)).isEqualTo(FragmentReassembler.HELD);
        }
        assertThat(offer(pieces.get(n - 1), n - 1, 0)).isEqualTo(FragmentReassembler.COMPLETE);
        completed(ok);

        // One more fragment than allowed: the datagram is discarded at the (n+1)-th.
        Frames tooMany = datagram(13, n * 8);
        int[] more = new int[n];
        for (int i = 0; i < more.length; i++) {
            more[i] = 8 * (i + 1);
        }
        List<byte[]> many = cut(tooMany, more);
        for (int i = 0; i < n; i++) {
            assertThat(offer(many.get(i), i, 0)).isEqualTo(FragmentReassembler.HELD);
        }
        assertThat(offer(many.get(n), n, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("reassembly-limit");
        assertThat(reassembler.tagCount()).isEqualTo(n);
        assertThat(reassembler.limitDropCount()).isEqualTo(1);
        assertThat(reassembler.bytesHeld()).isZero();
    }

    @Test
    void byteBudgetOverAllDatagrams() {
        reassembler = new FragmentReassembler(8, 100, TIMEOUT);
        Frames a = datagram(20, 200);
        Frames b = datagram(21, 200);
        assertThat(offer(cut(a, 64).get(0), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(reassembler.bytesHeld()).isEqualTo(64);
        // 64 + 64 > 100: the newcomer's datagram is refused, the held one kept.
        assertThat(offer(cut(b, 64).get(0), 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("reassembly-limit");
        assertThat(reassembler.tagCount()).isZero();
        assertThat(reassembler.bytesHeld()).isEqualTo(64);
        // The held datagram may grow while it stays within budget; when its last 112 bytes would
        // exceed it, it is discarded and every byte it held is returned.
        assertThat(offer(cut(a, 64, 96).get(1), 3, 0)).isEqualTo(FragmentReassembler.HELD);
        List<byte[]> rest = cut(a, 96);
        assertThat(offer(rest.get(1), 4, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.bytesHeld()).isZero();
    }

    @Test
    void datagramSlotsAreBounded() {
        reassembler = new FragmentReassembler(2, 1 << 20, TIMEOUT);
        List<byte[]> a = cut(datagram(30, 100), 56);
        assertThat(offer(a.get(0), 1, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(cut(datagram(31, 100), 56).get(0), 2, 0)).isEqualTo(FragmentReassembler.HELD);
        // The third datagram takes the slot of the oldest, whose held fragment is reported evicted.
        assertThat(offer(cut(datagram(32, 100), 56).get(0), 3, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(reassembler.evictedTagCount()).isEqualTo(1);
        assertThat(reassembler.evictedTags()[0]).isEqualTo(1);
        assertThat(reassembler.evictionCount()).isEqualTo(1);
        // The evicted datagram starts over: its last fragment alone is held, not completed.
        assertThat(offer(a.get(1), 4, 0)).isEqualTo(FragmentReassembler.HELD);
    }

    @Test
    void incompleteDatagramTimesOutFromItsFirstFragment() {
        long t0 = 5_000_000_000L;
        List<byte[]> p = cut(datagram(40, 200), 64, 128);
        assertThat(offer(p.get(0), 1, t0)).isEqualTo(FragmentReassembler.HELD);
        // A later fragment does not extend the deadline: a trickle cannot hold memory forever.
        assertThat(offer(p.get(2), 2, t0 + TIMEOUT / 2)).isEqualTo(FragmentReassembler.HELD);
        assertThat(reassembler.expireOne(t0 + TIMEOUT - 1)).isFalse();
        assertThat(reassembler.expireOne(t0 + TIMEOUT)).isTrue();
        assertThat(reassembler.lastReason()).isEqualTo("reassembly-timeout");
        assertThat(tags()).containsExactly(1, 2);
        assertThat(reassembler.timeoutCount()).isEqualTo(1);
        assertThat(reassembler.bytesHeld()).isZero();
        assertThat(reassembler.expireOne(Long.MAX_VALUE)).isFalse();
        // The missing middle now starts a datagram of its own.
        assertThat(offer(p.get(1), 3, t0 + TIMEOUT)).isEqualTo(FragmentReassembler.HELD);
    }

    @Test
    void reassembledDatagramLargerThan65535IsDiscarded() {
        // First fragment with a 60-byte header, the rest with 20: each fragment is legal, but the
        // whole would be 60 + 65515 bytes, more than an IPv4 total length can say.
        Frames f = datagram(50, 65_507);
        byte[] segment = f.transport();
        assertThat(segment.length).isEqualTo(65_515);
        byte[] nops = new byte[40];
        Arrays.fill(nops, (byte) 1);
        f.ipOptions(nops);
        byte[] first = fragment(f, segment, 0, 32_760);
        f.ipOptions();
        byte[] last = fragment(f, segment, 32_760, segment.length);
        assertThat(offer(first, 1, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(last, 2, 0)).isEqualTo(FragmentReassembler.DISCARDED);
        assertThat(reassembler.lastReason()).isEqualTo("fragment-oversize");
        assertThat(reassembler.oversizeCount()).isEqualTo(1);
        assertThat(reassembler.bytesHeld()).isZero();
    }

    @Test
    void headerComesFromTheFirstFragment() {
        Frames f = datagram(60, 300);
        byte[] segment = f.transport();
        // Later fragments: TTL 99, no options. First fragment: TTL 33 and a router-alert option.
        f.ttl(99);
        byte[] middle = fragment(f, segment, 104, 208);
        byte[] last = fragment(f, segment, 208, segment.length);
        f.ttl(33).ipOptions((byte) 0x94, (byte) 0x04, (byte) 0x00, (byte) 0x00);
        byte[] first = fragment(f, segment, 0, 104);
        assertThat(offer(last, 1, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(first, 2, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(middle, 3, 0)).isEqualTo(FragmentReassembler.COMPLETE);
        PacketView v = completed(f.ipOptions());
        assertThat(v.ttl()).isEqualTo(33);
        assertThat(v.ipHeaderLength()).isEqualTo(24);
        assertThat(v.identification()).isEqualTo(60);
        byte[] b = reassembler.datagram();
        assertThat(b[v.l3Offset() + 20] & 0xff).isEqualTo(0x94);
    }

    @ParameterizedTest(name = "DF on the first fragment: {0}")
    @ValueSource(booleans = {true, false})
    void dontFragmentIsKeptAndMoreFragmentsCleared(boolean dontFragment) {
        Frames f = datagram(70, 100);
        byte[] segment = f.transport();
        // fragment(more, units) writes the raw flags+offset field: or-ing DF into the units sets it.
        f.fragment(true, dontFragment ? Ipv4.FLAG_DONT_FRAGMENT : 0);
        byte[] first = f.ipPacket(Arrays.copyOfRange(segment, 0, 56));
        byte[] last = fragment(f, segment, 56, segment.length);
        assertThat(offer(first, 1, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(offer(last, 2, 0)).isEqualTo(FragmentReassembler.COMPLETE);
        PacketView v = completed(f);
        int field = Ipv4.flagsAndFragmentOffset(reassembler.datagram(), v.l3Offset());
        assertThat(field).isEqualTo(dontFragment ? Ipv4.FLAG_DONT_FRAGMENT : 0);
        assertThat(v.moreFragments()).isFalse();
    }

    @Test
    void fragmentsOfDifferentIngressOrProtocolAreDifferentDatagrams() {
        Frames f = datagram(80, 100);
        List<byte[]> p = cut(f, 56);
        assertThat(reassembler.offer(view(p.get(0)), LAN, 1, 0)).isEqualTo(FragmentReassembler.HELD);
        // Same addresses and id arriving on the other interface: not the same datagram.
        assertThat(reassembler.offer(view(p.get(1)), WAN, 2, 0)).isEqualTo(FragmentReassembler.HELD);
        // Same addresses and id, other protocol: not the same datagram either.
        Frames tcp = Frames.tcp("192.168.1.10", 5000, "203.0.113.5", 6000).rawIp().id(80).payload(100);
        assertThat(reassembler.offer(view(cut(tcp, 56).get(1)), LAN, 3, 0)).isEqualTo(FragmentReassembler.HELD);
        assertThat(reassembler.offer(view(p.get(1)), LAN, 4, 0)).isEqualTo(FragmentReassembler.COMPLETE);
        assertThat(tags()).containsExactly(1);
    }

    @Test
    void completedDatagramIsReleasedOnTheNextCall() {
        Frames f = datagram(90, 100);
        List<byte[]> p = cut(f, 56);
        offer(p.get(0), 1, 0);
        assertThat(offer(p.get(1), 2, 0)).isEqualTo(FragmentReassembler.COMPLETE);
        // Still readable until the next call, and still counted as held.
        assertThat(reassembler.bytesHeld()).isEqualTo(108);
        assertThat(reassembler.expireOne(Long.MAX_VALUE)).isFalse();
        completed(f);
        offer(cut(datagram(91, 100), 56).get(0), 3, 0);
        assertThat(reassembler.bytesHeld()).isEqualTo(56);
        reassembler.clear();
        assertThat(reassembler.bytesHeld()).isZero();
    }
}
