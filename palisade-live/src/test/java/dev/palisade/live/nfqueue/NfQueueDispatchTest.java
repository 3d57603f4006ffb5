package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkAttributes;
import dev.palisade.live.netlink.NetlinkReader;
import dev.palisade.live.netlink.WireBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queue's verdict logic without a kernel: packet messages in, the verdict messages it would
 * send out (recorded instead of sent).
 */
class NfQueueDispatchTest {

    /** One verdict message as sent: type, verdict, id, and the ct mark/mask when present. */
    record Sent(int message, int verdict, int id, int ctMark, int ctMask, int packetMark) {
        Sent(int message, int verdict, int id, int ctMark, int ctMask) {
            this(message, verdict, id, ctMark, ctMask, -1);
        }
    }

    static final class Recorder implements NfQueue.Transmitter {
        final List<Sent> sent = new ArrayList<>();
        int sends;

        @Override
        public void send(MemorySegment buffer, int length) {
            sends++;
            NetlinkReader r = new NetlinkReader().wrap(buffer, length);
            NetlinkAttributes a = new NetlinkAttributes(QueueProtocol.NFQA_MAX_INDEXED);
            NetlinkAttributes ct = new NetlinkAttributes(QueueProtocol.CTA_MAX_INDEXED);
            while (r.next()) {
                a.wrap(buffer, r.payloadOffset() + 4, r.end());
                int at = a.payloadOffset(QueueProtocol.NFQA_VERDICT_HDR);
                int verdict = buffer.get(Netlink.NET_INT, at);
                int id = buffer.get(Netlink.NET_INT, at + 4);
                int mark = -1;
                int mask = -1;
                if (a.nested(QueueProtocol.NFQA_CT, ct)) {
                    mark = ct.be32(QueueProtocol.CTA_MARK, -1);
                    mask = ct.be32(QueueProtocol.CTA_MARK_MASK, -1);
                }
                sent.add(new Sent(r.type() & 0xff, verdict, id, mark, mask, a.be32(QueueProtocol.NFQA_MARK, -1)));
            }
            if (r.malformed()) {
                throw new AssertionError("the queue sent a malformed message");
            }
        }
    }

    private static MemorySegment segment(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    private static byte[] packet(int id) {
        return KernelMessages.packet(0, id, QueuedPacket.HOOK_FORWARD, 2, 0, new byte[] {0x45, 0, 0, 20});
    }

    @Test
    void acceptsAreBatchedAfterTheIndividualVerdictsOfTheSameSend() throws Exception {
        Recorder rec = new Recorder();
        try (Arena arena = Arena.ofConfined(); NfQueue q = new NfQueue(QueueConfig.defaults(0).withBatchSize(32), null, rec)) {
            byte[] datagram = KernelMessages.concat(packet(1), packet(2), packet(3), packet(4), packet(5));
            int seen = q.dispatch(segment(arena, datagram), datagram.length, p -> switch (p.id()) {
                case 3 -> PacketVerdict.DROP;
                case 4 -> PacketVerdict.ACCEPT_SETTLED;
                default -> PacketVerdict.ACCEPT;
            });
            assertThat(seen).isEqualTo(5);
            assertThat(rec.sent).as("nothing sent before the flush").isEmpty();
            q.flush();
            assertThat(rec.sends).isEqualTo(1);
            assertThat(rec.sent).containsExactly(
                    new Sent(QueueProtocol.MSG_VERDICT, QueueProtocol.NF_DROP, 3, -1, -1),
                    new Sent(QueueProtocol.MSG_VERDICT, QueueProtocol.NF_ACCEPT, 4, 1, 1, 1),
                    new Sent(QueueProtocol.MSG_VERDICT_BATCH, QueueProtocol.NF_ACCEPT, 5, -1, -1));
            QueueCounters c = q.counters();
            assertThat(c.packets()).isEqualTo(5);
            assertThat(c.accepted()).isEqualTo(4);
            assertThat(c.settled()).isEqualTo(1);
            assertThat(c.dropped()).isEqualTo(1);
        }
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForTheFlush() throws Exception {
        Recorder rec = new Recorder();
        try (Arena arena = Arena.ofConfined(); NfQueue q = new NfQueue(QueueConfig.defaults(0).withBatchSize(2), null, rec)) {
            byte[] datagram = KernelMessages.concat(packet(7), packet(8));
            q.dispatch(segment(arena, datagram), datagram.length, p -> PacketVerdict.ACCEPT);
            assertThat(rec.sent).containsExactly(new Sent(QueueProtocol.MSG_VERDICT_BATCH, QueueProtocol.NF_ACCEPT, 8, -1, -1));
        }
    }

    @Test
    void batchingOfOneSendsOneVerdictPerPacketAndIdsWrapAround() throws Exception {
        Recorder rec = new Recorder();
        try (Arena arena = Arena.ofConfined(); NfQueue q = new NfQueue(QueueConfig.defaults(0).withBatchSize(1), null, rec)) {
            for (int id : new int[] {-2, -1, 0}) {   // 0xfffffffe, 0xffffffff, 0: the kernel's ids wrap
                byte[] d = packet(id);
                q.dispatch(segment(arena, d), d.length, p -> PacketVerdict.ACCEPT);
            }
            assertThat(rec.sent).extracting(Sent::id).containsExactly(-2, -1, 0);
        }
    }

    @Test
    void malformedMessagesAreCountedAndDroppedWhenTheirIdIsKnownAndInspectorFailuresFailClosed() throws Exception {
        Recorder rec = new Recorder();
        byte[] badTail = WireBytes.of()
                .host32(16 + 4 + 12 + 4).host16(0x0300).host16(0).host32(0).host32(0).zeros(4)
                .host16(11).host16(1).be32(21).be16(0x800).u8(2).zeros(1)
                .host16(300).host16(10)                                      // attribute running past the message
                .build();
        byte[] noPayload = WireBytes.of()
                .host32(16 + 4 + 12).host16(0x0300).host16(0).host32(0).host32(0).zeros(4)
                .host16(11).host16(1).be32(22).be16(0x800).u8(2).zeros(1)
                .build();
        NfQueue q = new NfQueue(QueueConfig.defaults(0), null, rec);
        try (Arena arena = Arena.ofConfined()) {
            byte[] datagram = KernelMessages.concat(badTail, noPayload, packet(23));
            q.dispatch(segment(arena, datagram), datagram.length, p -> {
                throw new IllegalStateException("inspector bug");
            });
            q.flush();
            assertThat(rec.sent).containsExactly(
                    new Sent(QueueProtocol.MSG_VERDICT, QueueProtocol.NF_DROP, 21, -1, -1),
                    new Sent(QueueProtocol.MSG_VERDICT, QueueProtocol.NF_DROP, 22, -1, -1),
                    new Sent(QueueProtocol.MSG_VERDICT, QueueProtocol.NF_DROP, 23, -1, -1));
            q.close();
            assertThat(q.counters().malformed()).isEqualTo(2);
            assertThat(q.counters().inspectorErrors()).isEqualTo(1);
        }
    }

    @Test
    void kernelErrorsAboutVerdictsAreCounted() throws Exception {
        Recorder rec = new Recorder();
        byte[] error = WireBytes.of()
                .host32(36).host16(Netlink.NLMSG_ERROR).host16(Netlink.NLM_F_CAPPED).host32(0).host32(0)
                .host32(-2)                                                  // -ENOENT: no packet with that id
                .host32(32).host16(0x0301).host16(1).host32(5).host32(0)
                .build();
        NfQueue q = new NfQueue(QueueConfig.defaults(0), null, rec);
        try (Arena arena = Arena.ofConfined()) {
            assertThat(q.dispatch(segment(arena, error), error.length, p -> PacketVerdict.ACCEPT)).isZero();
            q.close();
            assertThat(q.counters().verdictErrors()).isEqualTo(1);
        }
    }

    @Test
    void manyIndividualVerdictsSpillIntoSeveralSends() throws Exception {
        Recorder rec = new Recorder();
        try (Arena arena = Arena.ofConfined(); NfQueue q = new NfQueue(QueueConfig.defaults(0), null, rec)) {
            for (int id = 1; id <= 1000; id++) {
                byte[] d = packet(id);
                q.dispatch(segment(arena, d), d.length, p -> PacketVerdict.DROP);
            }
            q.flush();
            assertThat(rec.sent).hasSize(1000);
            assertThat(rec.sends).isGreaterThan(1);
            assertThat(rec.sent).extracting(Sent::id).startsWith(1, 2, 3).endsWith(1000);
        }
    }
}
