package dev.palisade.conntrack;

import java.security.SecureRandom;

/**
 * The table of tracked connections, held in two primitive arrays so that a million flows fit in
 * about 112 MB and a packet of a tracked flow touches two or three cache lines.
 *
 * <p>Each connection has an id and two 5-tuples: the original one (as the first packet
 * travelled) and the reply one (what the answer looks like, after NAT). Everything the packet
 * path reads about a connection sits in one 80-byte record of {@link #records} (layout below),
 * rather than spread over a dozen arrays. Both tuples are indexed in one open-addressing hash
 * table with linear probing, {@link #index}: a slot is one long holding the full 32-bit hash and
 * {@code (id << 1 | direction) + 1}, so probing rarely touches a record and deletion can shift
 * entries back without tombstones. The hash is keyed with a per-table random seed so that a
 * sender cannot aim collisions at it.
 *
 * <pre>
 *  record (20 ints)
 *   0 orig source       1 orig destination    2 orig ports (sport &lt;&lt; 16 | dport)
 *   3 reply source      4 reply destination   5 reply ports
 *   6 protocol (8) | TCP state (8) | flags (16)
 *   7 zones (8) | application protocol (8) | TCP window scale orig (8) | reply (8)
 *   8 expiry, high half  9 expiry, low half   (packet time, ns)
 *  10 orig TCP end      11 orig TCP max end   12 orig TCP max window
 *  13 reply TCP end     14 reply TCP max end  15 reply TCP max window
 *  16 policy generation of the rule cache
 *  17 cached rule results, orig (deny 16 | allow 16)   18 the same, reply
 *  19 next free record (while free)
 * </pre>
 *
 * <p>Time is packet time in nanoseconds supplied by the caller. Expired entries are dropped
 * lazily when met and by an incremental sweep ({@link #expire}); when the table is full, an
 * expired entry in a bounded sample is reclaimed, else the entry closest to expiry among the
 * sample is evicted, preferring flows never answered.
 *
 * <p>Not thread-safe: one thread owns a table.
 */
public final class ConnectionTable {

    /** Flag: slot in use. */
    public static final int FLAG_IN_USE = 1;
    /** Flag: a packet was seen in the reply direction. */
    public static final int FLAG_SEEN_REPLY = 1 << 1;
    /** Flag: the gateway itself opened the connection (local-out). */
    public static final int FLAG_LOCAL_ORIGIN = 1 << 2;
    /** Flag: source address/port translated (masquerading). */
    public static final int FLAG_SNAT = 1 << 3;
    /** Flag: destination address/port translated (port forwarding). */
    public static final int FLAG_DNAT = 1 << 4;
    /** Flag: the connection is addressed to the gateway (not transit). */
    public static final int FLAG_LOCAL_DESTINATION = 1 << 5;
    /** Flag: both tuples are identical, so only one slot indexes the connection. */
    private static final int FLAG_SINGLE_SLOT = 1 << 6;
    /** Flag: TCP window scaling negotiated by both sides. */
    public static final int FLAG_WINDOW_SCALING = 1 << 7;

    private static final int EVICTION_SAMPLE = 32;
    private static final int INITIAL_SLOTS = 1 << 12;

    private static final int STRIDE = 20;
    private static final int META = 6;
    private static final int META2 = 7;
    private static final int EXPIRES = 8;
    private static final int TCP = 10;
    private static final int GENERATION = 16;
    private static final int RULES = 17;
    private static final int NEXT_FREE = 19;

    private final int capacity;
    private final int maxSlots;
    private int slotMask;
    private long[] index;
    private final int[] records;
    private final int seed;

    private java.util.function.IntConsumer removalListener = id -> { };
    private int freeHead;
    private int size;
    private int sweepHand;
    private long clock = Long.MIN_VALUE; // latest packet time given to expire(): what is dead by now
    private long evictions;
    private long expirations;
    private long insertFailures;

    public ConnectionTable(int capacity) {
        this(capacity, new SecureRandom().nextInt());
    }

    /** A table with a fixed hash seed, for reproducible tests and benchmarks. */
    public ConnectionTable(int capacity, int seed) {
        if (capacity < 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("capacity must be within 1..2^26: " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
        // At most half the slots hold a tuple (two per connection). The index starts small and
        // doubles as connections are added, so that a table sized for a million flows but holding
        // ten thousand keeps its index in the CPU caches.
        this.maxSlots = Integer.highestOneBit(Math.max(4, capacity * 4 - 1)) << 1;
        int slots = Math.min(maxSlots, INITIAL_SLOTS);
        this.slotMask = slots - 1;
        this.index = new long[slots];
        this.records = new int[capacity * STRIDE];
        for (int i = 0; i < capacity; i++) {
            records[i * STRIDE + NEXT_FREE] = i + 1 < capacity ? i + 1 : -1;
        }
        this.freeHead = 0;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public long evictions() {
        return evictions;
    }

    public long expirations() {
        return expirations;
    }

    /** Connections that could not be created because the table was full and nothing was evictable. */
    public long insertFailures() {
        return insertFailures;
    }

    /**
     * Bytes held by this table's arrays (object headers aside): what a capacity costs, for the
     * memory goal of one million flows in at most 256 MiB.
     */
    public long footprintBytes() {
        return 8L * maxSlots + 4L * records.length;
    }

    /** The index slot where the probe run for this tuple starts; lets tests build long and wrapping runs. */
    int homeSlot(int proto, int src, int dst, int sourcePort, int destinationPort) {
        return hash(proto, src, dst, ports(sourcePort, destinationPort)) & slotMask;
    }

    /** Number of index slots (a power of two). */
    int slotCount() {
        return slotMask + 1;
    }

    private int hash(int proto, int src, int dst, int ports) {
        long k = ((long) src << 32) ^ (dst & 0xffffffffL);
        k = k * 0x9E3779B97F4A7C15L + ((long) ports << 8 | proto) + seed;
        k ^= k >>> 31;
        k *= 0xBF58476D1CE4E5B9L;
        k ^= k >>> 29;
        k *= 0x94D049BB133111EBL;
        k ^= k >>> 32;
        return (int) k;
    }

    private static int ports(int sourcePort, int destinationPort) {
        return sourcePort << 16 | destinationPort;
    }

    private static long slot(int hash, int handle) {
        return (long) hash << 32 | (handle + 1L);
    }

    /**
     * Finds the connection a packet with this 5-tuple belongs to. Returns a handle
     * {@code id << 1 | direction}, or -1. A connection found expired at {@code now} is removed
     * and reported absent.
     */
    public int lookup(int proto, int src, int dst, int sourcePort, int destinationPort, long now) {
        int p = ports(sourcePort, destinationPort);
        int h = hash(proto, src, dst, p);
        int i = h & slotMask;
        long s;
        while ((s = index[i]) != 0) {
            if ((int) (s >>> 32) == h) {
                int handle = (int) s - 1;
                int r = (handle >>> 1) * STRIDE;
                int t = r + (handle & 1) * 3;
                if (records[t] == src && records[t + 1] == dst && records[t + 2] == p
                        && (records[r + META] & 0xff) == proto) {
                    if (expiryAt(r) <= now) {
                        expirations++;
                        remove(handle >>> 1);
                        return -1;
                    }
                    return handle;
                }
            }
            i = (i + 1) & slotMask;
        }
        return -1;
    }

    /** True when no live connection uses this tuple (in either of its directions). */
    public boolean isFree(int proto, int src, int dst, int sourcePort, int destinationPort, long now) {
        return lookup(proto, src, dst, sourcePort, destinationPort, now) < 0;
    }

    /**
     * Creates a connection. Returns its id, or -1 when the table is full and nothing could be
     * evicted. The caller has checked that neither tuple is in use.
     */
    public int create(int proto,
                      int origSrc, int origDst, int origSourcePort, int origDestinationPort,
                      int replySrc, int replyDst, int replySourcePort, int replyDestinationPort,
                      long expiresAt, int connectionFlags, int ingressZone) {
        if (freeHead < 0) {
            evictOne();
            if (freeHead < 0) {
                insertFailures++;
                return -1;
            }
        }
        if ((size + 1) * 4 > index.length && index.length < maxSlots) {
            grow();
        }
        int id = freeHead;
        int r = id * STRIDE;
        freeHead = records[r + NEXT_FREE];
        size++;
        int op = ports(origSourcePort, origDestinationPort);
        int rp = ports(replySourcePort, replyDestinationPort);
        records[r] = origSrc;
        records[r + 1] = origDst;
        records[r + 2] = op;
        records[r + 3] = replySrc;
        records[r + 4] = replyDst;
        records[r + 5] = rp;
        int f = connectionFlags | FLAG_IN_USE;
        boolean single = origSrc == replySrc && origDst == replyDst && op == rp;
        if (single) {
            f |= FLAG_SINGLE_SLOT;
        }
        records[r + META] = (proto & 0xff) | (f & 0xffff) << 16;
        // Window scales start as "absent" (-1) until a SYN says otherwise.
        records[r + META2] = (ingressZone & 0xff) | 0xffff0000;
        setExpiresAt(r, expiresAt);
        for (int k = TCP; k < TCP + 6; k++) {
            records[r + k] = 0;
        }
        records[r + GENERATION] = -1;
        records[r + RULES] = 0;
        records[r + RULES + 1] = 0;
        insertSlot(hash(proto, origSrc, origDst, op), id << 1);
        if (!single) {
            insertSlot(hash(proto, replySrc, replyDst, rp), id << 1 | 1);
        }
        return id;
    }

    /**
     * Doubles the index and re-inserts every slot by its stored hash. Happens only while the
     * table grows (at most log2(capacity / 1024) times), never in steady state.
     */
    private void grow() {
        long[] old = index;
        index = new long[old.length * 2];
        slotMask = index.length - 1;
        for (long s : old) {
            if (s != 0) {
                int i = (int) (s >>> 32) & slotMask;
                while (index[i] != 0) {
                    i = (i + 1) & slotMask;
                }
                index[i] = s;
            }
        }
    }

    private void insertSlot(int h, int handle) {
        int i = h & slotMask;
        while (index[i] != 0) {
            i = (i + 1) & slotMask;
        }
        index[i] = slot(h, handle);
    }

    /** Told the id of every connection removed (expired, evicted or removed), before the id is reused. */
    public void setRemovalListener(java.util.function.IntConsumer listener) {
        this.removalListener = listener;
    }

    /** Removes a connection and frees its id. */
    public void remove(int id) {
        int r = id * STRIDE;
        int f = flagsAt(r);
        if ((f & FLAG_IN_USE) == 0) {
            return;
        }
        removalListener.accept(id);
        int proto = records[r + META] & 0xff;
        removeSlot(hash(proto, records[r], records[r + 1], records[r + 2]), id << 1);
        if ((f & FLAG_SINGLE_SLOT) == 0) {
            removeSlot(hash(proto, records[r + 3], records[r + 4], records[r + 5]), id << 1 | 1);
        }
        records[r + META] = 0;
        records[r + NEXT_FREE] = freeHead;
        freeHead = id;
        size--;
    }

    private void removeSlot(int h, int handle) {
        long wanted = slot(h, handle);
        int i = h & slotMask;
        while (index[i] != wanted) {
            if (index[i] == 0) {
                throw new IllegalStateException("connection table index lost handle " + handle);
            }
            i = (i + 1) & slotMask;
        }
        // Backward-shift deletion: pull later members of the probe run into the hole so that
        // every remaining entry stays reachable from its home slot without tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & slotMask;
            long s = index[j];
            if (s == 0) {
                break;
            }
            int home = (int) (s >>> 32) & slotMask;
            boolean stays = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) {
                continue;
            }
            index[i] = s;
            i = j;
        }
        index[i] = 0;
    }

    /** Checks up to {@code budget} ids for expiry from a rotating hand; returns how many were removed. */
    public int expire(long now, int budget) {
        clock = Math.max(clock, now);
        int removed = 0;
        for (int n = 0; n < budget; n++) {
            int id = sweepHand;
            sweepHand = sweepHand + 1 == capacity ? 0 : sweepHand + 1;
            int r = id * STRIDE;
            if ((flagsAt(r) & FLAG_IN_USE) != 0 && expiryAt(r) <= now) {
                remove(id);
                expirations++;
                removed++;
            }
        }
        return removed;
    }

    private void evictOne() {
        int victim = -1;
        long victimScore = Long.MAX_VALUE;
        for (int n = 0; n < EVICTION_SAMPLE; n++) {
            int id = sweepHand;
            sweepHand = sweepHand + 1 == capacity ? 0 : sweepHand + 1;
            int r = id * STRIDE;
            int f = flagsAt(r);
            if ((f & FLAG_IN_USE) == 0) {
                continue;
            }
            long expiry = expiryAt(r);
            if (expiry <= clock) {
                // Already dead, only not swept yet: reclaim it rather than evict a live flow
                // (an answered one would otherwise rank behind every live unanswered flow).
                remove(id);
                expirations++;
                return;
            }
            // Unanswered flows go first (half-open floods must not push out live sessions).
            long score = expiry >> 1;
            if ((f & FLAG_SEEN_REPLY) != 0) {
                score = (score >> 1) + (Long.MAX_VALUE >> 2);
            }
            if (score < victimScore) {
                victimScore = score;
                victim = id;
            }
        }
        if (victim >= 0) {
            remove(victim);
            evictions++;
        }
    }

    /** Removes every connection. */
    public void clear() {
        for (int id = 0; id < capacity; id++) {
            if (inUse(id)) {
                remove(id);
            }
        }
    }

    // ---- per-connection fields -------------------------------------------------------------

    private int flagsAt(int r) {
        return records[r + META] >>> 16;
    }

    private long expiryAt(int r) {
        return (long) records[r + EXPIRES] << 32 | (records[r + EXPIRES + 1] & 0xffffffffL);
    }

    private void setExpiresAt(int r, long at) {
        records[r + EXPIRES] = (int) (at >>> 32);
        records[r + EXPIRES + 1] = (int) at;
    }

    public boolean inUse(int id) {
        return (flagsAt(id * STRIDE) & FLAG_IN_USE) != 0;
    }

    public int protocol(int id) {
        return records[id * STRIDE + META] & 0xff;
    }

    /** Source address of the tuple of {@code direction}. */
    public int source(int id, int direction) {
        return records[id * STRIDE + direction * 3];
    }

    public int destination(int id, int direction) {
        return records[id * STRIDE + direction * 3 + 1];
    }

    public int sourcePort(int id, int direction) {
        return records[id * STRIDE + direction * 3 + 2] >>> 16;
    }

    public int destinationPort(int id, int direction) {
        return records[id * STRIDE + direction * 3 + 2] & 0xffff;
    }

    public int state(int id) {
        return (records[id * STRIDE + META] >>> 8) & 0xff;
    }

    public void setState(int id, int value) {
        int at = id * STRIDE + META;
        records[at] = (records[at] & 0xffff00ff) | (value & 0xff) << 8;
    }

    public int flags(int id) {
        return flagsAt(id * STRIDE);
    }

    public boolean hasFlag(int id, int flag) {
        return (flagsAt(id * STRIDE) & flag) != 0;
    }

    public void addFlags(int id, int flag) {
        records[id * STRIDE + META] |= (flag & 0xffff) << 16;
    }

    public long expires(int id) {
        return expiryAt(id * STRIDE);
    }

    public void setExpires(int id, long at) {
        setExpiresAt(id * STRIDE, at);
    }

    /** The zones (ingress interfaces) of the two directions, as the engine encoded them. */
    public int zone(int id) {
        return records[id * STRIDE + META2] & 0xff;
    }

    public int appProtocol(int id) {
        return (records[id * STRIDE + META2] >>> 8) & 0xff;
    }

    public void setAppProtocol(int id, int value) {
        int at = id * STRIDE + META2;
        records[at] = (records[at] & 0xffff00ff) | (value & 0xff) << 8;
    }

    // TCP window tracking, per direction d: end = highest sequence sent + 1, maxEnd = right edge
    // of what the peer allows d to send, maxWin = largest window d advertised (scaled).

    int tcpEnd(int id, int d) {
        return records[id * STRIDE + TCP + d * 3];
    }

    int tcpMaxEnd(int id, int d) {
        return records[id * STRIDE + TCP + d * 3 + 1];
    }

    int tcpMaxWin(int id, int d) {
        return records[id * STRIDE + TCP + d * 3 + 2];
    }

    void setTcpEnd(int id, int d, int v) {
        records[id * STRIDE + TCP + d * 3] = v;
    }

    void setTcpMaxEnd(int id, int d, int v) {
        records[id * STRIDE + TCP + d * 3 + 1] = v;
    }

    void setTcpMaxWin(int id, int d, int v) {
        records[id * STRIDE + TCP + d * 3 + 2] = v;
    }

    /** Window-scale shift of direction d, -1 when that side's SYN offered none. */
    int tcpScale(int id, int d) {
        return (byte) (records[id * STRIDE + META2] >>> (16 + 8 * d));
    }

    void setTcpScale(int id, int d, int v) {
        int at = id * STRIDE + META2;
        int shift = 16 + 8 * d;
        records[at] = (records[at] & ~(0xff << shift)) | (v & 0xff) << shift;
    }

    // Custom-rule results cached per direction, valid while the policy generation matches:
    // the 5-tuple and zone decide the match, and they are fixed for a direction of a flow.

    public boolean ruleCacheValid(int id, int generation) {
        return records[id * STRIDE + GENERATION] == generation;
    }

    /** Cached deny-group result for a direction: rule index, -1 for no match, -2 unknown. */
    public int cachedDenyRule(int id, int d) {
        return records[id * STRIDE + RULES + d] >> 16;
    }

    public int cachedAllowRule(int id, int d) {
        return (short) records[id * STRIDE + RULES + d];
    }

    public void cacheRules(int id, int d, int generation, int denyRule, int allowRule) {
        int r = id * STRIDE;
        if (records[r + GENERATION] != generation) {
            records[r + GENERATION] = generation;
            int unknown = (-2 << 16) | (-2 & 0xffff);
            records[r + RULES] = unknown;
            records[r + RULES + 1] = unknown;
        }
        records[r + RULES + d] = denyRule << 16 | (allowRule & 0xffff);
    }
}
