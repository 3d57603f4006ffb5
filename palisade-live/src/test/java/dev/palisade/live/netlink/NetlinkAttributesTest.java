package dev.palisade.live.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NetlinkAttributesTest {

    private static MemorySegment segment(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    @Test
    void indexesByTypeMasksFlagsSkipsUnknownAndLastWins() {
        byte[] b = WireBytes.of()
                .host16(8).host16(1).be32(0x11111111)
                .host16(8).host16(2 | Netlink.NLA_F_NET_BYTEORDER).be32(0x22222222)
                .host16(8).host16(40).be32(0x40404040)                       // above maxType: skipped
                .host16(8).host16(1).be32(0x33333333)                        // repeated: last wins
                .host16(12).host16(3 | Netlink.NLA_F_NESTED).host16(8).host16(4).be32(7)
                .host16(5).host16(5).u8(9).zeros(3)
                .build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = segment(arena, b);
            NetlinkAttributes a = new NetlinkAttributes(8).wrap(s, 0, b.length);
            assertThat(a.malformed()).isFalse();
            assertThat(a.be32(1, -1)).isEqualTo(0x33333333);
            assertThat(a.be32(2, -1)).isEqualTo(0x22222222);
            assertThat(a.u8(5, -1)).isEqualTo(9);
            assertThat(a.be32(5, -1)).as("1-byte payload read as 4").isEqualTo(-1);
            assertThat(a.has(6)).isFalse();
            assertThat(a.has(40)).isFalse();
            NetlinkAttributes inner = new NetlinkAttributes(8);
            assertThat(a.nested(3, inner)).isTrue();
            assertThat(inner.be32(4, -1)).isEqualTo(7);
            assertThat(a.nested(6, inner)).isFalse();
        }
    }

    @Test
    void anAttributeRunningPastTheRangeStopsIndexingButKeepsEarlierOnes() {
        byte[] b = WireBytes.of()
                .host16(8).host16(1).be32(5)
                .host16(200).host16(2).be32(6)
                .build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkAttributes a = new NetlinkAttributes(8).wrap(segment(arena, b), 0, b.length);
            assertThat(a.malformed()).isTrue();
            assertThat(a.be32(1, -1)).isEqualTo(5);
            assertThat(a.has(2)).isFalse();
        }
    }

    @Test
    void tooShortLengthsAndTrailingBytesAreMalformed() {
        try (Arena arena = Arena.ofConfined()) {
            byte[] zero = WireBytes.of().host16(0).host16(1).build();
            assertThat(new NetlinkAttributes(4).wrap(segment(arena, zero), 0, zero.length).malformed()).isTrue();
            byte[] tail = WireBytes.of().host16(4).host16(1).u8(1).u8(2).build();
            NetlinkAttributes a = new NetlinkAttributes(4).wrap(segment(arena, tail), 0, tail.length);
            assertThat(a.malformed()).isTrue();
            assertThat(a.has(1)).isTrue();
            assertThat(a.payloadLength(1)).isZero();
        }
    }

    @Test
    void theLastAttributeNeedNotBePadded() {
        byte[] b = WireBytes.of().host16(5).host16(2).u8(1).build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkAttributes a = new NetlinkAttributes(4).wrap(segment(arena, b), 0, b.length);
            assertThat(a.malformed()).isFalse();
            assertThat(a.u8(2, -1)).isEqualTo(1);
        }
    }
}
