package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.live.netlink.Errno;
import dev.palisade.live.netlink.Netlink;
import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.NetlinkReader;
import dev.palisade.live.netlink.WireBytes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bind handshake against scripted kernel answers. */
class NfQueueBindTest {

    /** Message types (low byte) of each send, in order. */
    private final List<List<Integer>> sends = new ArrayList<>();
    private final List<Integer> flagsSent = new ArrayList<>();
    private final Deque<byte[]> answers = new ArrayDeque<>();

    private NfQueue queue(QueueConfig config) {
        return new NfQueue(config, null, (buffer, length) -> {
            List<Integer> types = new ArrayList<>();
            NetlinkReader r = new NetlinkReader().wrap(buffer, length);
            while (r.next()) {
                types.add(r.type() & 0xff);
                if ((r.type() & 0xff) == QueueProtocol.MSG_CONFIG && r.length() > 40) {
                    // CFG_FLAGS payload of a bind message: 16 + 4 + 8 + 12 + 8 + 4
                    flagsSent.add(buffer.get(Netlink.NET_INT, r.offset() + 52));
                }
            }
            sends.add(types);
        }, (buffer, wait) -> {
            byte[] next = answers.poll();
            if (next == null) {
                throw new NetlinkException("recv (script ran out)", Errno.EINTR);
            }
            MemorySegment.copy(next, 0, buffer, ValueLayout.JAVA_BYTE, 0, next.length);
            return next.length;
        });
    }

    private static byte[] ack(int sequence, int errno) {
        return WireBytes.of()
                .host32(36).host16(Netlink.NLMSG_ERROR).host16(Netlink.NLM_F_CAPPED).host32(sequence).host32(0)
                .host32(-errno)
                .host32(64).host16(0x0302).host16(5).host32(sequence).host32(0)
                .build();
    }

    @Test
    void aPacketArrivingBeforeTheAcknowledgementIsDroppedAndTheRequestIsNotRepeated() throws Exception {
        answers.add(ack(1, 0));                                   // PF_BIND
        answers.add(KernelMessages.packet(0, 9, QueuedPacket.HOOK_FORWARD, 2, 0, new byte[] {0x45, 0, 0, 20}));
        answers.add(ack(2, 0));                                   // BIND
        NfQueue q = queue(QueueConfig.defaults(0));
        q.bind();
        assertThat(sends).containsExactly(
                List.of(QueueProtocol.MSG_CONFIG),                // PF_BIND
                List.of(QueueProtocol.MSG_CONFIG),                // BIND + params
                List.of(QueueProtocol.MSG_VERDICT));              // the early packet, dropped, alone
        assertThat(q.conntrackAvailable()).isTrue();
    }

    @Test
    void aKernelWithoutConntrackGlueGetsTheBindAgainWithoutTheFlag() throws Exception {
        answers.add(ack(1, Errno.EOPNOTSUPP));                    // PF_BIND refused: not fatal
        answers.add(ack(2, Errno.EOPNOTSUPP));                    // conntrack flag refused
        answers.add(ack(3, 0));
        NfQueue q = queue(QueueConfig.defaults(0));
        q.bind();
        assertThat(flagsSent).containsExactly(QueueProtocol.F_GSO | QueueProtocol.F_CONNTRACK, QueueProtocol.F_GSO);
        assertThat(q.conntrackAvailable()).isFalse();
    }

    @Test
    void aRefusedBindIsAnErrorNamingTheQueue() {
        answers.add(ack(1, 0));
        answers.add(ack(2, Errno.EPERM));
        NfQueue q = queue(QueueConfig.defaults(4));
        assertThatThrownBy(q::bind).isInstanceOf(NetlinkException.class)
                .hasMessageContaining("bind queue 4").hasMessageContaining("EPERM");
    }
}
