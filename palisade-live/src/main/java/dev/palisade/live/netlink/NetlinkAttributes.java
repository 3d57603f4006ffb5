package dev.palisade.live.netlink;

import static dev.palisade.live.netlink.Netlink.HOST_SHORT;
import static dev.palisade.live.netlink.Netlink.NET_INT;
import static dev.palisade.live.netlink.Netlink.NET_LONG;
import static dev.palisade.live.netlink.Netlink.NET_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An index of the attributes found in a byte range, by type, built in one pass like the kernel's
 * {@code nla_parse}: each attribute's header must lie in the range, its length must be at least a
 * header and end inside the range; a violation stops the pass and sets {@link #malformed()}
 * (attributes indexed before it stay usable). Types above the index's maximum are skipped (newer
 * kernels add attributes); of repeated types, the last wins. The flag bits (nested, byte order)
 * are masked off the type.
 *
 * <p>A flyweight: {@link #wrap} reuses the index arrays, so nothing is allocated per message.
 * Typed getters check the payload's length and return a fallback when it is absent or short.
 */
public final class NetlinkAttributes {

    private final int maxType;
    private final int[] offsets;
    private final int[] lengths;
    private MemorySegment buffer = MemorySegment.NULL;
    private boolean malformed;

    /** An index for attribute types 1..{@code maxType}. */
    public NetlinkAttributes(int maxType) {
        if (maxType < 1 || maxType > Netlink.NLA_TYPE_MASK) {
            throw new IllegalArgumentException("maxType " + maxType);
        }
        this.maxType = maxType;
        this.offsets = new int[maxType + 1];
        this.lengths = new int[maxType + 1];
    }

    /** Indexes the attributes in {@code [start, end)} of {@code buffer}. */
    public NetlinkAttributes wrap(MemorySegment buffer, int start, int end) {
        if (start < 0 || end < start || end > buffer.byteSize()) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") outside a segment of " + buffer.byteSize());
        }
        this.buffer = buffer;
        Arrays.fill(offsets, -1);
        malformed = false;
        int at = start;
        while (at < end) {
            if (end - at < Netlink.ATTRIBUTE_HEADER_LENGTH) {
                malformed = true;
                return this;
            }
            int len = buffer.get(HOST_SHORT, at) & 0xffff;
            if (len < Netlink.ATTRIBUTE_HEADER_LENGTH || len > end - at) {
                malformed = true;
                return this;
            }
            int type = buffer.get(HOST_SHORT, at + 2) & Netlink.NLA_TYPE_MASK;
            if (type > 0 && type <= maxType) {
                offsets[type] = at + Netlink.ATTRIBUTE_HEADER_LENGTH;
                lengths[type] = len - Netlink.ATTRIBUTE_HEADER_LENGTH;
            }
            int padded = Netlink.align(len);
            at = padded > end - at ? end : at + padded;
        }
        return this;
    }

    public boolean malformed() {
        return malformed;
    }

    public MemorySegment buffer() {
        return buffer;
    }

    public boolean has(int type) {
        return type > 0 && type <= maxType && offsets[type] >= 0;
    }

    /** True when the attribute is present with at least {@code bytes} of payload. */
    public boolean has(int type, int bytes) {
        return has(type) && lengths[type] >= bytes;
    }

    /** The payload's offset in the buffer, or -1 when absent. */
    public int payloadOffset(int type) {
        return has(type) ? offsets[type] : -1;
    }

    /** The payload's length (padding excluded), or 0 when absent. */
    public int payloadLength(int type) {
        return has(type) ? lengths[type] : 0;
    }

    public int u8(int type, int fallback) {
        return has(type, 1) ? buffer.get(ValueLayout.JAVA_BYTE, offsets[type]) & 0xff : fallback;
    }

    /** A 16-bit value in network byte order, unsigned. */
    public int be16(int type, int fallback) {
        return has(type, 2) ? buffer.get(NET_SHORT, offsets[type]) & 0xffff : fallback;
    }

    /** A 32-bit value in network byte order. */
    public int be32(int type, int fallback) {
        return has(type, 4) ? buffer.get(NET_INT, offsets[type]) : fallback;
    }

    /** A 64-bit value in network byte order. */
    public long be64(int type, long fallback) {
        return has(type, 8) ? buffer.get(NET_LONG, offsets[type]) : fallback;
    }

    /** Indexes the payload of nested attribute {@code type} into {@code into}; false when absent. */
    public boolean nested(int type, NetlinkAttributes into) {
        if (!has(type)) {
            return false;
        }
        into.wrap(buffer, offsets[type], offsets[type] + lengths[type]);
        return true;
    }
}
