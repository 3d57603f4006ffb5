package dev.palisade.stream;

import static dev.palisade.stream.StreamReassembler.BUFFERED;
import static dev.palisade.stream.StreamReassembler.DROPPED_LIMIT;
import static dev.palisade.stream.StreamReassembler.IN_ORDER;
import static dev.palisade.stream.StreamReassembler.NOT_OPEN;
import static dev.palisade.stream.StreamReassembler.OVERLAP_CONFLICT;
import static dev.palisade.stream.StreamReassembler.PARTIAL_RETRANSMISSION;
import static dev.palisade.stream.StreamReassembler.RETRANSMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.stream.StreamReassembler.StreamLimits;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery order, overlap policy, limits and memory of {@link StreamReassembler}. Streams are
 * random and cut at random; every test ends with the structural invariant check.
 */
class StreamReassemblerTest {

    /** Roomy limits for tests about ordering rather than bounds. */
    private static final StreamLimits ROOMY = new StreamLimits(1 << 20, 1 << 22, 1 << 16);

    private StreamReassembler reassembler;
    private final Recorder recorder = new Recorder(16);

    @AfterEach
    void invariantsHold() {
        if (reassembler != null) {
            reassembler.checkInvariants();
        }
    }

    /** Collects what each flow and direction was given. */
    static final class Recorder implements StreamConsumer {
        final ByteArrayOutputStream[] streams;
        int calls;

        Recorder(int flows) {
            streams = new ByteArrayOutputStream[flows * 2];
            for (int i = 0; i < streams.length; i++) {
                streams[i] = new ByteArrayOutputStream();
            }
        }

        @Override
        public void data(int flow, int direction, byte[] buffer, int offset, int length) {
            assertThat(length).isPositive();
            calls++;
            streams[flow * 2 + direction].write(buffer, offset, length);
        }

        byte[] got(int flow, int direction) {
            return streams[flow * 2 + direction].toByteArray();
        }
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** A piece of a stream: its offset from the first byte and its bytes. */
    private record Piece(int offset, byte[] bytes) {
    }

    /** Cuts the stream into consecutive pieces of 1..maxSize bytes. */
    private static List<Piece> cut(byte[] stream, SplittableRandom r, int maxSize) {
        List<Piece> pieces = new ArrayList<>();
        for (int at = 0; at < stream.length; ) {
            int n = Math.min(stream.length - at, r.nextInt(1, maxSize + 1));
            pieces.add(new Piece(at, Arrays.copyOfRange(stream, at, at + n)));
            at += n;
        }
        return pieces;
    }

    private int offer(int flow, int direction, int isn, Piece p) {
        return reassembler.segment(flow, direction, isn + p.offset(), p.bytes(), 0, p.bytes().length, recorder);
    }

    private int offer(int flow, int direction, int sequence, byte[] bytes) {
        return reassembler.segment(flow, direction, sequence, bytes, 0, bytes.length, recorder);
    }

    @Test
    void deliversInOrderSegmentsAsTheyCome() {
        reassembler = new StreamReassembler(4, StreamLimits.DEFAULTS);
        reassembler.open(1, 0, 1000);
        assertThat(offer(1, 0, 1000, "GET / HT".getBytes())).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(1, 0))).isEqualTo("GET / HT");
        assertThat(offer(1, 0, 1008, "TP/1.1\r\n".getBytes())).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(1, 0))).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(recorder.calls).isEqualTo(2);
        assertThat(reassembler.nextSequence(1, 0)).isEqualTo(1016);
        assertThat(reassembler.deliveredBytes()).isEqualTo(16);
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
        assertThat(recorder.got(1, 1)).isEmpty();
    }

    @Test
    void holdsASegmentAfterAHoleUntilTheHoleIsFilled() {
        reassembler = new StreamReassembler(4, StreamLimits.DEFAULTS);
        reassembler.open(0, 1, 0);
        assertThat(offer(0, 1, 5, "world".getBytes())).isEqualTo(BUFFERED);
        assertThat(recorder.got(0, 1)).isEmpty();
        assertThat(reassembler.bufferedBytes()).isEqualTo(5);
        assertThat(reassembler.bufferedBytes(0, 1)).isEqualTo(5);
        assertThat(reassembler.memoryInUse()).isEqualTo(StreamReassembler.CHUNK_SIZE);
        assertThat(offer(0, 1, 0, "hello".getBytes())).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(0, 1))).isEqualTo("helloworld");
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
    }

    /** Random streams, cut at random, offered in a random order: what comes out is the stream. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void anyPermutationOfAnySegmentationYieldsTheStream(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        reassembler = new StreamReassembler(2, ROOMY);
        byte[] stream = randomBytes(r, r.nextInt(1, 40_000));
        List<Piece> pieces = cut(stream, r, r.nextBoolean() ? 64 : 1500);
        Collections.shuffle(pieces, new Random(seed));
        int isn = r.nextInt();
        reassembler.open(1, 1, isn);
        for (Piece p : pieces) {
            assertThat(offer(1, 1, isn, p)).isIn(IN_ORDER, BUFFERED);
        }
        assertThat(recorder.got(1, 1)).isEqualTo(stream);
        assertThat(reassembler.deliveredBytes()).isEqualTo(stream.length);
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
        assertThat(reassembler.overlaps()).isZero();
        assertThat(reassembler.nextSequence(1, 1)).isEqualTo(isn + stream.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void duplicatesAreIgnored(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        reassembler = new StreamReassembler(1, ROOMY);
        byte[] stream = randomBytes(r, 20_000);
        List<Piece> pieces = cut(stream, r, 700);
        List<Piece> twice = new ArrayList<>(pieces);
        twice.addAll(pieces);
        Collections.shuffle(twice, new Random(seed));
        reassembler.open(0, 0, 7);
        int duplicates = 0;
        for (Piece p : twice) {
            if (offer(0, 0, 7, p) == RETRANSMISSION) {
                duplicates++;
            }
        }
        assertThat(recorder.got(0, 0)).isEqualTo(stream);
        assertThat(duplicates).isEqualTo(pieces.size());
        assertThat(reassembler.retransmissions()).isEqualTo(pieces.size());
        assertThat(reassembler.overlaps()).isZero();
        assertThat(reassembler.bufferedBytes()).isZero();
    }

    /** Pieces at random offsets and lengths, overlapping each other, until the stream is covered. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void overlapsWithIdenticalBytesYieldTheStream(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        reassembler = new StreamReassembler(1, ROOMY);
        byte[] stream = randomBytes(r, 10_000);
        List<Piece> pieces = new ArrayList<>(cut(stream, r, 900));
        for (int k = 0; k < 300; k++) {
            int at = r.nextInt(stream.length);
            int n = Math.min(stream.length - at, r.nextInt(1, 2000));
            pieces.add(new Piece(at, Arrays.copyOfRange(stream, at, at + n)));
        }
        Collections.shuffle(pieces, new Random(seed));
        int isn = -5000; // wraps past 2^32 on the way
        reassembler.open(0, 0, isn);
        for (Piece p : pieces) {
            assertThat(offer(0, 0, isn, p)).isNotIn(OVERLAP_CONFLICT, DROPPED_LIMIT);
        }
        assertThat(recorder.got(0, 0)).isEqualTo(stream);
        assertThat(reassembler.overlaps()).isZero();
        assertThat(reassembler.bufferedBytes()).isZero();
    }

    @Test
    void aSegmentCoveringBufferedBytesDeliversTheBufferedOnes() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 100);
        assertThat(offer(0, 0, 110, filled(10, 'A'))).isEqualTo(BUFFERED);     // [10, 20)
        assertThat(offer(0, 0, 130, filled(5, 'D'))).isEqualTo(BUFFERED);      // [30, 35)
        // [0, 40): its bytes at [10, 20) and [30, 35) arrived second, so the buffered ones win.
        assertThat(offer(0, 0, 100, filled(40, 'B'))).isEqualTo(OVERLAP_CONFLICT);
        assertThat(new String(recorder.got(0, 0))).isEqualTo("B".repeat(10) + "A".repeat(10) + "B".repeat(10)
                + "D".repeat(5) + "B".repeat(5));
        assertThat(reassembler.overlaps()).isEqualTo(1);
        assertThat(reassembler.bufferedBytes()).isZero();
    }

    @Test
    void overlappingBufferedSegmentsKeepTheFirstBytes() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        assertThat(offer(0, 0, 10, filled(10, 'A'))).isEqualTo(BUFFERED);          // [10, 20)
        assertThat(offer(0, 0, 15, filled(10, 'B'))).isEqualTo(OVERLAP_CONFLICT);  // [15, 25): keeps [20, 25)
        assertThat(reassembler.bufferedBytes()).isEqualTo(15);
        assertThat(offer(0, 0, 12, filled(5, 'A'))).isEqualTo(RETRANSMISSION);     // identical, nothing new
        assertThat(offer(0, 0, 12, filled(5, 'X'))).isEqualTo(OVERLAP_CONFLICT);   // different, nothing new
        assertThat(offer(0, 0, 5, filled(30, 'C'))).isEqualTo(OVERLAP_CONFLICT);   // fills [5, 10) and [25, 35)
        assertThat(reassembler.bufferedBytes()).isEqualTo(30);
        assertThat(reassembler.bufferedSegments(0, 0)).isEqualTo(4);
        assertThat(offer(0, 0, 0, filled(5, 'D'))).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(0, 0))).isEqualTo(
                "DDDDD" + "CCCCC" + "A".repeat(10) + "BBBBB" + "C".repeat(10));
        assertThat(reassembler.overlaps()).isEqualTo(3);
        assertThat(reassembler.retransmissions()).isEqualTo(1);
    }

    @Test
    void conflictsAreDetectedInsideLongRunsAcrossChunkBoundaries() {
        SplittableRandom r = new SplittableRandom(5);
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        byte[] stream = randomBytes(r, 3000);
        reassembler.open(0, 0, 0);
        assertThat(offer(0, 0, 100, Arrays.copyOfRange(stream, 100, 3000))).isEqualTo(BUFFERED);
        byte[] tampered = Arrays.copyOfRange(stream, 600, 1600);
        tampered[777] ^= 1; // one byte, at stream offset 1377: inside the sixth chunk of the run
        assertThat(offer(0, 0, 600, tampered)).isEqualTo(OVERLAP_CONFLICT);
        assertThat(offer(0, 0, 600, Arrays.copyOfRange(stream, 600, 1600))).isEqualTo(RETRANSMISSION);
        assertThat(offer(0, 0, 0, Arrays.copyOfRange(stream, 0, 100))).isEqualTo(IN_ORDER);
        assertThat(recorder.got(0, 0)).isEqualTo(stream);
    }

    @Test
    void retransmissionsOfDeliveredBytesAreIgnoredWhateverTheyCarry() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        offer(0, 0, 0, "abcdef".getBytes());
        // Delivered bytes are not kept, so a different copy cannot be told apart: first-wins holds
        // anyway because the new copy is dropped, as the receiving host drops it.
        assertThat(offer(0, 0, 0, "XXXXXX".getBytes())).isEqualTo(RETRANSMISSION);
        assertThat(offer(0, 0, 3, "XXXghi".getBytes())).isEqualTo(PARTIAL_RETRANSMISSION);
        assertThat(new String(recorder.got(0, 0))).isEqualTo("abcdefghi");
        assertThat(reassembler.retransmissions()).isEqualTo(1);
        assertThat(reassembler.partialRetransmissions()).isEqualTo(1);
        // Far in the past (2^30 before the next byte, serially): old, not new.
        assertThat(offer(0, 0, 9 - (1 << 30), "zz".getBytes())).isEqualTo(RETRANSMISSION);
        assertThat(offer(0, 0, 9, new byte[0])).isEqualTo(IN_ORDER);
        assertThat(recorder.calls).isEqualTo(2);
    }

    @Test
    void sequenceNumbersWrapAround() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        int isn = 0xffff_fff6; // ten bytes before 2^32
        reassembler.open(0, 1, isn);
        assertThat(offer(0, 1, 5, "after".getBytes())).isEqualTo(BUFFERED);       // 2^32 + 5
        assertThat(offer(0, 1, 0, "wrap!".getBytes())).isEqualTo(BUFFERED);       // 2^32
        assertThat(offer(0, 1, isn, "0123456789".getBytes())).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(0, 1))).isEqualTo("0123456789wrap!after");
        assertThat(reassembler.nextSequence(0, 1)).isEqualTo(10);
        assertThat(offer(0, 1, 0xffff_fff0, "old".getBytes())).isEqualTo(RETRANSMISSION);
        assertThat(offer(0, 1, 8, "er+".getBytes())).isEqualTo(PARTIAL_RETRANSMISSION);
        assertThat(new String(recorder.got(0, 1))).isEqualTo("0123456789wrap!after+");
    }

    @Test
    void aSegmentBeyondTheWindowIsDroppedAndCounted() {
        reassembler = new StreamReassembler(2, new StreamLimits(1000, 1 << 20, 64));
        reassembler.open(0, 0, 0);
        assertThat(offer(0, 0, 901, filled(100, 'x'))).isEqualTo(DROPPED_LIMIT); // ends at 1001
        assertThat(reassembler.windowDrops()).isEqualTo(1);
        assertThat(reassembler.limitDrops()).isEqualTo(1);
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(offer(0, 0, 900, filled(100, 'x'))).isEqualTo(BUFFERED);      // ends at 1000
        assertThat(offer(0, 0, 2_000_000_000, filled(1, 'x'))).isEqualTo(DROPPED_LIMIT); // far ahead
        assertThat(reassembler.windowDrops()).isEqualTo(2);
        // In-order data is never limited: it is delivered, not held.
        assertThat(offer(0, 0, 0, filled(5000, 'y'))).isEqualTo(OVERLAP_CONFLICT);
        assertThat(recorder.got(0, 0)).hasSize(5000);
        assertThat(reassembler.bufferedBytes()).isZero();
    }

    @Test
    void theSegmentCountPerDirectionIsBounded() {
        reassembler = new StreamReassembler(2, new StreamLimits(1 << 16, 1 << 20, 4));
        reassembler.open(0, 0, 0);
        reassembler.open(1, 0, 0);
        for (int k = 1; k <= 4; k++) {
            assertThat(offer(0, 0, k * 10, filled(5, 'a'))).isEqualTo(BUFFERED);
        }
        assertThat(offer(0, 0, 100, filled(5, 'a'))).isEqualTo(DROPPED_LIMIT);
        // A segment that would fill two holes (needs two runs) is refused whole, leaving no trace.
        reassembler.close(0);
        reassembler.open(0, 0, 0);
        for (int k = 1; k <= 3; k++) {
            offer(0, 0, k * 10, filled(5, 'a'));
        }
        long before = reassembler.bufferedBytes();
        assertThat(offer(0, 0, 12, filled(15, 'a'))).isEqualTo(DROPPED_LIMIT); // holes [15,20) and [25,27)
        assertThat(reassembler.bufferedBytes()).isEqualTo(before);
        assertThat(reassembler.segmentLimitDrops()).isEqualTo(2);
        assertThat(reassembler.limitDrops()).isEqualTo(2);
        // The other flow is not affected.
        for (int k = 1; k <= 4; k++) {
            assertThat(offer(1, 0, k * 10, filled(5, 'b'))).isEqualTo(BUFFERED);
        }
        // Filling a hole merges nothing but delivers, which makes room again.
        assertThat(offer(0, 0, 0, filled(10, 'a'))).isEqualTo(IN_ORDER);
        assertThat(reassembler.bufferedSegments(0, 0)).isEqualTo(2);
        assertThat(offer(0, 0, 40, filled(5, 'a'))).isEqualTo(BUFFERED);
    }

    @Test
    void theTotalIsBoundedAndOtherFlowsKeepWorking() {
        int chunk = StreamReassembler.CHUNK_SIZE;
        reassembler = new StreamReassembler(8, new StreamLimits(16 * chunk, 24 * chunk, 64));
        for (int f = 0; f < 8; f++) {
            reassembler.open(f, 0, 0);
            reassembler.open(f, 1, 0);
        }
        assertThat(offer(0, 0, 1, filled(12 * chunk, 'a'))).isEqualTo(BUFFERED);
        assertThat(offer(1, 1, 1, filled(11 * chunk, 'b'))).isEqualTo(BUFFERED);
        assertThat(reassembler.memoryInUse()).isEqualTo(23L * chunk);
        assertThat(offer(2, 0, 1, filled(chunk + 1, 'c'))).isEqualTo(DROPPED_LIMIT); // needs two chunks
        assertThat(reassembler.memoryDrops()).isEqualTo(1);
        assertThat(offer(2, 0, 1, filled(chunk, 'c'))).isEqualTo(BUFFERED);
        // A one-byte segment costs a whole chunk: the bound is on memory, not on payload bytes.
        assertThat(offer(3, 0, 1, filled(1, 'd'))).isEqualTo(DROPPED_LIMIT);
        assertThat(reassembler.memoryDrops()).isEqualTo(2);
        assertThat(reassembler.bufferedBytes()).isEqualTo(24L * chunk);
        // In-order traffic of every flow goes on: it needs no buffer.
        for (int f = 3; f < 8; f++) {
            assertThat(offer(f, 1, 0, filled(3000, 'z'))).isEqualTo(IN_ORDER);
            assertThat(recorder.got(f, 1)).hasSize(3000);
        }
        // Completing flow 0 frees its chunks for the others.
        assertThat(offer(0, 0, 0, filled(1, 'a'))).isEqualTo(IN_ORDER);
        assertThat(recorder.got(0, 0)).hasSize(12 * chunk + 1);
        assertThat(offer(3, 0, 1, filled(1, 'd'))).isEqualTo(BUFFERED);
        assertThat(reassembler.limitDrops()).isEqualTo(2);
    }

    @Test
    void closeFreesEverything() {
        SplittableRandom r = new SplittableRandom(3);
        reassembler = new StreamReassembler(16, StreamLimits.DEFAULTS);
        for (int f = 0; f < 16; f++) {
            for (int dir = 0; dir < 2; dir++) {
                reassembler.open(f, dir, r.nextInt());
                int next = reassembler.nextSequence(f, dir);
                for (int k = 0; k < 10; k++) {
                    offer(f, dir, next + 1 + k * 1000, randomBytes(r, r.nextInt(1, 900)));
                }
            }
        }
        assertThat(reassembler.bufferedBytes()).isPositive();
        assertThat(reassembler.memoryInUse()).isGreaterThanOrEqualTo(reassembler.bufferedBytes());
        reassembler.checkInvariants();
        for (int f = 0; f < 16; f++) {
            reassembler.close(f);
            assertThat(reassembler.isOpen(f, 0)).isFalse();
            assertThat(reassembler.isOpen(f, 1)).isFalse();
        }
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
        assertThat(offer(3, 1, 0, filled(10, 'x'))).isEqualTo(NOT_OPEN);
        assertThat(reassembler.notOpen()).isEqualTo(1);
        reassembler.close(3); // closing twice is harmless
    }

    @Test
    void reopeningResetsADirection() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        offer(0, 0, 10, filled(10, 'a'));
        reassembler.open(0, 0, 500);
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(offer(0, 0, 500, filled(3, 'b'))).isEqualTo(IN_ORDER);
        assertThat(new String(recorder.got(0, 0))).isEqualTo("bbb");
    }

    @Test
    void closingOneDirectionLeavesTheOther() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        reassembler.open(0, 1, 0);
        offer(0, 0, 10, filled(10, 'a'));
        offer(0, 1, 10, filled(10, 'b'));
        reassembler.close(0, 0);
        assertThat(reassembler.bufferedBytes()).isEqualTo(10);
        assertThat(offer(0, 0, 0, filled(10, 'a'))).isEqualTo(NOT_OPEN);
        assertThat(offer(0, 1, 0, filled(10, 'b'))).isEqualTo(IN_ORDER);
        assertThat(recorder.got(0, 1)).hasSize(20);
    }

    @Test
    void skipPassesOverBytesAndDeliversWhatBecomesContiguous() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        byte[] run = new byte[600];
        for (int i = 0; i < run.length; i++) {
            run[i] = (byte) i;
        }
        offer(0, 0, 10, run);                            // [10, 610)
        offer(0, 0, 700, filled(10, 'z'));               // [700, 710)
        reassembler.skip(0, 0, 300, recorder);           // trims the first run by 290 bytes, across a chunk
        assertThat(recorder.got(0, 0)).isEqualTo(Arrays.copyOfRange(run, 290, 600));
        assertThat(reassembler.nextSequence(0, 0)).isEqualTo(610);
        assertThat(reassembler.bufferedBytes()).isEqualTo(10);
        assertThat(reassembler.skippedBytes()).isEqualTo(300);
        reassembler.skip(0, 0, 95, recorder);            // up to 705: half of the last run
        assertThat(new String(Arrays.copyOfRange(recorder.got(0, 0), 310, 315))).isEqualTo("zzzzz");
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(reassembler.memoryInUse()).isZero();
        assertThat(offer(0, 0, 710, filled(2, 'q'))).isEqualTo(IN_ORDER);
        reassembler.skip(0, 0, Integer.MAX_VALUE, recorder);
        assertThat(offer(0, 0, 712, filled(2, 'q'))).isEqualTo(RETRANSMISSION);
    }

    @Test
    void manyFlowsInterleaved() {
        int flows = 500;
        SplittableRandom r = new SplittableRandom(99);
        reassembler = new StreamReassembler(flows, StreamLimits.DEFAULTS);
        Recorder all = new Recorder(flows);
        byte[][] streams = new byte[flows * 2][];
        int[] isn = new int[flows * 2];
        List<int[]> schedule = new ArrayList<>(); // {flow, direction, piece index}
        List<List<Piece>> pieces = new ArrayList<>();
        for (int d = 0; d < flows * 2; d++) {
            streams[d] = randomBytes(r, r.nextInt(0, 6000));
            isn[d] = r.nextInt();
            reassembler.open(d >> 1, d & 1, isn[d]);
            List<Piece> p = cut(streams[d], r, 1460);
            // Locally out of order: swap neighbours now and then, as a lossy path does.
            for (int i = 0; i + 1 < p.size(); i++) {
                if (r.nextInt(4) == 0) {
                    Collections.swap(p, i, i + 1);
                }
            }
            pieces.add(p);
        }
        // Interleave the flows while keeping each flow's own (perturbed) order.
        int[] cursor = new int[flows * 2];
        int remaining = pieces.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int d = r.nextInt(flows * 2);
            if (cursor[d] < pieces.get(d).size()) {
                schedule.add(new int[] {d >> 1, d & 1, cursor[d]++});
                remaining--;
            }
        }
        for (int[] s : schedule) {
            int d = s[0] * 2 + s[1];
            Piece p = pieces.get(d).get(s[2]);
            int result = reassembler.segment(s[0], s[1], isn[d] + p.offset(), p.bytes(), 0, p.bytes().length, all);
            assertThat(result).isIn(IN_ORDER, BUFFERED);
        }
        for (int d = 0; d < flows * 2; d++) {
            assertThat(all.got(d >> 1, d & 1)).as("flow %d direction %d", d >> 1, d & 1).isEqualTo(streams[d]);
        }
        assertThat(reassembler.bufferedBytes()).isZero();
        reassembler.checkInvariants();
    }

    @Test
    void aConsumerCallingBackIsABug() {
        reassembler = new StreamReassembler(1, StreamLimits.DEFAULTS);
        reassembler.open(0, 0, 0);
        StreamConsumer rude = (flow, direction, buffer, offset, length) -> reassembler.close(flow);
        assertThatThrownBy(() -> reassembler.segment(0, 0, 0, new byte[4], 0, 4, rude))
                .isInstanceOf(IllegalStateException.class);
        // The instance stays usable.
        assertThat(offer(0, 0, 4, filled(1, 'x'))).isEqualTo(IN_ORDER);
    }

    @Test
    void argumentsAreChecked() {
        reassembler = new StreamReassembler(2, StreamLimits.DEFAULTS);
        assertThatThrownBy(() -> reassembler.open(2, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> reassembler.open(0, 2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> reassembler.segment(0, 0, 0, new byte[4], 2, 3, recorder))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new StreamLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamLimits(2, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamReassembler(0, StreamLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StreamReassembler.resultName(OVERLAP_CONFLICT)).isEqualTo("overlap-conflict");
    }

    /** Steady state allocates nothing: in-order and out-of-order segments, measured per thread. */
    @Test
    void steadyStateAllocatesNothing() {
        reassembler = new StreamReassembler(64, StreamLimits.DEFAULTS);
        byte[] payload = randomBytes(new SplittableRandom(1), 1460);
        long[] sink = new long[1];
        StreamConsumer consumer = (flow, direction, buffer, offset, length) -> sink[0] += buffer[offset] + length;
        int[] next = new int[64];
        for (int f = 0; f < 64; f++) {
            reassembler.open(f, 0, 0);
        }
        Runnable round = () -> {
            for (int k = 0; k < 20_000; k++) {
                int f = k & 63;
                int n = 64 + (k & 511);
                // Every fourth step sends a pair swapped: the second half first (buffered), then the first.
                if ((k & 3) == 0) {
                    reassembler.segment(f, 0, next[f] + n, payload, 0, n, consumer);
                    reassembler.segment(f, 0, next[f], payload, 0, n, consumer);
                    next[f] += 2 * n;
                } else {
                    reassembler.segment(f, 0, next[f], payload, 0, n, consumer);
                    next[f] += n;
                }
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        round.run();
        long before = threads.getThreadAllocatedBytes(thread);
        round.run();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 25,000 segments").isLessThan(1024);
        assertThat(reassembler.bufferedBytes()).isZero();
        assertThat(sink[0]).isNotZero();
    }
}
