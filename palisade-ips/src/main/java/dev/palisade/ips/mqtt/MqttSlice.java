package dev.palisade.ips.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of some bytes of a message (a topic, a client id, a payload): the array is the
 * message's own body, valid only while the message is (during the listener call that handed it
 * out). One view serves any number of look-ups, so reading a field allocates nothing.
 */
public final class MqttSlice {

    private byte[] array = new byte[0];
    private int offset;
    private int length;

    void set(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The byte at {@code index} (0-based within the slice). */
    public byte byteAt(int index) {
        return array[offset + index];
    }

    /** A copy of the bytes, for tests and diagnostics (allocates). */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        System.arraycopy(array, offset, copy, 0, length);
        return copy;
    }

    /** The bytes decoded as UTF-8 with replacement characters (allocates). */
    @Override
    public String toString() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }
}
