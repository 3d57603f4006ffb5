package dev.palisade.stream;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reassembles the payloads of TCP segments into an ordered byte stream per flow and direction,
 * for inspectors that must see a message whole however the sender cut it. Bytes that are in order
 * go straight from the caller's packet to the {@link StreamConsumer}; out-of-order bytes wait in a
 * preallocated pool until the hole before them is filled; bytes already delivered are ignored.
 * When a range arrives twice, the bytes received first are the ones delivered (first-wins, like
 * the receiving host, which keeps what it queued first), and a later copy that differs is counted
 * as a conflict. Memory is bounded per direction (window and segment count) and in total, with a
 * counter for each bound; in steady state nothing is allocated.
 *
 * <p>Memory layout. All state is in arrays allocated by the constructor:
 *
 * <pre>
 *  per direction (d = flow &lt;&lt; 1 | direction), 12 bytes:
 *    nextSeq[d]   next sequence number expected (everything before it was delivered or skipped)
 *    head[d]      first buffered run, or -1          count[d]  runs buffered, -1 = not open
 *
 *  runs (sorted, non-overlapping byte ranges waiting for a hole to fill), a pool of as many as
 *  there are chunks (a run holds at least one byte, so the pool cannot run out before the slab):
 *    runSeq[r]    sequence number of its first byte  runLength[r]  bytes
 *    runPos[r]    slab offset of its first byte      runNext[r]    next run of the direction / free list
 *
 *  slab: ceil(maxBufferedTotal / 256) chunks of 256 bytes in one byte[];
 *    chunkNext[c] next chunk of the same run, or -1 / free list
 * </pre>
 *
 * A run's bytes start at a chunk boundary (or later, after {@link #skip} trimmed it) and continue
 * through its chunk chain, so a one-byte run costs a whole chunk: the total bound is on chunks,
 * and {@link #memoryInUse()} shows it beside {@link #bufferedBytes()}. 256 bytes keep the waste
 * of small industrial messages (a Modbus request is 12 bytes) low while an MSS-sized segment
 * needs six chunks.
 *
 * <p>Limits. A segment is buffered only if it ends within {@code maxBufferedPerDirection} bytes
 * of the next expected byte (the per-direction bound), if the direction then holds at most
 * {@code maxSegmentsPerDirection} runs, and if enough free chunks remain (the total bound);
 * otherwise nothing of it is kept and {@link #DROPPED_LIMIT} is returned. The caller should then
 * drop the packet: a forwarded packet is acknowledged by the receiver and never retransmitted, so
 * the inspector would wait for it for ever. Segments are never partly buffered, and in-order
 * bytes are never limited: they are delivered, not held.
 *
 * <p>Sequence numbers are compared with serial arithmetic (RFC 1982): a segment whose start is
 * within 2^31 before the next expected byte is old, after it is new. The reassembler trusts the
 * caller to have checked that the segment belongs to the connection's window (see
 * {@link dev.palisade.conntrack.TcpTracker}).
 *
 * <p>Not thread-safe: one thread owns an instance. A consumer must not call back into it while
 * being called; that is a bug and throws {@link IllegalStateException}.
 */
public final class StreamReassembler {

    /** Bytes per chunk of the buffer pool. */
    public static final int CHUNK_SIZE = 256;
    private static final int CHUNK_SHIFT = 8;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    /** The segment started at the next expected byte; it and any buffered bytes it joined were delivered. */
    public static final int IN_ORDER = 0;
    /** The segment starts beyond a hole: its new bytes were buffered. */
    public static final int BUFFERED = 1;
    /** Every byte of the segment was delivered or buffered before, identically where still buffered. */
    public static final int RETRANSMISSION = 2;
    /** The segment starts before the next expected byte: its new tail was delivered. */
    public static final int PARTIAL_RETRANSMISSION = 3;
    /** Some bytes differ from buffered bytes for the same range: the buffered ones were kept. */
    public static final int OVERLAP_CONFLICT = 4;
    /** A limit refused the segment: nothing of it was kept, the packet should be dropped. */
    public static final int DROPPED_LIMIT = 5;
    /** The direction is not being reassembled ({@link #open} was not called, or it was closed). */
    public static final int NOT_OPEN = 6;

    private static final String[] RESULT_NAMES = {
        "in-order", "buffered", "retransmission", "partial-retransmission", "overlap-conflict",
        "dropped-limit", "not-open"};

    private static final int NONE = -1;
    private static final int CLOSED = -1;

    /**
     * Bounds on buffered out-of-order data. {@code maxBufferedPerDirection} is how far beyond the
     * next expected byte a segment may end and still be buffered (so also the most a direction can
     * hold); {@code maxBufferedTotal} is the size of the shared pool; {@code maxSegmentsPerDirection}
     * the number of separate runs a direction may hold, which bounds the cost of inserting into its
     * sorted list.
     */
    public record StreamLimits(int maxBufferedPerDirection, int maxBufferedTotal, int maxSegmentsPerDirection) {

        /** 64 KiB and 64 runs per direction, 16 MiB in all. */
        public static final StreamLimits DEFAULTS = new StreamLimits(64 * 1024, 16 * 1024 * 1024, 64);

        public StreamLimits {
            if (maxBufferedPerDirection < 1 || maxBufferedTotal < 1 || maxSegmentsPerDirection < 1) {
                throw new IllegalArgumentException("stream limits must be positive: " + maxBufferedPerDirection
                        + ", " + maxBufferedTotal + ", " + maxSegmentsPerDirection);
            }
            // Slab offsets are ints; a window of at most 2^30 keeps serial comparisons unambiguous.
            if (maxBufferedTotal > (1 << 30)) {
                throw new IllegalArgumentException("maxBufferedTotal must be at most 1 GiB: " + maxBufferedTotal);
            }
            if (maxBufferedPerDirection > maxBufferedTotal) {
                throw new IllegalArgumentException("maxBufferedPerDirection " + maxBufferedPerDirection
                        + " exceeds maxBufferedTotal " + maxBufferedTotal);
            }
        }
    }

    private final int maxFlows;
    private final int window;
    private final int maxRuns;

    private final int[] nextSeq;
    private final int[] head;
    private final int[] count;

    private final int[] runSeq;
    private final int[] runLength;
    private final int[] runPos;
    private final int[] runNext;
    private int freeRun;

    private final byte[] slab;
    private final int[] chunkNext;
    private int freeChunk;
    private int freeChunks;

    private boolean busy;

    // Results of scan(), kept in fields so that a scan allocates nothing.
    private int scanRuns;
    private int scanChunks;
    private boolean scanConflict;

    private long segmentsOffered;
    private long deliveredBytes;
    private long bufferedBytes;
    private long skippedBytes;
    private long retransmissions;
    private long partialRetransmissions;
    private long overlaps;
    private long windowDrops;
    private long segmentLimitDrops;
    private long memoryDrops;
    private long notOpen;

    /** State for connection ids {@code 0..maxFlows-1}, each with directions 0 and 1, all closed. */
    public StreamReassembler(int maxFlows, StreamLimits limits) {
        if (maxFlows < 1 || maxFlows > (1 << 26)) {
            throw new IllegalArgumentException("maxFlows must be within 1..2^26: " + maxFlows);
        }
        this.maxFlows = maxFlows;
        this.window = limits.maxBufferedPerDirection();
        this.maxRuns = limits.maxSegmentsPerDirection();
        nextSeq = new int[maxFlows * 2];
        head = new int[maxFlows * 2];
        count = new int[maxFlows * 2];
        Arrays.fill(head, NONE);
        Arrays.fill(count, CLOSED);

        int chunks = (int) (((long) limits.maxBufferedTotal() + CHUNK_MASK) >>> CHUNK_SHIFT);
        slab = new byte[chunks << CHUNK_SHIFT];
        chunkNext = new int[chunks];
        runSeq = new int[chunks];
        runLength = new int[chunks];
        runPos = new int[chunks];
        runNext = new int[chunks];
        for (int i = 0; i < chunks; i++) {
            chunkNext[i] = i + 1 < chunks ? i + 1 : NONE;
            runNext[i] = i + 1 < chunks ? i + 1 : NONE;
        }
        freeChunk = 0;
        freeChunks = chunks;
        freeRun = 0;
    }

    /** A short name for a result code, for logs and test messages. */
    public static String resultName(int result) {
        return result >= 0 && result < RESULT_NAMES.length ? RESULT_NAMES[result] : "unknown-" + result;
    }

    public int maxFlows() {
        return maxFlows;
    }

    /**
     * Starts reassembling a direction; {@code nextSequence} is the sequence number of its first
     * payload byte (the ISN + 1 after a SYN). A direction already open is reset: its buffered
     * bytes are freed. Connection ids are reused, so the caller opens on a new connection and
     * closes when one ends.
     */
    public void open(int flow, int direction, int nextSequence) {
        int d = index(flow, direction);
        enter();
        try {
            release(d);
            nextSeq[d] = nextSequence;
            count[d] = 0;
        } finally {
            busy = false;
        }
    }

    public boolean isOpen(int flow, int direction) {
        return count[index(flow, direction)] != CLOSED;
    }

    /** The sequence number of the next byte the direction will deliver (meaningful while open). */
    public int nextSequence(int flow, int direction) {
        return nextSeq[index(flow, direction)];
    }

    /**
     * Offers the payload {@code buf[off, off+len)} of a segment whose first byte has sequence
     * number {@code sequence}, and delivers every byte that is now in order: this segment's new
     * bytes, interleaved with and followed by buffered runs that it joined (several calls to the
     * consumer, buffered runs in pieces of at most {@link #CHUNK_SIZE} bytes). Where the segment
     * covers bytes still buffered, the buffered bytes win and are compared with the segment's: a
     * difference makes the result {@link #OVERLAP_CONFLICT}. Bytes already delivered are gone and
     * cannot be compared, so a segment overlapping only those is a (partial) retransmission
     * whatever it carries; the host has already accepted the first copy too. A zero-length segment
     * changes nothing and is {@link #IN_ORDER}.
     *
     * @return one of {@link #IN_ORDER}, {@link #BUFFERED}, {@link #RETRANSMISSION},
     *     {@link #PARTIAL_RETRANSMISSION}, {@link #OVERLAP_CONFLICT}, {@link #DROPPED_LIMIT},
     *     {@link #NOT_OPEN}
     */
    public int segment(int flow, int direction, int sequence, byte[] buf, int off, int len,
                       StreamConsumer consumer) {
        int d = index(flow, direction);
        Objects.checkFromIndexSize(off, len, buf.length);
        enter();
        try {
            segmentsOffered++;
            if (count[d] == CLOSED) {
                notOpen++;
                return NOT_OPEN;
            }
            if (len == 0) {
                return IN_ORDER;
            }
            int rel = sequence - nextSeq[d];
            long end = (long) rel + len;
            if (end <= 0) {
                retransmissions++;
                return RETRANSMISSION;
            }
            if (rel <= 0) {
                return inOrder(flow, direction, d, rel, (int) end, buf, off, consumer);
            }
            return outOfOrder(d, rel, end, buf, off);
        } finally {
            busy = false;
        }
    }

    /**
     * Advances the direction by {@code bytes} without delivering them (an inspector not interested
     * in a message body, say): buffered bytes in that range are freed, and buffered bytes that
     * become contiguous are delivered to {@code consumer}. Nothing happens on a closed direction.
     */
    public void skip(int flow, int direction, int bytes, StreamConsumer consumer) {
        int d = index(flow, direction);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        enter();
        try {
            if (count[d] == CLOSED) {
                return;
            }
            int base = nextSeq[d];
            int h = head[d];
            while (h != NONE) {
                int hs = runSeq[h] - base;
                if (hs >= bytes) {
                    break;
                }
                if (hs + runLength[h] <= bytes) {
                    int next = runNext[h];
                    freeRun(h);
                    count[d]--;
                    h = next;
                } else {
                    trimFront(h, bytes - hs);
                    break;
                }
            }
            head[d] = h;
            nextSeq[d] = base + bytes;
            skippedBytes += bytes;
            while (head[d] != NONE && runSeq[head[d]] == nextSeq[d]) {
                deliverHead(flow, direction, d, consumer);
            }
        } finally {
            busy = false;
        }
    }

    /** Stops reassembling both directions of the flow and frees their buffered bytes. */
    public void close(int flow) {
        close(flow, 0);
        close(flow, 1);
    }

    /** Stops reassembling one direction and frees its buffered bytes; later segments are {@link #NOT_OPEN}. */
    public void close(int flow, int direction) {
        int d = index(flow, direction);
        enter();
        try {
            release(d);
            count[d] = CLOSED;
        } finally {
            busy = false;
        }
    }

    /** Payload bytes buffered for one direction. Walks its runs: for tests and diagnostics. */
    public int bufferedBytes(int flow, int direction) {
        int total = 0;
        for (int r = head[index(flow, direction)]; r != NONE; r = runNext[r]) {
            total += runLength[r];
        }
        return total;
    }

    /** Separate runs buffered for one direction (at most {@code maxSegmentsPerDirection}). */
    public int bufferedSegments(int flow, int direction) {
        return Math.max(0, count[index(flow, direction)]);
    }

    /** Calls to {@link #segment}. */
    public long segmentsOffered() {
        return segmentsOffered;
    }

    /** Bytes delivered to consumers. */
    public long deliveredBytes() {
        return deliveredBytes;
    }

    /** Payload bytes buffered now, in all directions. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Pool bytes held now: whole chunks, so at least {@link #bufferedBytes()}; bounded by {@code maxBufferedTotal}. */
    public long memoryInUse() {
        return (long) (chunkNext.length - freeChunks) << CHUNK_SHIFT;
    }

    /** Bytes passed over by {@link #skip}. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Segments that carried no new byte ({@link #RETRANSMISSION}). */
    public long retransmissions() {
        return retransmissions;
    }

    /** Segments that started before the next expected byte but carried new bytes. */
    public long partialRetransmissions() {
        return partialRetransmissions;
    }

    /** Segments that carried bytes different from those buffered for the same range (first-wins conflicts). */
    public long overlaps() {
        return overlaps;
    }

    /** Segments refused for ending more than {@code maxBufferedPerDirection} beyond the next expected byte. */
    public long windowDrops() {
        return windowDrops;
    }

    /** Segments refused because their direction already held {@code maxSegmentsPerDirection} runs. */
    public long segmentLimitDrops() {
        return segmentLimitDrops;
    }

    /** Segments refused because the pool ({@code maxBufferedTotal}) had too few free chunks. */
    public long memoryDrops() {
        return memoryDrops;
    }

    /** Segments refused by any limit ({@link #DROPPED_LIMIT}): the sum of the three causes. */
    public long limitDrops() {
        return windowDrops + segmentLimitDrops + memoryDrops;
    }

    /** Segments offered to a direction not open. */
    public long notOpen() {
        return notOpen;
    }

    /** Bytes held by this instance's arrays (object headers aside). */
    public long footprintBytes() {
        return 12L * nextSeq.length + slab.length + 20L * chunkNext.length;
    }

    private int index(int flow, int direction) {
        Objects.checkIndex(flow, maxFlows);
        Objects.checkIndex(direction, 2);
        return flow << 1 | direction;
    }

    private void enter() {
        if (busy) {
            throw new IllegalStateException("a StreamConsumer called back into its StreamReassembler");
        }
        busy = true;
    }

    /**
     * A segment covering the next expected byte: {@code [rel, end)} relative to it, rel &lt;= 0 &lt; end.
     * Its bytes are delivered up to each buffered run it meets, then the run (which wins over the
     * segment's copy of that range), and so on, then any runs that follow contiguously.
     */
    private int inOrder(int flow, int direction, int d, int rel, int end, byte[] buf, int off,
                        StreamConsumer consumer) {
        int base = nextSeq[d];
        boolean conflict = false;
        int c = 0;
        while (true) {
            int h = head[d];
            int hs = h == NONE ? Integer.MAX_VALUE : runSeq[h] - base;
            if (hs <= c) {
                // Runs never overlap and start after the delivered bytes, so hs == c here.
                int ov = Math.min(runLength[h], end - hs);
                if (ov > 0 && !sameBytes(h, 0, buf, off + hs - rel, ov)) {
                    conflict = true;
                }
                c = hs + runLength[h];
                deliverHead(flow, direction, d, consumer);
            } else if (c < end) {
                int limit = Math.min(end, hs);
                nextSeq[d] = base + limit;
                deliveredBytes += limit - c;
                consumer.data(flow, direction, buf, off + c - rel, limit - c);
                c = limit;
            } else {
                break;
            }
        }
        if (conflict) {
            overlaps++;
            return OVERLAP_CONFLICT;
        }
        if (rel < 0) {
            partialRetransmissions++;
            return PARTIAL_RETRANSMISSION;
        }
        return IN_ORDER;
    }

    /** A segment {@code [rel, end)} beyond the next expected byte (rel &gt; 0): buffer its new bytes. */
    private int outOfOrder(int d, int rel, long end, byte[] buf, int off) {
        if (end > window) {
            windowDrops++;
            return DROPPED_LIMIT;
        }
        scan(d, rel, (int) end, buf, off, false);
        if (scanConflict) {
            overlaps++;
        }
        if (scanRuns == 0) {
            if (scanConflict) {
                return OVERLAP_CONFLICT;
            }
            retransmissions++;
            return RETRANSMISSION;
        }
        if (count[d] + scanRuns > maxRuns) {
            segmentLimitDrops++;
            return DROPPED_LIMIT;
        }
        if (scanChunks > freeChunks) {
            memoryDrops++;
            return DROPPED_LIMIT;
        }
        scan(d, rel, (int) end, buf, off, true);
        return scanConflict ? OVERLAP_CONFLICT : BUFFERED;
    }

    /**
     * Walks the direction's runs against the segment {@code [rel, end)}. Without {@code insert} it
     * counts the holes the segment would fill (and the chunks they need) and compares the bytes it
     * shares with buffered runs; with {@code insert} it stores the holes as new runs. Two passes,
     * so that a segment a limit refuses leaves no trace.
     */
    private void scan(int d, int rel, int end, byte[] buf, int off, boolean insert) {
        int base = nextSeq[d];
        int runs = 0;
        int chunks = 0;
        boolean conflict = false;
        int prev = NONE;
        int h = head[d];
        int c = rel;
        while (c < end) {
            int hs = h == NONE ? end : runSeq[h] - base;
            if (c < hs) {
                int n = Math.min(end, hs) - c;
                runs++;
                chunks += (n + CHUNK_MASK) >>> CHUNK_SHIFT;
                if (insert) {
                    prev = insertRun(d, prev, h, base + c, buf, off + c - rel, n);
                }
                c += n;
                continue;
            }
            int he = hs + runLength[h];
            if (c < he) {
                int n = Math.min(end, he) - c;
                if (!insert && !conflict && !sameBytes(h, c - hs, buf, off + c - rel, n)) {
                    conflict = true;
                }
                c += n;
            }
            prev = h;
            h = runNext[h];
        }
        if (!insert) {
            scanRuns = runs;
            scanChunks = chunks;
            scanConflict = conflict;
        }
    }

    /** Stores {@code buf[from, from+n)} as a run starting at {@code seq} between {@code prev} and {@code next}. */
    private int insertRun(int d, int prev, int next, int seq, byte[] buf, int from, int n) {
        int r = freeRun;
        freeRun = runNext[r];
        int first = freeChunk;
        int chunk = first;
        int left = n;
        int src = from;
        while (true) {
            int k = Math.min(CHUNK_SIZE, left);
            System.arraycopy(buf, src, slab, chunk << CHUNK_SHIFT, k);
            freeChunks--;
            src += k;
            left -= k;
            if (left == 0) {
                break;
            }
            chunk = chunkNext[chunk];
        }
        freeChunk = chunkNext[chunk];
        chunkNext[chunk] = NONE;
        runSeq[r] = seq;
        runLength[r] = n;
        runPos[r] = first << CHUNK_SHIFT;
        runNext[r] = next;
        if (prev == NONE) {
            head[d] = r;
        } else {
            runNext[prev] = r;
        }
        count[d]++;
        bufferedBytes += n;
        return r;
    }

    /** Whether bytes {@code [from, from+n)} of run {@code r} equal {@code buf[at, at+n)}. */
    private boolean sameBytes(int r, int from, byte[] buf, int at, int n) {
        int chunk = runPos[r] >>> CHUNK_SHIFT;
        int o = (runPos[r] & CHUNK_MASK) + from;
        while (o >= CHUNK_SIZE) {
            chunk = chunkNext[chunk];
            o -= CHUNK_SIZE;
        }
        int left = n;
        while (true) {
            int k = Math.min(CHUNK_SIZE - o, left);
            int s = (chunk << CHUNK_SHIFT) + o;
            if (!Arrays.equals(slab, s, s + k, buf, at, at + k)) {
                return false;
            }
            at += k;
            left -= k;
            if (left == 0) {
                return true;
            }
            chunk = chunkNext[chunk];
            o = 0;
        }
    }

    /** Delivers the direction's first run (which starts at the next expected byte) and frees it. */
    private void deliverHead(int flow, int direction, int d, StreamConsumer consumer) {
        int r = head[d];
        int n = runLength[r];
        // Unlinked before the calls, freed after them: the chunk chain must stay intact while the
        // consumer reads it, and freeing rewrites chunkNext.
        head[d] = runNext[r];
        count[d]--;
        nextSeq[d] = runSeq[r] + n;
        deliveredBytes += n;
        int chunk = runPos[r] >>> CHUNK_SHIFT;
        int o = runPos[r] & CHUNK_MASK;
        int left = n;
        while (true) {
            int k = Math.min(CHUNK_SIZE - o, left);
            consumer.data(flow, direction, slab, (chunk << CHUNK_SHIFT) + o, k);
            left -= k;
            if (left == 0) {
                break;
            }
            chunk = chunkNext[chunk];
            o = 0;
        }
        freeRun(r);
    }

    /** Drops the first {@code t} bytes of run {@code r} (fewer than it holds), freeing chunks it no longer needs. */
    private void trimFront(int r, int t) {
        int chunk = runPos[r] >>> CHUNK_SHIFT;
        int o = (runPos[r] & CHUNK_MASK) + t;
        while (o >= CHUNK_SIZE) {
            int next = chunkNext[chunk];
            chunkNext[chunk] = freeChunk;
            freeChunk = chunk;
            freeChunks++;
            chunk = next;
            o -= CHUNK_SIZE;
        }
        runPos[r] = chunk << CHUNK_SHIFT | o;
        runSeq[r] += t;
        runLength[r] -= t;
        bufferedBytes -= t;
    }

    /** Returns a run and its chunks to the pools (the caller has unlinked it from its direction). */
    private void freeRun(int r) {
        int chunk = runPos[r] >>> CHUNK_SHIFT;
        while (chunk != NONE) {
            int next = chunkNext[chunk];
            chunkNext[chunk] = freeChunk;
            freeChunk = chunk;
            freeChunks++;
            chunk = next;
        }
        bufferedBytes -= runLength[r];
        runNext[r] = freeRun;
        freeRun = r;
    }

    private void release(int d) {
        int r = head[d];
        while (r != NONE) {
            int next = runNext[r];
            freeRun(r);
            r = next;
        }
        head[d] = NONE;
        if (count[d] != CLOSED) {
            count[d] = 0;
        }
    }

    /**
     * Checks the structure: runs of each direction sorted, non-overlapping, after the next expected
     * byte and within the window, counts matching; pools and byte counters adding up. For tests
     * (walks every direction).
     */
    void checkInvariants() {
        long bytes = 0;
        int runs = 0;
        int chunksHeld = 0;
        for (int d = 0; d < nextSeq.length; d++) {
            if (count[d] == CLOSED) {
                check(head[d] == NONE, "closed direction " + d + " holds runs");
                continue;
            }
            int n = 0;
            int last = 0;
            for (int r = head[d]; r != NONE; r = runNext[r]) {
                int rs = runSeq[r] - nextSeq[d];
                check(runLength[r] > 0, "empty run");
                // The first run starts after the next expected byte (else it would have been
                // delivered); each later one at or after the end of the previous one.
                check(rs > last, "run out of order or not after the next byte in " + d);
                check(rs + runLength[r] <= window, "run beyond the window in " + d);
                last = rs + runLength[r] - 1;
                int held = 0;
                for (int c = runPos[r] >>> CHUNK_SHIFT; c != NONE; c = chunkNext[c]) {
                    held++;
                }
                check(held == ((runPos[r] & CHUNK_MASK) + runLength[r] + CHUNK_MASK) >>> CHUNK_SHIFT,
                        "chunk chain length of run " + r);
                chunksHeld += held;
                bytes += runLength[r];
                n++;
                runs++;
            }
            check(n == count[d], "count of direction " + d);
            check(n <= maxRuns, "too many runs in " + d);
        }
        check(bytes == bufferedBytes, "bufferedBytes " + bufferedBytes + " but runs hold " + bytes);
        int free = 0;
        for (int c = freeChunk; c != NONE; c = chunkNext[c]) {
            free++;
        }
        check(free == freeChunks && free + chunksHeld == chunkNext.length, "chunk pool does not add up");
        int freeRuns = 0;
        for (int r = freeRun; r != NONE; r = runNext[r]) {
            freeRuns++;
        }
        check(freeRuns + runs == runNext.length, "run pool does not add up");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
