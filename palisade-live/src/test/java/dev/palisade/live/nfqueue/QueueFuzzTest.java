package dev.palisade.live.nfqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.live.netlink.NetlinkAttributes;
import dev.palisade.live.netlink.NetlinkReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Whatever bytes come out of the socket, the queue never throws, never reads outside the
 * datagram (a bounds violation would throw IndexOutOfBoundsException from the segment), and what
 * it sends back is well formed: a verdict message per refused packet plus at most one batch.
 */
class QueueFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void arbitraryDatagramsNeverBreakTheQueue(FuzzedDataProvider data) throws Exception {
        boolean settle = data.consumeBoolean();
        byte[] datagram = data.consumeRemainingAsBytes();
        NfQueueDispatchTest.Recorder rec = new NfQueueDispatchTest.Recorder();
        try (Arena arena = Arena.ofConfined(); NfQueue q = new NfQueue(QueueConfig.defaults(0).withBatchSize(4), null, rec)) {
            MemorySegment s = arena.allocate(Math.max(1, datagram.length));
            MemorySegment.copy(datagram, 0, s, ValueLayout.JAVA_BYTE, 0, datagram.length);
            byte[] copy = new byte[70000];
            int seen = q.dispatch(s, datagram.length, p -> {
                // touch every accessor: each must stay inside the message
                p.copyPayload(copy, 0);
                long sum = p.mark() + p.inputInterface() + p.outputInterface() + p.conntrackId() + p.conntrackMark()
                        + p.conntrackStatus() + p.conntrackInfo() + p.skbInfo() + p.originalLength() + p.hook()
                        + p.hardwareProtocol() + (p.isTruncated() ? 1 : 0);
                return (sum & 1) == 0 ? PacketVerdict.ACCEPT : settle ? PacketVerdict.ACCEPT_SETTLED : PacketVerdict.DROP;
            });
            q.flush();
            assertThat(seen).isGreaterThanOrEqualTo(0);
            assertThat(rec.sent.size()).isLessThanOrEqualTo(seen + 1);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arbitraryAcknowledgementsNeverBreakTheReader(FuzzedDataProvider data) {
        byte[] datagram = data.consumeRemainingAsBytes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Math.max(1, datagram.length));
            MemorySegment.copy(datagram, 0, s, ValueLayout.JAVA_BYTE, 0, datagram.length);
            NetlinkReader r = new NetlinkReader().wrap(s, datagram.length);
            NetlinkAttributes scratch = new NetlinkAttributes(8);
            while (r.next()) {
                assertThat(r.end()).isLessThanOrEqualTo(datagram.length);
                r.errorCode();
                r.errorSequence();
                r.errorMessage(scratch);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arbitraryStatusTextIsParsedOrRefusedClearly(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            for (QueueStatus s : QueueStatus.parse(text)) {
                assertThat(s.queue()).isBetween(0, 65535);
            }
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
