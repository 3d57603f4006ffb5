package dev.palisade.notify.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Jazzer target for the queue's on-disk reader: whatever bytes a segment holds, the reader never
 * throws, accounts for every byte (header, intact records and counted damage add up to the file),
 * returns only records whose checksum holds and whose indexes rise, and, when the fuzzer's bytes
 * are spliced between intact records, still finds those records.
 */
class SegmentReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void arbitrarySegmentBytes(FuzzedDataProvider data) {
        long first = data.consumeLong(0, 1000);
        int max = data.consumeInt(0, 4096);
        boolean wrapIntact = data.consumeBoolean();
        byte[] garbage = data.consumeRemainingAsBytes();
        ByteBuffer bytes;
        if (wrapIntact) {
            // header, intact record, the fuzzer's bytes, intact record far enough ahead
            ByteBuffer a = SegmentFormat.encode(first, new byte[] {42});
            ByteBuffer b = SegmentFormat.encode(first + SegmentReader.MAX_GAP, new byte[] {43, 44});
            bytes = ByteBuffer.allocate(8 + a.remaining() + garbage.length + b.remaining());
            bytes.put(SegmentFormat.header()).put(a).put(garbage).put(b).flip();
        } else {
            bytes = ByteBuffer.wrap(garbage);
        }
        SegmentScan scan = SegmentReader.scan(bytes, first, Math.max(max, 2));
        long accounted = scan.corruptBytes();
        long last = first - 1;
        boolean headerOk = bytes.remaining() >= 8 && ByteBuffer.wrap(bytes.array(), 0, 8).equals(SegmentFormat.header());
        accounted += headerOk ? 8 : 0;
        ByteBuffer view = bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
        for (SegmentScan.Entry e : scan.records()) {
            assertThat(e.index()).isGreaterThan(last);
            last = e.index();
            int start = (int) e.payloadOffset() - 12;
            assertThat(view.getInt(start)).isEqualTo(e.payloadLength());
            CRC32C crc = new CRC32C();
            crc.update(bytes.array(), start, 12 + e.payloadLength());
            assertThat(view.getInt(start + 12 + e.payloadLength())).isEqualTo((int) crc.getValue());
            accounted += 16 + e.payloadLength();
        }
        assertThat(accounted).isEqualTo(bytes.remaining());
        assertThat(scan.corruptRegions() == 0).isEqualTo(scan.corruptBytes() == 0);
        if (wrapIntact) {
            assertThat(scan.records()).isNotEmpty();
            assertThat(scan.records().get(0).index()).isEqualTo(first);
            assertThat(scan.records().get(scan.records().size() - 1).index()).isEqualTo(first + SegmentReader.MAX_GAP);
        }
    }
}
