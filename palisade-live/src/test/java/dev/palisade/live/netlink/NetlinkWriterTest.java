package dev.palisade.live.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NetlinkWriterTest {

    private static byte[] written(NetlinkWriter w) {
        return w.buffer().asSlice(0, w.length()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void aNetfilterMessageWithPaddedAndNestedAttributes() {
        try (Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(256));
            // garbage where the padding goes: the writer must zero it
            w.buffer().fill((byte) 0x5a);
            w.begin(0x0301, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 42).nfgenmsg(0, Netlink.NFNETLINK_V0, 0x1234);
            w.u8(7, 0xab);
            w.beginNested(11).be32(8, 0x01020304).be16(3, 0xbeef).endNested();
            int total = w.end();
            byte[] expected = WireBytes.of()
                    .host32(48).host16(0x0301).host16(0x5).host32(42).host32(0)   // nlmsghdr: len, type, REQUEST|ACK, seq, pid
                    .u8(0).u8(0).be16(0x1234)                                       // nfgenmsg: AF_UNSPEC, v0, res_id
                    .host16(5).host16(7).u8(0xab).zeros(3)                           // nlattr u8 + 3 bytes padding
                    .host16(20).host16(11 | Netlink.NLA_F_NESTED)                    // nested: header + 8 + 8
                    .host16(8).host16(8).be32(0x01020304)                            //   be32
                    .host16(6).host16(3).be16(0xbeef).zeros(2)                       //   be16 + padding
                    .build();
            assertThat(total).isEqualTo(48);
            assertThat(written(w)).containsExactly(expected);
        }
    }

    @Test
    void messagesFollowEachOtherInOneBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(128));
            w.begin(1, 0, 1).end();
            int total = w.begin(2, 0, 2).be32(1, 9).end();
            assertThat(total).isEqualTo(16 + 24);
            assertThat(w.buffer().get(Netlink.HOST_INT, 16)).isEqualTo(24);
        }
    }

    @Test
    void misuseAndOverflowAreProgrammingErrors() {
        try (Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(32));
            assertThatThrownBy(() -> w.be32(1, 1)).isInstanceOf(IllegalStateException.class);
            w.begin(1, 0, 1);
            assertThatThrownBy(() -> w.begin(1, 0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> w.attribute(1, 100)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> w.attribute(1, 70000)).isInstanceOf(IllegalArgumentException.class);
            w.beginNested(1);
            assertThatThrownBy(w::end).isInstanceOf(IllegalStateException.class);
            w.endNested();
            assertThatThrownBy(w::endNested).isInstanceOf(IllegalStateException.class);
            assertThat(w.end()).isEqualTo(20);
        }
    }

    @Test
    void bytesAttributeCopiesItsSource() {
        try (Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(64));
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1, (byte) 2, (byte) 3);
            w.begin(1, 0, 0).bytes(10, src, 1, 2).end();
            assertThat(written(w)).containsExactly(WireBytes.of()
                    .host32(24).host16(1).host16(0).host32(0).host32(0)
                    .host16(6).host16(10).u8(2).u8(3).zeros(2).build());
        }
    }
}
