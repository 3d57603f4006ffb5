package dev.palisade.stream;

import static dev.palisade.stream.StreamReassembler.BUFFERED;
import static dev.palisade.stream.StreamReassembler.DROPPED_LIMIT;
import static dev.palisade.stream.StreamReassembler.IN_ORDER;
import static dev.palisade.stream.StreamReassembler.NOT_OPEN;
import static dev.palisade.stream.StreamReassembler.OVERLAP_CONFLICT;
import static dev.palisade.stream.StreamReassembler.PARTIAL_RETRANSMISSION;
import static dev.palisade.stream.StreamReassembler.RETRANSMISSION;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.stream.StreamReassembler.StreamLimits;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random open / segment / skip / close sequences against a model that keeps, per direction, the
 * first byte received for every sequence number not yet delivered (a map) and delivers whatever
 * is contiguous. The reassembler must deliver exactly the model's stream, give the result code
 * the model predicts, keep its structure intact and never throw. Limits are small (4 flows, 512
 * bytes and 8 runs per direction, 2 KiB in all) so that every bound bites; a refused segment is
 * one the model then ignores, and a refusal is accepted only where a bound could apply.
 *
 * <p>Two ways in: a Jazzer target reading its choices from the fuzzer's bytes, and a seeded run
 * of the same driver that always runs in {@code mvn test}.
 */
class StreamReassemblerFuzzTest {

    private static final int FLOWS = 4;
    private static final StreamLimits LIMITS = new StreamLimits(512, 2048, 8);

    /** Where the driver's choices come from. */
    private interface Choices {
        int next(int bound);

        boolean done();
    }

    @FuzzTest(maxDuration = "30s")
    void anyOperationSequence(byte[] input) {
        run(new Choices() {
            int at;

            @Override
            public int next(int bound) {
                // Two bytes per choice: enough for every bound used here.
                int v = at + 1 < input.length ? (input[at] & 0xff) << 8 | (input[at + 1] & 0xff) : 0;
                at += 2;
                return v % bound;
            }

            @Override
            public boolean done() {
                return at + 1 >= input.length;
            }
        });
    }

    @Test
    void seededOperationSequences() {
        long[] seen = new long[8];
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int[] left = {5_000};
            StreamReassembler used = run(new Choices() {
                @Override
                public int next(int bound) {
                    return r.nextInt(bound);
                }

                @Override
                public boolean done() {
                    return left[0]-- == 0;
                }
            });
            long[] counters = {used.windowDrops(), used.segmentLimitDrops(), used.memoryDrops(), used.overlaps(),
                used.retransmissions(), used.partialRetransmissions(), used.skippedBytes(), used.notOpen()};
            for (int i = 0; i < seen.length; i++) {
                seen[i] += counters[i];
            }
        }
        // The run is only worth something if every path was taken.
        assertThat(seen).as("window, segment, memory drops, overlaps, retransmissions, partial, skipped, not open")
                .doesNotContain(0L);
    }

    /** The expected state of one direction. */
    private static final class Model {
        boolean open;
        int next;
        final Map<Integer, Byte> pending = new HashMap<>();
        final ByteArrayOutputStream delivered = new ByteArrayOutputStream();

        void drain() {
            Byte b;
            while ((b = pending.remove(next)) != null) {
                delivered.write(b);
                next++;
            }
        }
    }

    /** The canonical byte at a sequence number: honest senders agree on it, so only noise conflicts. */
    private static byte canonical(int flow, int direction, int seq) {
        int h = seq * 0x9E3779B1 + flow * 31 + direction * 7;
        return (byte) (h ^ h >>> 15);
    }

    private static StreamReassembler run(Choices in) {
        StreamReassembler reassembler = new StreamReassembler(FLOWS, LIMITS);
        ByteArrayOutputStream[] actual = new ByteArrayOutputStream[FLOWS * 2];
        Model[] model = new Model[FLOWS * 2];
        for (int d = 0; d < FLOWS * 2; d++) {
            actual[d] = new ByteArrayOutputStream();
            model[d] = new Model();
        }
        StreamConsumer consumer = (flow, direction, buffer, offset, length) -> {
            assertThat(length).isPositive();
            actual[flow * 2 + direction].write(buffer, offset, length);
        };
        byte[] payload = new byte[1400];
        while (!in.done()) {
            int flow = in.next(FLOWS);
            int direction = in.next(2);
            int d = flow * 2 + direction;
            Model m = model[d];
            switch (in.next(10)) {
                case 0 -> {
                    // Near 2^32 half of the time, so streams wrap.
                    int isn = in.next(2) == 0 ? -1 - in.next(3000) : in.next(65536) << 12;
                    reassembler.open(flow, direction, isn);
                    reset(actual[d], m);
                    m.open = true;
                    m.next = isn;
                }
                case 1 -> {
                    if (in.next(2) == 0) {
                        reassembler.close(flow);
                        reset(actual[flow * 2], model[flow * 2]);
                        reset(actual[flow * 2 + 1], model[flow * 2 + 1]);
                    } else {
                        reassembler.close(flow, direction);
                        reset(actual[d], m);
                    }
                }
                case 2 -> {
                    int bytes = in.next(700);
                    reassembler.skip(flow, direction, bytes, consumer);
                    if (m.open) {
                        m.pending.keySet().removeIf(k -> k - m.next < bytes);
                        m.next += bytes;
                        m.drain();
                    }
                }
                default -> segment(in, reassembler, consumer, flow, direction, m, payload);
            }
            assertThat(actual[d].toByteArray()).isEqualTo(m.delivered.toByteArray());
            assertThat(reassembler.bufferedBytes(flow, direction)).isEqualTo(m.pending.size());
            assertThat(reassembler.isOpen(flow, direction)).isEqualTo(m.open);
            reassembler.checkInvariants();
        }
        long pending = 0;
        for (int d = 0; d < FLOWS * 2; d++) {
            assertThat(actual[d].toByteArray()).isEqualTo(model[d].delivered.toByteArray());
            pending += model[d].pending.size();
        }
        assertThat(reassembler.bufferedBytes()).isEqualTo(pending);
        assertThat(reassembler.memoryInUse()).isLessThanOrEqualTo(LIMITS.maxBufferedTotal());
        for (int f = 0; f < FLOWS; f++) {
            reassembler.close(f);
        }
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
        return reassembler;
    }

    /** Checks the delivered streams are equal so far, then starts both afresh (the direction was reset or closed). */
    private static void reset(ByteArrayOutputStream actual, Model m) {
        assertThat(actual.toByteArray()).isEqualTo(m.delivered.toByteArray());
        actual.reset();
        m.delivered.reset();
        m.pending.clear();
        m.open = false;
    }

    private static void segment(Choices in, StreamReassembler reassembler, StreamConsumer consumer,
                                int flow, int direction, Model m, byte[] payload) {
        int rel = in.next(1400) - 600;
        int len = in.next(8) == 0 ? 0 : 1 + in.next(in.next(4) == 0 ? 1200 : 100);
        boolean noisy = in.next(6) == 0;
        int seq = m.next + rel;
        for (int i = 0; i < len; i++) {
            payload[i] = noisy && in.next(3) == 0 ? (byte) in.next(256) : canonical(flow, direction, seq + i);
        }
        int result = reassembler.segment(flow, direction, seq, payload, 0, len, consumer);
        if (!m.open) {
            assertThat(result).isEqualTo(NOT_OPEN);
            return;
        }
        if (len == 0) {
            assertThat(result).isEqualTo(IN_ORDER);
            return;
        }
        int end = rel + len;
        if (end <= 0) {
            assertThat(result).isEqualTo(RETRANSMISSION);
            return;
        }
        boolean conflict = false;
        boolean fresh = false;
        for (int i = Math.max(0, -rel); i < len; i++) {
            Byte first = m.pending.get(seq + i);
            if (first == null) {
                fresh = true;
            } else if (first != payload[i]) {
                conflict = true;
            }
        }
        if (rel > 0 && end > LIMITS.maxBufferedPerDirection()) {
            assertThat(result).isEqualTo(DROPPED_LIMIT);
            return;
        }
        if (result == DROPPED_LIMIT) {
            // Only a segment that would need new buffer space can be refused.
            assertThat(rel).isPositive();
            assertThat(fresh).isTrue();
            return;
        }
        for (int i = Math.max(0, -rel); i < len; i++) {
            m.pending.putIfAbsent(seq + i, payload[i]);
        }
        m.drain();
        int expected;
        if (conflict) {
            expected = OVERLAP_CONFLICT;
        } else if (rel > 0) {
            expected = fresh ? BUFFERED : RETRANSMISSION;
        } else {
            expected = rel < 0 ? PARTIAL_RETRANSMISSION : IN_ORDER;
        }
        assertThat(StreamReassembler.resultName(result)).isEqualTo(StreamReassembler.resultName(expected));
    }
}
