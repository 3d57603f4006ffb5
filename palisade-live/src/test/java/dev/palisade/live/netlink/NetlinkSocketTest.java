package dev.palisade.live.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The socket against the running kernel (the test's own namespace; nothing is configured). */
class NetlinkSocketTest {

    @Test
    void opensBindsAndReportsNothingToReadWithoutBlockingOrAfterTheTimeout() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_NETFILTER); Arena arena = Arena.ofConfined()) {
            assertThat(s.portId()).isNotZero();
            assertThat(s.receiveBufferSize(1 << 20)).isGreaterThanOrEqualTo(1 << 20);
            s.receiveTimeout(Duration.ofMillis(50));
            MemorySegment rx = arena.allocate(4096);
            assertThat(s.receive(rx, false)).isEqualTo(NetlinkSocket.NOTHING);
            long start = System.nanoTime();
            assertThat(s.receive(rx, true)).isEqualTo(NetlinkSocket.NOTHING);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
        }
    }

    @Test
    void theKernelAnswersABadRequestWithAnErrorTheReaderDecodes() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_NETFILTER); Arena arena = Arena.ofConfined()) {
            s.extendedAck(true);
            NetlinkWriter w = new NetlinkWriter(arena.allocate(256));
            // a queue config message (subsystem 3, message 2) whose only attribute claims more bytes than
            // follow: nfnetlink's lenient parser skips it, and a config without a command for a queue
            // nobody bound is refused with ENODEV
            w.begin(Netlink.netfilterType(3, 2), Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 4242).nfgenmsg(0, 0, 0);
            int at = w.attribute(1, 4);
            w.buffer().set(Netlink.HOST_SHORT, at - 4, (short) 200);
            s.send(w.buffer(), w.end());
            MemorySegment rx = arena.allocate(4096);
            long n = s.receive(rx, true);
            assertThat(n).isPositive();
            NetlinkReader r = new NetlinkReader().wrap(rx, (int) n);
            assertThat(r.next()).isTrue();
            assertThat(r.isError()).isTrue();
            assertThat(r.errorSequence()).isEqualTo(4242);
            assertThat(r.errorCode()).as("ENODEV, or EPERM when not root").isIn(Errno.ENODEV, Errno.EPERM);
        }
    }

    @Test
    void aDatagramLargerThanTheBufferIsCutCountedAndSeenAsMalformed() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_NETFILTER); Arena arena = Arena.ofConfined()) {
            NetlinkWriter w = new NetlinkWriter(arena.allocate(256));
            w.begin(Netlink.netfilterType(3, 2), Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 7).nfgenmsg(0, 0, 0);
            s.send(w.buffer(), w.end());
            MemorySegment tiny = arena.allocate(24);
            long n = s.receive(tiny, true);
            assertThat(n).as("cut to the buffer").isEqualTo(24);
            assertThat(s.truncated()).isEqualTo(1);
            NetlinkReader r = new NetlinkReader().wrap(tiny, (int) n);
            assertThat(r.next()).as("the error message's length runs past what was kept").isFalse();
            assertThat(r.malformed()).isTrue();
        }
    }

    @Test
    void anUnknownProtocolIsAClearError() {
        assertThatThrownBy(() -> NetlinkSocket.open(9999))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("socket(AF_NETLINK, 9999)")
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isPositive());
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_NETFILTER);
        s.close();
        s.close();
        assertThat(s.isOpen()).isFalse();
    }
}
