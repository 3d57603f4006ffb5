package dev.palisade.live.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NetlinkReaderTest {

    private static MemorySegment segment(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    @Test
    void walksMessagesIncludingAnUnpaddedLastOne() {
        byte[] b = WireBytes.of()
                .host32(21).host16(0x10).host16(0).host32(1).host32(0).u8(0xee).zeros(4).zeros(3)   // 5-byte payload + 3 padding
                .host32(17).host16(0x11).host16(2).host32(2).host32(0).u8(0xff)            // last, unpadded
                .build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, b), b.length);
            assertThat(r.next()).isTrue();
            assertThat(r.type()).isEqualTo(0x10);
            assertThat(r.length()).isEqualTo(21);
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(r.next()).isTrue();
            assertThat(r.offset()).isEqualTo(24);
            assertThat(r.type()).isEqualTo(0x11);
            assertThat(r.flags()).isEqualTo(2);
            assertThat(r.next()).isFalse();
            assertThat(r.malformed()).isFalse();
        }
    }

    @Test
    void aLengthBeyondTheDatagramOrBelowAHeaderStopsTheWalk() {
        try (Arena arena = Arena.ofConfined()) {
            for (int bad : new int[] {0, 15, 33, -1, Integer.MAX_VALUE}) {
                byte[] b = WireBytes.of().host32(bad).host16(0x10).host16(0).host32(0).host32(0).zeros(16).build();
                NetlinkReader r = new NetlinkReader().wrap(segment(arena, b), b.length);
                assertThat(r.next()).as("nlmsg_len %d", bad).isFalse();
                assertThat(r.malformed()).isTrue();
            }
            byte[] shortTail = WireBytes.of().host32(16).host16(0x10).host16(0).host32(0).host32(0).zeros(5).build();
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, shortTail), shortTail.length);
            assertThat(r.next()).isTrue();
            assertThat(r.next()).isFalse();
            assertThat(r.malformed()).as("5 trailing bytes are not a header").isTrue();
        }
    }

    @Test
    void errorAcknowledgementsWithAndWithoutExtendedText() {
        byte[] ack = WireBytes.of()
                .host32(36).host16(Netlink.NLMSG_ERROR).host16(Netlink.NLM_F_CAPPED).host32(5).host32(0)
                .host32(0)                                                    // error 0 = ack
                .host32(20).host16(0x0302).host16(5).host32(77).host32(0)     // the request's header (capped)
                .build();
        byte[] text = "queue already bound".getBytes();
        int attr = 4 + text.length + 1;
        byte[] nack = WireBytes.of()
                .host32(16 + 4 + 16 + Netlink.align(attr)).host16(Netlink.NLMSG_ERROR)
                .host16(Netlink.NLM_F_CAPPED | Netlink.NLM_F_ACK_TLVS).host32(6).host32(0)
                .host32(-1)                                                   // -EPERM
                .host32(20).host16(0x0302).host16(5).host32(78).host32(0)
                .host16(attr).host16(Netlink.NLMSGERR_ATTR_MSG).bytes(text).u8(0).zeros(Netlink.align(attr) - attr)
                .build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, ack), ack.length);
            assertThat(r.next()).isTrue();
            assertThat(r.isError()).isTrue();
            assertThat(r.errorCode()).isZero();
            assertThat(r.errorSequence()).isEqualTo(77);
            assertThat(r.errorMessage(new NetlinkAttributes(4))).isNull();
            r.wrap(segment(arena, nack), nack.length);
            assertThat(r.next()).isTrue();
            assertThat(r.errorCode()).isEqualTo(Errno.EPERM);
            assertThat(r.errorSequence()).isEqualTo(78);
            assertThat(r.errorMessage(new NetlinkAttributes(4))).isEqualTo("queue already bound");
        }
    }

    @Test
    void aTruncatedErrorHasNoCode() {
        byte[] b = WireBytes.of().host32(18).host16(Netlink.NLMSG_ERROR).host16(0).host32(0).host32(0).u8(0).u8(0).build();
        try (Arena arena = Arena.ofConfined()) {
            NetlinkReader r = new NetlinkReader().wrap(segment(arena, b), b.length);
            assertThat(r.next()).isTrue();
            assertThat(r.errorCode()).isEqualTo(-1);
            assertThat(r.errorSequence()).isEqualTo(-1);
        }
    }
}
