package dev.palisade.live.netlink;

import static dev.palisade.live.netlink.Netlink.HOST_INT;
import static dev.palisade.live.netlink.Netlink.HOST_SHORT;
import static dev.palisade.live.netlink.Netlink.NET_INT;
import static dev.palisade.live.netlink.Netlink.NET_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes netlink messages into a caller-owned segment, reused from one message to the next: a
 * header, optionally a netfilter {@code nfgenmsg}, then attributes, nested ones included. Several
 * messages may follow each other in the segment (one {@code send} carries them all). Every
 * length is checked against the segment before anything is written; a message that does not fit
 * is a programming error (buffers are sized for the messages this code builds) and throws.
 *
 * <p>Padding bytes are zeroed, as the kernel's strict validation expects. Not thread-safe.
 */
public final class NetlinkWriter {

    private static final int MAX_NESTING = 8;

    private final MemorySegment buffer;
    private final int capacity;
    private int position;
    private int messageStart = -1;
    private final int[] nested = new int[MAX_NESTING];
    private int depth;

    public NetlinkWriter(MemorySegment buffer) {
        this.buffer = buffer;
        this.capacity = (int) Math.min(Integer.MAX_VALUE, buffer.byteSize());
    }

    /** Forgets everything written; the next message starts at offset 0. */
    public NetlinkWriter reset() {
        position = 0;
        messageStart = -1;
        depth = 0;
        return this;
    }

    /** Starts a message; the port id is 0 (the kernel fills the sender's in). */
    public NetlinkWriter begin(int type, int flags, int sequence) {
        if (messageStart >= 0) {
            throw new IllegalStateException("previous message not ended");
        }
        ensure(Netlink.HEADER_LENGTH);
        messageStart = position;
        buffer.set(HOST_INT, position + Netlink.LENGTH_OFFSET, 0);
        buffer.set(HOST_SHORT, position + Netlink.TYPE_OFFSET, (short) type);
        buffer.set(HOST_SHORT, position + Netlink.FLAGS_OFFSET, (short) flags);
        buffer.set(HOST_INT, position + Netlink.SEQUENCE_OFFSET, sequence);
        buffer.set(HOST_INT, position + Netlink.PORT_ID_OFFSET, 0);
        position += Netlink.HEADER_LENGTH;
        return this;
    }

    /** The netfilter header: address family, version, resource id (a queue number) in network order. */
    public NetlinkWriter nfgenmsg(int family, int version, int resourceId) {
        inMessage();
        ensure(Netlink.NFGENMSG_LENGTH);
        buffer.set(ValueLayout.JAVA_BYTE, position, (byte) family);
        buffer.set(ValueLayout.JAVA_BYTE, position + 1, (byte) version);
        buffer.set(NET_SHORT, position + 2, (short) resourceId);
        position += Netlink.NFGENMSG_LENGTH;
        return this;
    }

    /**
     * Writes an attribute header for a payload of {@code length} bytes, zeroes the payload and its
     * padding, and returns the payload's offset so that the caller can fill a packed structure.
     */
    public int attribute(int type, int length) {
        inMessage();
        int total = Netlink.ATTRIBUTE_HEADER_LENGTH + length;
        if (length < 0 || total > Netlink.MAX_ATTRIBUTE_LENGTH) {
            throw new IllegalArgumentException("attribute payload of " + length + " bytes");
        }
        int padded = Netlink.align(total);
        ensure(padded);
        buffer.set(HOST_SHORT, position, (short) total);
        buffer.set(HOST_SHORT, position + 2, (short) type);
        buffer.asSlice(position + Netlink.ATTRIBUTE_HEADER_LENGTH, padded - Netlink.ATTRIBUTE_HEADER_LENGTH).fill((byte) 0);
        int payload = position + Netlink.ATTRIBUTE_HEADER_LENGTH;
        position += padded;
        return payload;
    }

    public NetlinkWriter u8(int type, int value) {
        buffer.set(ValueLayout.JAVA_BYTE, attribute(type, 1), (byte) value);
        return this;
    }

    /** A 16-bit value in network byte order. */
    public NetlinkWriter be16(int type, int value) {
        buffer.set(NET_SHORT, attribute(type, 2), (short) value);
        return this;
    }

    /** A 32-bit value in network byte order. */
    public NetlinkWriter be32(int type, int value) {
        buffer.set(NET_INT, attribute(type, 4), value);
        return this;
    }

    /** A 32-bit value in host byte order. */
    public NetlinkWriter u32(int type, int value) {
        buffer.set(HOST_INT, attribute(type, 4), value);
        return this;
    }

    /** An attribute whose payload is {@code length} bytes copied from {@code source}. */
    public NetlinkWriter bytes(int type, MemorySegment source, long offset, int length) {
        MemorySegment.copy(source, offset, buffer, attribute(type, length), length);
        return this;
    }

    /** Opens a nested attribute (NLA_F_NESTED set); close it with {@link #endNested()}. */
    public NetlinkWriter beginNested(int type) {
        if (depth == MAX_NESTING) {
            throw new IllegalStateException("attributes nested deeper than " + MAX_NESTING);
        }
        nested[depth++] = attribute(type | Netlink.NLA_F_NESTED, 0) - Netlink.ATTRIBUTE_HEADER_LENGTH;
        return this;
    }

    public NetlinkWriter endNested() {
        if (depth == 0) {
            throw new IllegalStateException("no nested attribute open");
        }
        int start = nested[--depth];
        int length = position - start;
        if (length > Netlink.MAX_ATTRIBUTE_LENGTH) {
            throw new IllegalStateException("nested attribute of " + length + " bytes");
        }
        buffer.set(HOST_SHORT, start, (short) length);
        return this;
    }

    /** Ends the current message (sets its length) and returns the bytes written so far in total. */
    public int end() {
        inMessage();
        if (depth != 0) {
            throw new IllegalStateException("nested attribute left open");
        }
        buffer.set(HOST_INT, messageStart + Netlink.LENGTH_OFFSET, position - messageStart);
        messageStart = -1;
        return position;
    }

    /** Bytes written so far (all messages). */
    public int length() {
        return position;
    }

    public MemorySegment buffer() {
        return buffer;
    }

    /** Room left in the buffer. */
    public int remaining() {
        return capacity - position;
    }

    private void inMessage() {
        if (messageStart < 0) {
            throw new IllegalStateException("no message begun");
        }
    }

    private void ensure(int bytes) {
        if (bytes > capacity - position) {
            throw new IllegalStateException("netlink message exceeds the " + capacity + "-byte buffer");
        }
    }
}
