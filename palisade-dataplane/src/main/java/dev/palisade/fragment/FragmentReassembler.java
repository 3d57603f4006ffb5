package dev.palisade.fragment;

import dev.palisade.packet.Ipv4;
import dev.palisade.packet.PacketView;
import java.util.Arrays;

/**
 * Collects the fragments of IPv4 datagrams until each is whole. Policy only ever sees whole
 * datagrams, so a rule cannot be dodged by splitting a header across fragments.
 *
 * <p>Bounds: at most {@code maxDatagrams} datagrams in progress and {@code maxBytes} bytes held
 * in all; at most {@link #MAX_FRAGMENTS} fragments per datagram; a datagram not completed within
 * the timeout is discarded. Any overlap between fragments discards the whole datagram: honest
 * senders never overlap, and overlap resolution differences between the gateway and the end
 * host are how fragment evasion works. Buffers are allocated on first use and then reused.
 *
 * <p>Each fragment carries a caller-supplied tag (e.g. its packet number) so the caller can give
 * every fragment the verdict of its datagram. Not thread-safe.
 */
public final class FragmentReassembler {

    /** Fragments accepted per datagram. */
    public static final int MAX_FRAGMENTS = 64;

    /** The fragment is held until the rest of its datagram arrives. */
    public static final int HELD = 0;
    /** The datagram is complete: read it with {@link #datagram()} and {@link #datagramLength()}. */
    public static final int COMPLETE = 1;
    /** The datagram was refused (overlap, limits); the tags of its held fragments are in {@link #tags()}. */
    public static final int DISCARDED = 2;

    private final int maxDatagrams;
    private final int maxBytes;
    private final long timeoutNanos;

    private final boolean[] active;
    private final int[] keySource;
    private final int[] keyDestination;
    private final int[] keyProtocolAndId;
    private final int[] keyIngress;
    private final long[] deadline;
    private final int[] received;       // payload bytes received
    private final int[] totalPayload;   // -1 until the last fragment arrived
    private final int[] headerLength;   // IP header length of the first fragment, 0 until it arrived
    private final int[] fragmentCount;
    private final int[] ranges;         // per datagram: MAX_FRAGMENTS x (start, end)
    private final long[] heldTags;      // per datagram: MAX_FRAGMENTS tags
    private final byte[][] buffers;     // per datagram: IP header (60 max) + payload, allocated lazily

    private int bytesHeld;
    private long earliestDeadline = Long.MAX_VALUE;
    private final long[] outTags = new long[MAX_FRAGMENTS];
    private final long[] evicted = new long[MAX_FRAGMENTS];
    private int evictedCount;
    private long evictions;
    private int outTagCount;
    private int completedSlot = -1;
    private String lastReason;

    private long completed;
    private long overlaps;
    private long timeouts;
    private long limitDrops;
    private long oversized;

    public FragmentReassembler(int maxDatagrams, int maxBytes, long timeoutNanos) {
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        active = new boolean[maxDatagrams];
        keySource = new int[maxDatagrams];
        keyDestination = new int[maxDatagrams];
        keyProtocolAndId = new int[maxDatagrams];
        keyIngress = new int[maxDatagrams];
        deadline = new long[maxDatagrams];
        received = new int[maxDatagrams];
        totalPayload = new int[maxDatagrams];
        headerLength = new int[maxDatagrams];
        fragmentCount = new int[maxDatagrams];
        ranges = new int[maxDatagrams * MAX_FRAGMENTS * 2];
        heldTags = new long[maxDatagrams * MAX_FRAGMENTS];
        buffers = new byte[maxDatagrams][];
    }

    /**
     * Offers a fragment (the view must be a parsed fragment). Returns {@link #HELD},
     * {@link #COMPLETE} or {@link #DISCARDED}. After COMPLETE or DISCARDED, {@link #tags()} holds
     * the tags of the fragments held before this one; after COMPLETE the datagram stays readable
     * until the next call.
     */
    public int offer(PacketView v, int ingress, long tag, long now) {
        release();
        outTagCount = 0;
        lastReason = null;
        int protoId = v.protocol() << 16 | v.identification();
        int slot = find(v.source(), v.destination(), protoId, ingress);
        evictedCount = 0;
        if (slot < 0) {
            slot = allocate(now);
            if (slot < 0) {
                // All slots busy: the oldest datagram gives way, so that a trickle of first
                // fragments from anyone cannot lock out every honest fragmented datagram.
                slot = evictOldest();
            }
            active[slot] = true;
            keySource[slot] = v.source();
            keyDestination[slot] = v.destination();
            keyProtocolAndId[slot] = protoId;
            keyIngress[slot] = ingress;
            deadline[slot] = now + timeoutNanos;
            earliestDeadline = Math.min(earliestDeadline, deadline[slot]);
            received[slot] = 0;
            totalPayload[slot] = -1;
            headerLength[slot] = 0;
            fragmentCount[slot] = 0;
        }
        int start = v.fragmentOffsetBytes();
        int payload = v.ipTotalLength() - v.ipHeaderLength();
        int end = start + payload;
        int count = fragmentCount[slot];
        if (count == MAX_FRAGMENTS || bytesHeld + payload > maxBytes) {
            limitDrops++;
            return discard(slot, "reassembly-limit");
        }
        int base = slot * MAX_FRAGMENTS * 2;
        int highest = 0;
        for (int f = 0; f < count; f++) {
            if (start < ranges[base + 2 * f + 1] && ranges[base + 2 * f] < end) {
                overlaps++;
                return discard(slot, "fragment-overlap");
            }
            highest = Math.max(highest, ranges[base + 2 * f + 1]);
        }
        if (!v.moreFragments()) {
            if (totalPayload[slot] >= 0 || end < highest) {
                overlaps++;
                return discard(slot, "fragment-overlap");
            }
            totalPayload[slot] = end;
        } else if (totalPayload[slot] >= 0 && end > totalPayload[slot]) {
            overlaps++;
            return discard(slot, "fragment-beyond-end");
        }
        byte[] buffer = buffers[slot];
        if (buffer == null) {
            buffer = new byte[60 + Ipv4.MAX_PACKET_LENGTH];
            buffers[slot] = buffer;
        }
        int ihlMax = 60;
        System.arraycopy(v.buffer(), v.l3Offset() + v.ipHeaderLength(), buffer, ihlMax + start, payload);
        if (start == 0) {
            headerLength[slot] = v.ipHeaderLength();
            System.arraycopy(v.buffer(), v.l3Offset(), buffer, ihlMax - v.ipHeaderLength(), v.ipHeaderLength());
        }
        ranges[base + 2 * count] = start;
        ranges[base + 2 * count + 1] = end;
        heldTags[slot * MAX_FRAGMENTS + count] = tag;
        fragmentCount[slot] = count + 1;
        received[slot] += payload;
        bytesHeld += payload;
        int total = totalPayload[slot];
        if (total >= 0 && received[slot] == total && headerLength[slot] > 0) {
            if (headerLength[slot] + total > Ipv4.MAX_PACKET_LENGTH) {
                oversized++;
                return discard(slot, "fragment-oversize");
            }
            // Whole: write a header for the datagram in front of the payload.
            int ihl = headerLength[slot];
            int ip = ihlMax - ihl;
            buffer[ip + Ipv4.TOTAL_LENGTH_OFFSET] = (byte) ((ihl + total) >>> 8);
            buffer[ip + Ipv4.TOTAL_LENGTH_OFFSET + 1] = (byte) (ihl + total);
            int flags = ((buffer[ip + Ipv4.FRAGMENT_OFFSET] & 0xff) << 8) & Ipv4.FLAG_DONT_FRAGMENT;
            buffer[ip + Ipv4.FRAGMENT_OFFSET] = (byte) (flags >>> 8);
            buffer[ip + Ipv4.FRAGMENT_OFFSET + 1] = 0;
            Ipv4.fillChecksum(buffer, ip);
            copyTags(slot, count);
            completed++;
            completedSlot = slot;
            return COMPLETE;
        }
        return HELD;
    }

    private void copyTags(int slot, int count) {
        System.arraycopy(heldTags, slot * MAX_FRAGMENTS, outTags, 0, count);
        outTagCount = count;
    }

    private int discard(int slot, String reason) {
        copyTags(slot, fragmentCount[slot]);
        free(slot);
        lastReason = reason;
        return DISCARDED;
    }

    private void release() {
        if (completedSlot >= 0) {
            free(completedSlot);
            completedSlot = -1;
        }
    }

    private void free(int slot) {
        bytesHeld -= received[slot];
        active[slot] = false;
    }

    private int find(int src, int dst, int protoId, int ingress) {
        for (int s = 0; s < maxDatagrams; s++) {
            if (active[s] && keyProtocolAndId[s] == protoId && keySource[s] == src && keyDestination[s] == dst
                    && keyIngress[s] == ingress) {
                return s;
            }
        }
        return -1;
    }

    private int evictOldest() {
        int oldest = -1;
        for (int s = 0; s < maxDatagrams; s++) {
            if (active[s] && s != completedSlot && (oldest < 0 || deadline[s] < deadline[oldest])) {
                oldest = s;
            }
        }
        int count = fragmentCount[oldest];
        System.arraycopy(heldTags, oldest * MAX_FRAGMENTS, evicted, 0, count);
        evictedCount = count;
        evictions++;
        free(oldest);
        return oldest;
    }

    /** Tags of the fragments of a datagram evicted by the last {@link #offer} to make room (then dropped). */
    public long[] evictedTags() {
        return evicted;
    }

    public int evictedTagCount() {
        return evictedCount;
    }

    /** Datagrams evicted, oldest first, to make room for new ones. */
    public long evictionCount() {
        return evictions;
    }

    private int allocate(long now) {
        for (int s = 0; s < maxDatagrams; s++) {
            if (!active[s]) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Discards datagrams whose time is up. Returns true when one was discarded; then
     * {@link #tags()} lists its fragments. Call repeatedly until false.
     */
    public boolean expireOne(long now) {
        if (now < earliestDeadline) {
            return false;
        }
        long next = Long.MAX_VALUE;
        for (int s = 0; s < maxDatagrams; s++) {
            if (active[s] && s != completedSlot) {
                if (deadline[s] <= now) {
                    timeouts++;
                    discard(s, "reassembly-timeout");
                    return true;
                }
                next = Math.min(next, deadline[s]);
            }
        }
        earliestDeadline = next;
        return false;
    }

    /** The completed datagram's bytes; the IP header starts at {@link #datagramOffset()}. */
    public byte[] datagram() {
        return buffers[completedSlot];
    }

    public int datagramOffset() {
        return 60 - headerLength[completedSlot];
    }

    public int datagramLength() {
        return headerLength[completedSlot] + totalPayload[completedSlot];
    }

    /** Tags of the fragments held before the last COMPLETE/DISCARDED result (or expiry). */
    public long[] tags() {
        return outTags;
    }

    public int tagCount() {
        return outTagCount;
    }

    /** Why the last DISCARDED or expiry happened. */
    public String lastReason() {
        return lastReason;
    }

    public long completedCount() {
        return completed;
    }

    public long overlapCount() {
        return overlaps;
    }

    public long timeoutCount() {
        return timeouts;
    }

    public long limitDropCount() {
        return limitDrops;
    }

    /** Datagrams discarded because, whole, they would exceed the IPv4 maximum of 65,535 bytes. */
    public long oversizeCount() {
        return oversized;
    }

    public int bytesHeld() {
        return bytesHeld;
    }

    /** Discards everything in progress. */
    public void clear() {
        release();
        Arrays.fill(active, false);
        bytesHeld = 0;
        earliestDeadline = Long.MAX_VALUE;
    }
}
