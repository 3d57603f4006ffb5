package dev.palisade.notify.queue;

/**
 * How much one destination's queue may hold while its peer is unreachable, and how its files are
 * cut. Records beyond {@code maxRecords} or {@code maxBytes} (of payload) are refused, not queued.
 *
 * @param maxRecords     most records waiting at once
 * @param maxBytes       most payload bytes waiting at once
 * @param maxRecordBytes largest single payload accepted
 * @param segmentBytes   size at which the queue starts a new segment file (a file is deleted once
 *                       every record in it is delivered)
 */
public record QueueBounds(int maxRecords, long maxBytes, int maxRecordBytes, long segmentBytes) {

    /** 100,000 records or 64 MiB, 64 KiB per record, 4 MiB segments. */
    public static final QueueBounds DEFAULT = new QueueBounds(100_000, 64L << 20, 64 << 10, 4L << 20);

    public QueueBounds {
        if (maxRecords < 1 || maxBytes < 1 || maxRecordBytes < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        if (maxRecordBytes > SegmentFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a record may hold at most " + SegmentFormat.MAX_PAYLOAD + " bytes");
        }
    }

    /** These bounds with another record count and byte total. */
    public QueueBounds withLimits(int records, long bytes) {
        return new QueueBounds(records, bytes, maxRecordBytes, segmentBytes);
    }
}
