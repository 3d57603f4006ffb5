package dev.palisade.capture;

/**
 * One frame read from a capture, filled in place by {@link CaptureReader#next(CapturedFrame)}.
 *
 * <p>A frame is meant to be allocated once and reused for every packet of a replay, so reading
 * makes no object per packet: the backing {@link #buffer()} grows to the largest frame seen and
 * is then reused. Only the first {@link #length()} bytes of the buffer belong to the current
 * frame; the rest is stale data from earlier frames. Everything read from a frame is valid until
 * the next call to {@code next}. Not thread-safe.
 */
public final class CapturedFrame {
    private static final int INITIAL_CAPACITY = 2048;

    private byte[] buffer;
    private int interfaceId = -1;
    private CaptureInterface captureInterface;
    private long timestampNanos;
    private int length;
    private int originalLength;

    /** Creates an empty frame with room for a typical Ethernet frame. */
    public CapturedFrame() {
        this.buffer = new byte[INITIAL_CAPACITY];
    }

    /** Index of the interface within the current section; 0 for classic pcap. -1 before a read. */
    public int interfaceId() {
        return interfaceId;
    }

    /** The interface the frame was captured on; {@code null} before the first read. */
    public CaptureInterface captureInterface() {
        return captureInterface;
    }

    /**
     * Capture time in nanoseconds since 1970-01-01T00:00:00Z, after the interface's timestamp
     * resolution and offset are applied. 0 when the file does not record a time (pcapng Simple
     * Packet Block). Resolutions finer than a nanosecond are truncated.
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The backing array; the frame occupies indices {@code [0, length())}. */
    public byte[] buffer() {
        return buffer;
    }

    /** Number of captured bytes in {@link #buffer()}. */
    public int length() {
        return length;
    }

    /**
     * Length of the packet on the wire; larger than {@link #length()} when the capture truncated
     * it to the snap length. Capped at {@code Integer.MAX_VALUE}.
     */
    public int originalLength() {
        return originalLength;
    }

    /** Returns a buffer of at least {@code capacity} bytes; the caller has bounded capacity. */
    byte[] reserve(int capacity) {
        if (buffer.length < capacity) {
            // Grow by half again so a slowly rising frame size does not reallocate every frame.
            buffer = new byte[Math.max(capacity, buffer.length + (buffer.length >> 1))];
        }
        return buffer;
    }

    void set(CaptureInterface iface, long timestampNanos, int length, int originalLength) {
        this.interfaceId = iface.id();
        this.captureInterface = iface;
        this.timestampNanos = timestampNanos;
        this.length = length;
        this.originalLength = originalLength;
    }

    @Override
    public String toString() {
        return "CapturedFrame[interface=" + interfaceId + ", ts=" + timestampNanos + "ns, length=" + length
                + ", originalLength=" + originalLength + "]";
    }
}
