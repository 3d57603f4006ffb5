package dev.palisade.notify.queue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of a queue segment file. Every field is big-endian.
 *
 * <pre>
 * file:    magic "PLSQSEG1" (8 bytes), then records back to back
 * record:  0            u32  payload length L (at most {@link #MAX_PAYLOAD})
 *          4            u64  index (strictly increasing within a queue, never reused)
 *          12           L    payload
 *          12 + L       u32  CRC-32C of bytes [0, 12 + L)
 * </pre>
 *
 * A record is only ever appended, then forced to the device before the append returns. A crash
 * can therefore leave at most a torn last record, which fails its length or checksum test; the
 * index lets the reader tell a record that belongs here from bytes that happen to checksum.
 */
public final class SegmentFormat {

    static final byte[] MAGIC = "PLSQSEG1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length;
    static final int RECORD_OVERHEAD = 16;
    /** The largest payload the format admits; a queue may set a smaller limit. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private SegmentFormat() {
    }

    /** The bytes of one record. */
    static ByteBuffer encode(long index, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_OVERHEAD + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(payload.length).putLong(index).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 12 + payload.length);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    static ByteBuffer header() {
        return ByteBuffer.wrap(MAGIC.clone());
    }
}
