package dev.palisade.live.netlink;

import static dev.palisade.live.netlink.Netlink.HOST_INT;
import static dev.palisade.live.netlink.Netlink.HOST_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Walks the netlink messages of one received datagram in place, a flyweight reused for every
 * datagram. {@link #next()} moves to the next message only after checking that its header lies
 * inside the datagram and that its length is at least a header and no more than what remains;
 * anything else ends the walk and sets {@link #malformed()}, so a reader of the current message
 * may trust {@link #offset()} .. {@link #end()}.
 *
 * <p>Error messages ({@code NLMSG_ERROR}) are acknowledgements when their code is 0; the code is
 * read only after checking the message is long enough to hold it.
 */
public final class NetlinkReader {

    /** nlmsgerr: int error, then the request's nlmsghdr (and payload unless capped). */
    private static final int ERROR_CODE_LENGTH = 4;

    private MemorySegment buffer = MemorySegment.NULL;
    private int limit;
    private int next;
    private int offset;
    private int length;
    private boolean malformed;

    /** Starts a walk over the first {@code length} bytes of {@code datagram}. */
    public NetlinkReader wrap(MemorySegment datagram, int length) {
        if (length < 0 || length > datagram.byteSize()) {
            throw new IllegalArgumentException("length " + length + " outside a segment of " + datagram.byteSize());
        }
        this.buffer = datagram;
        this.limit = length;
        this.next = 0;
        this.offset = -1;
        this.length = 0;
        this.malformed = false;
        return this;
    }

    /** Moves to the next message; false at the end of the datagram or at a malformed header. */
    public boolean next() {
        if (malformed || next >= limit) {
            return false;
        }
        if (limit - next < Netlink.HEADER_LENGTH) {
            malformed = true;
            return false;
        }
        int len = buffer.get(HOST_INT, next + Netlink.LENGTH_OFFSET);
        if (len < Netlink.HEADER_LENGTH || len > limit - next) {
            malformed = true;
            return false;
        }
        offset = next;
        length = len;
        // The last message of a datagram need not be padded; align(len) may then pass the limit.
        next = next + Math.min(Netlink.align(len), limit - next);
        return true;
    }

    /** True when the walk stopped at a header that does not fit the datagram. */
    public boolean malformed() {
        return malformed;
    }

    public MemorySegment buffer() {
        return buffer;
    }

    /** Start of the current message in the buffer. */
    public int offset() {
        return offset;
    }

    /** The current message's length (nlmsg_len), header included. */
    public int length() {
        return length;
    }

    /** End of the current message (exclusive). */
    public int end() {
        return offset + length;
    }

    public int type() {
        return buffer.get(HOST_SHORT, offset + Netlink.TYPE_OFFSET) & 0xffff;
    }

    public int flags() {
        return buffer.get(HOST_SHORT, offset + Netlink.FLAGS_OFFSET) & 0xffff;
    }

    public int sequence() {
        return buffer.get(HOST_INT, offset + Netlink.SEQUENCE_OFFSET);
    }

    public int portId() {
        return buffer.get(HOST_INT, offset + Netlink.PORT_ID_OFFSET);
    }

    /** Start of the payload after the netlink header. */
    public int payloadOffset() {
        return offset + Netlink.HEADER_LENGTH;
    }

    public boolean isError() {
        return type() == Netlink.NLMSG_ERROR;
    }

    /**
     * For an {@code NLMSG_ERROR} message: 0 for an acknowledgement, else the positive errno; -1
     * when the message is too short to carry a code (malformed).
     */
    public int errorCode() {
        if (length < Netlink.HEADER_LENGTH + ERROR_CODE_LENGTH) {
            return -1;
        }
        int code = buffer.get(HOST_INT, payloadOffset());
        return code == Integer.MIN_VALUE ? -1 : Math.abs(code);
    }

    /**
     * For an {@code NLMSG_ERROR} message: the sequence number of the request it answers, or -1
     * when the message is too short to carry the request's header.
     */
    public long errorSequence() {
        int header = payloadOffset() + ERROR_CODE_LENGTH;
        if (end() - header < Netlink.HEADER_LENGTH) {
            return -1;
        }
        return buffer.get(HOST_INT, header + Netlink.SEQUENCE_OFFSET) & 0xffffffffL;
    }

    /**
     * For an {@code NLMSG_ERROR} message with extended-ack attributes: the kernel's error text,
     * or null. Allocates; for the error path only.
     */
    public String errorMessage(NetlinkAttributes scratch) {
        if ((flags() & Netlink.NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        int header = payloadOffset() + ERROR_CODE_LENGTH;
        if (end() - header < Netlink.HEADER_LENGTH) {
            return null;
        }
        int requestLength = buffer.get(HOST_INT, header + Netlink.LENGTH_OFFSET);
        // Capped: only the request's header was echoed; otherwise the whole request precedes the TLVs.
        long skip = (flags() & Netlink.NLM_F_CAPPED) != 0 ? Netlink.HEADER_LENGTH : Netlink.align(requestLength);
        if (skip < Netlink.HEADER_LENGTH || skip > end() - header) {
            return null;
        }
        scratch.wrap(buffer, header + (int) skip, end());
        if (!scratch.has(Netlink.NLMSGERR_ATTR_MSG)) {
            return null;
        }
        int start = scratch.payloadOffset(Netlink.NLMSGERR_ATTR_MSG);
        int n = scratch.payloadLength(Netlink.NLMSGERR_ATTR_MSG);
        int textEnd = start;
        while (textEnd < start + n && buffer.get(ValueLayout.JAVA_BYTE, textEnd) != 0) {
            textEnd++;
        }
        byte[] text = new byte[textEnd - start];
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, start, text, 0, text.length);
        return new String(text, StandardCharsets.UTF_8);
    }
}
