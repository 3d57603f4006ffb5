package dev.palisade.notify.queue;

import java.util.List;

/**
 * What reading one segment found: the intact records in order, and the damage skipped over.
 *
 * @param records        intact records, indexes strictly increasing
 * @param corruptRegions how many separate stretches of bytes were not intact records (a torn tail,
 *                       a flipped bit, a bad header)
 * @param corruptBytes   how many bytes those stretches hold
 */
public record SegmentScan(List<Entry> records, int corruptRegions, long corruptBytes) {

    public SegmentScan {
        records = List.copyOf(records);
    }

    /** One intact record: its index and where its payload sits in the segment. */
    public record Entry(long index, long payloadOffset, int payloadLength) {
    }
}
