package dev.palisade.ips.mqtt;

import java.util.Arrays;

/**
 * The frames of one MQTT connection that wait for inspection, per direction, with copies of
 * their bytes (the packets they come from are recycled as soon as they are decoded).
 *
 * <p>Inspection timing follows Suricata in IDS mode, which the suricata-verify cases encode:
 * the app layer parses a direction's bytes once the peer acknowledged them, and frames are
 * inspected on the next packet of their own direction. So a frame becomes ready once a packet of
 * the other direction has been seen after it was registered ({@link #packet}), and is inspected
 * on the next packet of its direction, or at the end of the flow.
 *
 * <p>Bounded: at most {@link #MAX_FRAMES} frames and {@link #MAX_BYTES} bytes of frame content
 * per direction; beyond that, frames are dropped (counted) or held partially (their
 * {@link MqttFrame#complete()} is false). The arrays grow to their working size and are then
 * reused, so steady traffic allocates nothing. Single-threaded, owned by the session.
 */
public final class MqttFrames {

    /** Frames held per direction before further ones are dropped. */
    public static final int MAX_FRAMES = 1024;
    /** Bytes of frame content held per direction. */
    public static final int MAX_BYTES = 256 * 1024;

    private final Side[] sides = {new Side(), new Side()};
    private long dropped;

    private static final class Side {
        // Id 1 is the stream frame Suricata opens on a direction's first data: the first PDU is 2.
        long nextId = 2;
        int count;
        int ready;
        byte[] type = new byte[0];
        long[] id = new long[0];
        long[] streamOffset = new long[0];
        int[] length = new int[0];
        int[] at = new int[0];
        int[] held = new int[0];
        byte[] bytes = new byte[0];
        int used;
    }

    /**
     * Registers a frame of {@code direction}: {@code length} bytes at stream offset
     * {@code streamOffset}, whose bytes are {@code src[from, from + length)}.
     */
    void add(int direction, MqttFrameType type, long streamOffset, int length, byte[] src, int from) {
        Side s = sides[direction & 1];
        long id = s.nextId++;
        if (s.count == MAX_FRAMES) {
            dropped++;
            return;
        }
        if (s.count == s.id.length) {
            int n = Math.max(16, s.count * 2);
            s.type = Arrays.copyOf(s.type, n);
            s.id = Arrays.copyOf(s.id, n);
            s.streamOffset = Arrays.copyOf(s.streamOffset, n);
            s.length = Arrays.copyOf(s.length, n);
            s.at = Arrays.copyOf(s.at, n);
            s.held = Arrays.copyOf(s.held, n);
        }
        int keep = Math.min(length, MAX_BYTES - s.used);
        if (s.used + keep > s.bytes.length) {
            s.bytes = Arrays.copyOf(s.bytes, Math.min(MAX_BYTES, Math.max(s.used + keep, Math.max(256, s.bytes.length * 2))));
        }
        System.arraycopy(src, from, s.bytes, s.used, keep);
        int i = s.count++;
        s.type[i] = (byte) type.ordinal();
        s.id[i] = id;
        s.streamOffset[i] = streamOffset;
        s.length[i] = length;
        s.at[i] = s.used;
        s.held[i] = keep;
        s.used += keep;
    }

    /**
     * A packet of {@code direction} arrived (before its bytes are parsed): the other direction's
     * frames registered so far become ready. Returns how many frames of {@code direction} are
     * ready to be inspected on this packet.
     */
    public int packet(int direction) {
        Side other = sides[(direction & 1) ^ 1];
        other.ready = other.count;
        return sides[direction & 1].ready;
    }

    /** Frames of {@code direction} registered and not consumed, ready or not. */
    public int pending(int direction) {
        return sides[direction & 1].count;
    }

    /** Points {@code out} at frame {@code index} (0 .. pending-1) of {@code direction}. */
    public MqttFrame frame(int direction, int index, MqttFrame out) {
        Side s = sides[direction & 1];
        if (index < 0 || index >= s.count) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + s.count);
        }
        out.type = MqttFrameType.of(s.type[index]);
        out.id = s.id[index];
        out.direction = direction & 1;
        out.streamOffset = s.streamOffset[index];
        out.length = s.length[index];
        out.array = s.bytes;
        out.offset = s.at[index];
        out.available = s.held[index];
        return out;
    }

    /** Removes the first {@code n} frames of {@code direction} (after inspecting them). */
    public void consume(int direction, int n) {
        Side s = sides[direction & 1];
        n = Math.min(n, s.count);
        if (n <= 0) {
            return;
        }
        int rest = s.count - n;
        int base = rest == 0 ? s.used : s.at[n];
        System.arraycopy(s.type, n, s.type, 0, rest);
        System.arraycopy(s.id, n, s.id, 0, rest);
        System.arraycopy(s.streamOffset, n, s.streamOffset, 0, rest);
        System.arraycopy(s.length, n, s.length, 0, rest);
        System.arraycopy(s.held, n, s.held, 0, rest);
        System.arraycopy(s.at, n, s.at, 0, rest);
        System.arraycopy(s.bytes, base, s.bytes, 0, s.used - base);
        for (int i = 0; i < rest; i++) {
            s.at[i] -= base;
        }
        s.used -= base;
        s.count = rest;
        s.ready = Math.max(0, s.ready - n);
    }

    /** Frames not held because {@link #MAX_FRAMES} were waiting. */
    public long dropped() {
        return dropped;
    }

    /** Bytes held for frame content, both directions. */
    public long retainedBytes() {
        return sides[0].bytes.length + sides[1].bytes.length;
    }
}
