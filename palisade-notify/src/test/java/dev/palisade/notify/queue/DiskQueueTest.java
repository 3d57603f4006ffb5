package dev.palisade.notify.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue keeps order, honours its bounds, survives reopening, and after the damage a crash or
 * a bad disk can leave (torn tail, flipped bit, lost head pointer) delivers every intact record
 * and nothing else.
 */
class DiskQueueTest {

    @TempDir
    Path dir;

    private static byte[] payload(int n) {
        return ("record-" + n + "-" + "x".repeat(n % 37)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<QueuedRecord> records) {
        return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> expected(int from, int to) {
        return Stream.iterate(from, i -> i <= to, i -> i + 1).map(i -> new String(payload(i), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void firstInFirstOutAcrossReopenAndAcknowledgement() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            for (int i = 1; i <= 10; i++) {
                assertThat(q.offer(payload(i))).isTrue();
            }
            assertThat(texts(q.peek(0, 3))).isEqualTo(expected(1, 3));
            assertThat(texts(q.peek(3, 2))).isEqualTo(expected(4, 5));
            q.acknowledge(4);
        }
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            assertThat(q.recovery()).isEqualTo(new Recovery(6, 0, 0, false));
            assertThat(texts(q.peek(0, 100))).isEqualTo(expected(5, 10));
            assertThat(q.peek(0, 100).get(0).index()).isEqualTo(4);
            q.offer(payload(11));
            q.acknowledge(6);
            assertThat(texts(q.peek(0, 100))).isEqualTo(expected(11, 11));
            assertThat(q.peek(0, 1).get(0).index()).as("indexes are never reused").isEqualTo(10);
        }
    }

    @Test
    void boundsRefuseByCountBytesAndRecordSize() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, new QueueBounds(3, 1000, 100, 1 << 20))) {
            assertThat(q.offer(new byte[101])).isFalse();
            assertThat(q.offer(new byte[10])).isTrue();
            assertThat(q.offer(new byte[10])).isTrue();
            assertThat(q.offer(new byte[10])).isTrue();
            assertThat(q.offer(new byte[1])).as("fourth record").isFalse();
            q.acknowledge(1);
            assertThat(q.offer(new byte[1])).isTrue();
            assertThat(q.size()).isEqualTo(3);
        }
        try (DiskQueue q = DiskQueue.open(dir.resolve("bytes"), new QueueBounds(100, 250, 100, 1 << 20))) {
            assertThat(q.offer(new byte[100])).isTrue();
            assertThat(q.offer(new byte[100])).isTrue();
            assertThat(q.offer(new byte[51])).as("past 250 bytes").isFalse();
            assertThat(q.offer(new byte[50])).isTrue();
            assertThat(q.bytes()).isEqualTo(250);
        }
    }

    @Test
    void segmentsRollAndDeliveredOnesAreDeleted() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, new QueueBounds(1000, 1 << 20, 1000, 200))) {
            for (int i = 1; i <= 40; i++) {
                q.offer(payload(i));
            }
            long segments = segmentCount();
            assertThat(segments).isGreaterThan(5);
            q.acknowledge(39);
            assertThat(segmentCount()).isEqualTo(1);
            assertThat(texts(q.peek(0, 10))).isEqualTo(expected(40, 40));
        }
        try (DiskQueue q = DiskQueue.open(dir, new QueueBounds(1000, 1 << 20, 1000, 200))) {
            assertThat(texts(q.peek(0, 10))).isEqualTo(expected(40, 40));
        }
    }

    @Test
    void aTornLastRecordIsCountedAndTheRestDelivered() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            for (int i = 1; i <= 5; i++) {
                q.offer(payload(i));
            }
        }
        Path seg = onlySegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // a crash in the middle of the fifth append
        }
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            assertThat(q.recovery().corruptRegions()).isEqualTo(1);
            assertThat(texts(q.peek(0, 100))).isEqualTo(expected(1, 4));
            // New records go to a new segment and follow on.
            q.offer(payload(6));
            assertThat(texts(q.peek(0, 100))).containsExactlyElementsOf(
                    Stream.concat(expected(1, 4).stream(), expected(6, 6).stream()).toList());
        }
    }

    @Test
    void aFlippedBitLosesOneRecordNotTheRest() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            for (int i = 1; i <= 5; i++) {
                q.offer(payload(i));
            }
        }
        Path seg = onlySegment();
        byte[] bytes = Files.readAllBytes(seg);
        // Inside the payload of the second record: header 8, record 1 = 16 + len(payload 1).
        int second = 8 + 16 + payload(1).length;
        bytes[second + 14] ^= 0x10;
        Files.write(seg, bytes);
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            assertThat(q.recovery().corruptRegions()).isEqualTo(1);
            assertThat(q.recovery().corruptBytes()).isEqualTo(16 + payload(2).length);
            assertThat(texts(q.peek(0, 100))).containsExactly(
                    new String(payload(1), StandardCharsets.UTF_8), new String(payload(3), StandardCharsets.UTF_8),
                    new String(payload(4), StandardCharsets.UTF_8), new String(payload(5), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDamagedHeadPointerRedeliversRatherThanLoses() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            for (int i = 1; i <= 5; i++) {
                q.offer(payload(i));
            }
            q.acknowledge(2);
        }
        Files.write(dir.resolve("head"), new byte[] {1, 2, 3});
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            assertThat(q.recovery().headDamaged()).isTrue();
            assertThat(texts(q.peek(0, 100))).isEqualTo(expected(1, 5));
        }
    }

    @Test
    void garbageFilesAndForeignNamesAreHandled() throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("00000000000000000000.seg"), "not a segment at all".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("notes.seg"), new byte[] {1});
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            assertThat(q.recovery().corruptRegions()).isEqualTo(1);
            assertThat(q.size()).isZero();
            assertThat(q.offer(payload(1))).isTrue();
            assertThat(texts(q.peek(0, 10))).isEqualTo(expected(1, 1));
        }
        assertThat(dir.resolve("notes.seg")).exists();
    }

    @Test
    void acknowledgingMoreThanWaitsIsRefused() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, QueueBounds.DEFAULT)) {
            q.offer(payload(1));
            assertThatThrownBy(() -> q.acknowledge(2)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theReaderFindsRecordsTheWriterWrote() {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.put(SegmentFormat.header()).put(SegmentFormat.encode(7, new byte[] {1, 2})).put(SegmentFormat.encode(8, new byte[0]));
        b.flip();
        SegmentScan scan = SegmentReader.scan(b, 7, 100);
        assertThat(scan.records()).containsExactly(new SegmentScan.Entry(7, 20, 2), new SegmentScan.Entry(8, 38, 0));
        assertThat(scan.corruptRegions()).isZero();
        // An index below the segment's first is not believed.
        assertThat(SegmentReader.scan(b, 9, 100).records()).isEmpty();
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).toList();
            assertThat(segs).hasSize(1);
            return segs.get(0);
        }
    }
}
