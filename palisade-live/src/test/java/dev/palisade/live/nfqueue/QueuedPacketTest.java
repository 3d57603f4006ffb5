package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.live.netlink.NetlinkReader;
import dev.palisade.live.netlink.WireBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class QueuedPacketTest {

    private static MemorySegment segment(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    @Test
    void readsEveryFieldOfAKernelPacketMessage() {
        byte[] payload = {0x45, 0, 0, 20, 1, 2, 3};
        byte[] m = KernelMessages.packet(3, 0x8000_0001, QueuedPacket.HOOK_FORWARD, 7, 0x100, payload);
        try (Arena arena = Arena.ofConfined()) {
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, m), m.length);
            assertThat(r.next()).isTrue();
            QueuedPacket p = new QueuedPacket();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.NONE);
            assertThat(p.queue()).isEqualTo(3);
            assertThat(p.id()).isEqualTo(0x8000_0001);
            assertThat(p.hardwareProtocol()).isEqualTo(0x0800);
            assertThat(p.hook()).isEqualTo(QueuedPacket.HOOK_FORWARD);
            assertThat(p.inputInterface()).isEqualTo(7);
            assertThat(p.outputInterface()).isZero();
            assertThat(p.mark()).isZero();
            assertThat(p.hasConntrack()).isTrue();
            assertThat(p.conntrackId()).isEqualTo(0xc0ffee);
            assertThat(p.conntrackMark()).isEqualTo(0x100);
            assertThat(p.conntrackInfo()).isEqualTo(QueuedPacket.CT_NEW);
            assertThat(p.payloadLength()).isEqualTo(payload.length);
            assertThat(p.isTruncated()).isFalse();
            byte[] copy = new byte[16];
            assertThat(p.copyPayload(copy, 0)).isEqualTo(payload.length);
            assertThat(java.util.Arrays.copyOf(copy, payload.length)).containsExactly(payload);
            assertThat(p.payload().toArray(ValueLayout.JAVA_BYTE)).containsExactly(payload);
            assertThat(p.copyPayload(new byte[3], 0)).as("bounded by the target").isEqualTo(3);
        }
    }

    @Test
    void capLenAndSkbInfoTellAGsoPacketCutByTheCopyRange() {
        byte[] m = WireBytes.of()
                .host32(16 + 4 + 12 + 8 + 8 + 8).host16(0x0300).host16(0).host32(0).host32(0)
                .u8(2).u8(0).be16(0)
                .host16(11).host16(1).be32(5).be16(0x0800).u8(2).zeros(1)
                .host16(8).host16(QueueProtocol.NFQA_CAP_LEN).be32(70000)
                .host16(8).host16(QueueProtocol.NFQA_SKB_INFO).be32(QueueProtocol.SKB_GSO | QueueProtocol.SKB_CSUMNOTREADY)
                .host16(8).host16(QueueProtocol.NFQA_PAYLOAD).be32(0x45000000)
                .build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, m), m.length);
            assertThat(r.next()).isTrue();
            QueuedPacket p = new QueuedPacket();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.NONE);
            assertThat(p.isGso()).isTrue();
            assertThat(p.checksumNotReady()).isTrue();
            assertThat(p.originalLength()).isEqualTo(70000);
            assertThat(p.isTruncated()).isTrue();
            assertThat(p.hasConntrack()).isFalse();
            assertThat(p.conntrackInfo()).isEqualTo(-1);
        }
    }

    @Test
    void refusesWhatIsNotAWholePacketMessage() {
        try (Arena arena = Arena.ofConfined()) {
            QueuedPacket p = new QueuedPacket();
            NetlinkReader r = new NetlinkReader();
            byte[] other = WireBytes.of().host32(20).host16(0x0301).host16(0).host32(0).host32(0).zeros(4).build();
            r.wrap(segment(arena, other), other.length).next();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.NOT_A_PACKET);
            byte[] noNfgen = WireBytes.of().host32(18).host16(0x0300).host16(0).host32(0).host32(0).zeros(2).build();
            r.wrap(segment(arena, noNfgen), noNfgen.length).next();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.SHORT_HEADER);
            byte[] shortHeader = WireBytes.of().host32(30).host16(0x0300).host16(0).host32(0).host32(0).zeros(4)
                    .host16(10).host16(1).be32(5).be16(0x800).build();
            r.wrap(segment(arena, shortHeader), shortHeader.length).next();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.NO_PACKET_HEADER);
            assertThat(p.hasId()).isFalse();
            byte[] badAfterHeader = WireBytes.of().host32(16 + 4 + 12 + 4).host16(0x0300).host16(0).host32(0).host32(0).zeros(4)
                    .host16(11).host16(1).be32(42).be16(0x800).u8(2).zeros(1)
                    .host16(99).host16(10).build();
            r.wrap(segment(arena, badAfterHeader), badAfterHeader.length).next();
            assertThat(p.read(r)).isEqualTo(QueuedPacket.Problem.BAD_ATTRIBUTES);
            assertThat(p.hasId()).as("the id is known, so the packet can still be dropped").isTrue();
            assertThat(p.id()).isEqualTo(42);
        }
    }
}
