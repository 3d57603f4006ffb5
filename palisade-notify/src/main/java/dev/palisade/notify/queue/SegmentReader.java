package dev.palisade.notify.queue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a segment's bytes into its intact records. It trusts nothing: every length is checked
 * against the bytes left and the payload limit before use, every record's checksum is verified,
 * and an index must lie above the previous one (within {@link #MAX_GAP}) so stray bytes that
 * happen to checksum are not taken for a record. Damaged stretches are skipped by looking for the
 * next intact record one byte further on, so a flipped bit loses one record, not the rest of the
 * segment; they are counted, never delivered, and never throw.
 */
public final class SegmentReader {

    /** How far an index may jump over damaged records before it is not believed. */
    static final long MAX_GAP = 1 << 20;
    /** Indexes stay far below overflow: 2^62 records is beyond any queue's life. */
    public static final long MAX_INDEX = 1L << 62;

    private SegmentReader() {
    }

    /**
     * Scans {@code data}, the whole content of a segment whose first record should carry index
     * {@code firstIndex} or a little more (records before it may have been damaged).
     */
    public static SegmentScan scan(ByteBuffer data, long firstIndex, int maxPayload) {
        if (firstIndex < 0 || firstIndex > MAX_INDEX) {
            throw new IllegalArgumentException("first index out of range: " + firstIndex);
        }
        ByteBuffer b = data.duplicate().order(ByteOrder.BIG_ENDIAN);
        int base = b.position();
        int n = b.remaining();
        List<SegmentScan.Entry> records = new ArrayList<>();
        if (n == 0) {
            // created, then a crash before the header reached the disk: nothing was lost
            return new SegmentScan(records, 0, 0);
        }
        int regions = 0;
        long corrupt = 0;
        // Without the header the bytes are scanned from the start: whatever is not a record
        // there is damage like any other.
        int p = hasMagic(b, base, n) ? SegmentFormat.HEADER : 0;
        long last = firstIndex - 1;
        boolean inDamage = false;
        long damageStart = 0;
        CRC32C crc = new CRC32C();
        while (p < n) {
            int len = recordAt(b, base, p, n, last, maxPayload, crc);
            if (len >= 0) {
                if (inDamage) {
                    corrupt += p - damageStart;
                    inDamage = false;
                }
                long index = b.getLong(base + p + 4);
                records.add(new SegmentScan.Entry(index, p + 12L, len));
                last = index;
                p += SegmentFormat.RECORD_OVERHEAD + len;
            } else {
                if (!inDamage) {
                    inDamage = true;
                    damageStart = p;
                    regions++;
                }
                p++;
            }
        }
        if (inDamage) {
            corrupt += n - damageStart;
        }
        return new SegmentScan(records, regions, corrupt);
    }

    private static boolean hasMagic(ByteBuffer b, int base, int n) {
        if (n < SegmentFormat.HEADER) {
            return false;
        }
        for (int i = 0; i < SegmentFormat.HEADER; i++) {
            if (b.get(base + i) != SegmentFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The payload length of an intact record at {@code p}, or -1. */
    private static int recordAt(ByteBuffer b, int base, int p, int n, long last, int maxPayload, CRC32C crc) {
        if (n - p < SegmentFormat.RECORD_OVERHEAD) {
            return -1;
        }
        int len = b.getInt(base + p);
        if (len < 0 || len > maxPayload || len > n - p - SegmentFormat.RECORD_OVERHEAD) {
            return -1;
        }
        long index = b.getLong(base + p + 4);
        if (index <= last || index > last + MAX_GAP) {
            return -1;
        }
        crc.reset();
        ByteBuffer covered = b.duplicate();
        covered.limit(base + p + 12 + len).position(base + p);
        crc.update(covered);
        int stored = b.getInt(base + p + 12 + len);
        return stored == (int) crc.getValue() ? len : -1;
    }
}
