package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkWriter;
import dev.palisade.live.netlink.WireBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The messages sent to the kernel, byte for byte as {@code linux/netfilter/nfnetlink_queue.h} lays them out. */
class QueueMessagesTest {

    private static byte[] build(java.util.function.Consumer<NetlinkWriter> body) {
        try (Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(512));
            w.buffer().fill((byte) 0x77);
            body.accept(w);
            return w.buffer().asSlice(0, w.length()).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Test
    void bindCarriesCommandParamsLengthAndFlagsInOneMessage() {
        QueueConfig c = QueueConfig.defaults(5).withMaxLength(1000);
        byte[] actual = build(w -> QueueMessages.bind(w, c, 9));
        byte[] expected = WireBytes.of()
                .host32(64).host16(0x0302).host16(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK).host32(9).host32(0)
                .u8(0).u8(0).be16(5)                                         // nfgenmsg: AF_UNSPEC, v0, queue 5
                .host16(8).host16(1).u8(1).u8(0).be16(0)                     // CFG_CMD {BIND, pad, pf 0}
                .host16(9).host16(2).be32(65531).u8(2).zeros(3)              // CFG_PARAMS {range, COPY_PACKET} packed, padded
                .host16(8).host16(3).be32(1000)                              // CFG_QUEUE_MAXLEN
                .host16(8).host16(5).be32(QueueProtocol.F_GSO | QueueProtocol.F_CONNTRACK)   // CFG_FLAGS: fail-closed
                .host16(8).host16(4).be32(0b111)                             // CFG_MASK: fail-open, conntrack, GSO
                .build();
        assertThat(actual).containsExactly(expected);
    }

    @Test
    void failOpenIsAFlagTheMaskAlwaysCovers() {
        QueueConfig c = QueueConfig.defaults(0).withFailOpen(true).withGso(false);
        byte[] actual = build(w -> QueueMessages.bind(w, c, 1));
        // CFG_FLAGS payload sits at 16 + 4 + 8 + 12 + 8 + 4
        int flags = ((actual[52] & 0xff) << 24) | ((actual[53] & 0xff) << 16) | ((actual[54] & 0xff) << 8) | (actual[55] & 0xff);
        assertThat(flags).isEqualTo(QueueProtocol.F_FAIL_OPEN | QueueProtocol.F_CONNTRACK);
    }

    @Test
    void pfBindNamesIpv4() {
        byte[] actual = build(w -> QueueMessages.pfBind(w, 3));
        assertThat(actual).containsExactly(WireBytes.of()
                .host32(28).host16(0x0302).host16(5).host32(3).host32(0)
                .u8(0).u8(0).be16(0)
                .host16(8).host16(1).u8(3).u8(0).be16(2)                     // {PF_BIND, pad, AF_INET}
                .build());
    }

    @Test
    void verdictBatchVerdictAndConnectionMark() {
        byte[] actual = build(w -> {
            QueueMessages.verdict(w, 2, 0x01020304, QueueProtocol.NF_DROP, 10);
            QueueMessages.batchVerdict(w, 2, 99, QueueProtocol.NF_ACCEPT, 11);
            QueueMessages.verdictWithConnectionMark(w, 2, 100, QueueProtocol.NF_ACCEPT, 0x1, 0x1, 0x301, 12);
        });
        assertThat(actual).containsExactly(WireBytes.of()
                .host32(32).host16(0x0301).host16(Netlink.NLM_F_REQUEST).host32(10).host32(0)
                .u8(0).u8(0).be16(2)
                .host16(12).host16(2).be32(0).be32(0x01020304)               // VERDICT_HDR {NF_DROP, id}
                .host32(32).host16(0x0303).host16(Netlink.NLM_F_REQUEST).host32(11).host32(0)
                .u8(0).u8(0).be16(2)
                .host16(12).host16(2).be32(1).be32(99)                       // batch: {NF_ACCEPT, highest id}
                .host32(60).host16(0x0301).host16(Netlink.NLM_F_REQUEST).host32(12).host32(0)
                .u8(0).u8(0).be16(2)
                .host16(12).host16(2).be32(1).be32(100)
                .host16(8).host16(3).be32(0x301)                             // NFQA_MARK: the packet mark, settled bit set
                .host16(20).host16(11 | Netlink.NLA_F_NESTED)                 // NFQA_CT
                .host16(8).host16(8).be32(0x1)                                //   CTA_MARK
                .host16(8).host16(21).be32(0x1)                               //   CTA_MARK_MASK: only this bit changes
                .build());
    }
}
