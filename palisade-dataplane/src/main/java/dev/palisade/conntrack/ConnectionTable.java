package dev.palisade.conntrack;

import java.security.SecureRandom;

/**
 * The table of tracked connections, held in primitive arrays so that a million flows fit in
 * about 110 MB and a lookup touches two or three cache lines.
 *
 * <p>Each connection has an id (an index into the per-connection arrays) and two 5-tuples: the
 * original one (as the first packet travelled) and the reply one (what the answer looks like,
 * after NAT). Both are indexed in one open-addressing hash table with linear probing; a slot
 * holds {@code (id << 1 | direction) + 1} and the full 32-bit hash, so probes rarely touch the
 * connection arrays and deletion can shift entries back without tombstones. The hash is keyed
 * with a per-table random seed so that a sender cannot aim collisions at it.
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

    private final int capacity;
    private final int slotMask;
    private final int[] slotRef;
    private final int[] slotHash;
    private final int seed;

    private final byte[] protocol;
    private final int[] tuples;      // per id: 6 ints: oSrc, oDst, oPorts, rSrc, rDst, rPorts
    private final byte[] state;
    private final short[] flags;
    private final long[] expires;
    private final byte[] zone;
    private final byte[] appProtocol;
    private final int[] tcpWindow;   // per id: 2 directions x (end, maxEnd, maxWin)
    private final byte[] tcpScale;   // per id: 2 directions
    private final int[] policyGeneration;
    private final short[] ruleCache; // per id: 2 directions x (deny result, allow result)
    private final int[] nextFree;

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
        if (capacity < 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("capacity must be within 1..2^28: " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
        int slots = Integer.highestOneBit(Math.max(4, capacity * 4 - 1)) << 1;
        this.slotMask = slots - 1;
        this.slotRef = new int[slots];
        this.slotHash = new int[slots];
        this.protocol = new byte[capacity];
        this.tuples = new int[capacity * 6];
        this.state = new byte[capacity];
        this.flags = new short[capacity];
        this.expires = new long[capacity];
        this.zone = new byte[capacity];
        this.appProtocol = new byte[capacity];
        this.tcpWindow = new int[capacity * 6];
        this.tcpScale = new byte[capacity * 2];
        this.policyGeneration = new int[capacity];
        this.ruleCache = new short[capacity * 4];
        this.nextFree = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            nextFree[i] = i + 1;
        }
        nextFree[capacity - 1] = -1;
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
        return 4L * slotRef.length + 4L * slotHash.length
                + protocol.length + 4L * tuples.length + state.length + 2L * flags.length + 8L * expires.length
                + zone.length + appProtocol.length + 4L * tcpWindow.length + tcpScale.length
                + 4L * policyGeneration.length + 2L * ruleCache.length + 4L * nextFree.length;
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

    /**
     * Finds the connection a packet with this 5-tuple belongs to. Returns a handle
     * {@code id << 1 | direction}, or -1. A connection found expired at {@code now} is removed
     * and reported absent.
     */
    public int lookup(int proto, int src, int dst, int sourcePort, int destinationPort, long now) {
        int p = ports(sourcePort, destinationPort);
        int h = hash(proto, src, dst, p);
        int i = h & slotMask;
        int ref;
        while ((ref = slotRef[i]) != 0) {
            if (slotHash[i] == h) {
                int handle = ref - 1;
                int id = handle >>> 1;
                int t = id * 6 + (handle & 1) * 3;
                if (tuples[t] == src && tuples[t + 1] == dst && tuples[t + 2] == p && protocol[id] == (byte) proto) {
                    if (expires[id] <= now) {
                        expirations++;
                        remove(id);
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
        int id = freeHead;
        freeHead = nextFree[id];
        size++;
        protocol[id] = (byte) proto;
        int t = id * 6;
        int op = ports(origSourcePort, origDestinationPort);
        int rp = ports(replySourcePort, replyDestinationPort);
        tuples[t] = origSrc;
        tuples[t + 1] = origDst;
        tuples[t + 2] = op;
        tuples[t + 3] = replySrc;
        tuples[t + 4] = replyDst;
        tuples[t + 5] = rp;
        state[id] = 0;
        int f = connectionFlags | FLAG_IN_USE;
        boolean single = origSrc == replySrc && origDst == replyDst && op == rp;
        if (single) {
            f |= FLAG_SINGLE_SLOT;
        }
        flags[id] = (short) f;
        expires[id] = expiresAt;
        zone[id] = (byte) ingressZone;
        appProtocol[id] = 0;
        policyGeneration[id] = -1;
        int w = id * 6;
        for (int k = 0; k < 6; k++) {
            tcpWindow[w + k] = 0;
        }
        tcpScale[id * 2] = 0;
        tcpScale[id * 2 + 1] = 0;
        insertSlot(hash(proto, origSrc, origDst, op), id << 1);
        if (!single) {
            insertSlot(hash(proto, replySrc, replyDst, rp), id << 1 | 1);
        }
        return id;
    }

    private void insertSlot(int h, int handle) {
        int i = h & slotMask;
        while (slotRef[i] != 0) {
            i = (i + 1) & slotMask;
        }
        slotRef[i] = handle + 1;
        slotHash[i] = h;
    }

    /** Removes a connection and frees its id. */
    public void remove(int id) {
        if ((flags[id] & FLAG_IN_USE) == 0) {
            return;
        }
        int t = id * 6;
        int proto = protocol[id] & 0xff;
        removeSlot(hash(proto, tuples[t], tuples[t + 1], tuples[t + 2]), id << 1);
        if ((flags[id] & FLAG_SINGLE_SLOT) == 0) {
            removeSlot(hash(proto, tuples[t + 3], tuples[t + 4], tuples[t + 5]), id << 1 | 1);
        }
        flags[id] = 0;
        nextFree[id] = freeHead;
        freeHead = id;
        size--;
    }

    private void removeSlot(int h, int handle) {
        int i = h & slotMask;
        while (slotRef[i] != handle + 1) {
            if (slotRef[i] == 0) {
                throw new IllegalStateException("connection table index lost handle " + handle);
            }
            i = (i + 1) & slotMask;
        }
        // Backward-shift deletion: pull later members of the probe run into the hole so that
        // every remaining entry stays reachable from its home slot without tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & slotMask;
            if (slotRef[j] == 0) {
                break;
            }
            int home = slotHash[j] & slotMask;
            boolean stays = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) {
                continue;
            }
            slotRef[i] = slotRef[j];
            slotHash[i] = slotHash[j];
            i = j;
        }
        slotRef[i] = 0;
        slotHash[i] = 0;
    }

    /** Checks up to {@code budget} ids for expiry from a rotating hand; returns how many were removed. */
    public int expire(long now, int budget) {
        clock = Math.max(clock, now);
        int removed = 0;
        for (int n = 0; n < budget; n++) {
            int id = sweepHand;
            sweepHand = sweepHand + 1 == capacity ? 0 : sweepHand + 1;
            if ((flags[id] & FLAG_IN_USE) != 0 && expires[id] <= now) {
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
            if ((flags[id] & FLAG_IN_USE) == 0) {
                continue;
            }
            if (expires[id] <= clock) {
                // Already dead, only not swept yet: reclaim it rather than evict a live flow
                // (an answered one would otherwise rank behind every live unanswered flow).
                remove(id);
                expirations++;
                return;
            }
            // Unanswered flows go first (half-open floods must not push out live sessions).
            long score = expires[id] >> 1;
            if ((flags[id] & FLAG_SEEN_REPLY) != 0) {
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
            if ((flags[id] & FLAG_IN_USE) != 0) {
                remove(id);
            }
        }
    }

    // ---- per-connection fields -------------------------------------------------------------

    public boolean inUse(int id) {
        return (flags[id] & FLAG_IN_USE) != 0;
    }

    public int protocol(int id) {
        return protocol[id] & 0xff;
    }

    /** Source address of the tuple of {@code direction}. */
    public int source(int id, int direction) {
        return tuples[id * 6 + direction * 3];
    }

    public int destination(int id, int direction) {
        return tuples[id * 6 + direction * 3 + 1];
    }

    public int sourcePort(int id, int direction) {
        return tuples[id * 6 + direction * 3 + 2] >>> 16;
    }

    public int destinationPort(int id, int direction) {
        return tuples[id * 6 + direction * 3 + 2] & 0xffff;
    }

    public int state(int id) {
        return state[id];
    }

    public void setState(int id, int value) {
        state[id] = (byte) value;
    }

    public int flags(int id) {
        return flags[id];
    }

    public boolean hasFlag(int id, int flag) {
        return (flags[id] & flag) != 0;
    }

    public void addFlags(int id, int flag) {
        flags[id] |= (short) flag;
    }

    public long expires(int id) {
        return expires[id];
    }

    public void setExpires(int id, long at) {
        expires[id] = at;
    }

    /** The zone (ingress interface) the first packet arrived on. */
    public int zone(int id) {
        return zone[id];
    }

    public int appProtocol(int id) {
        return appProtocol[id];
    }

    public void setAppProtocol(int id, int value) {
        appProtocol[id] = (byte) value;
    }

    // TCP window tracking, per direction d: end = highest sequence sent + 1, maxEnd = right edge
    // of what the peer allows d to send, maxWin = largest window d advertised (scaled).

    int tcpEnd(int id, int d) {
        return tcpWindow[id * 6 + d * 3];
    }

    int tcpMaxEnd(int id, int d) {
        return tcpWindow[id * 6 + d * 3 + 1];
    }

    int tcpMaxWin(int id, int d) {
        return tcpWindow[id * 6 + d * 3 + 2];
    }

    void setTcpEnd(int id, int d, int v) {
        tcpWindow[id * 6 + d * 3] = v;
    }

    void setTcpMaxEnd(int id, int d, int v) {
        tcpWindow[id * 6 + d * 3 + 1] = v;
    }

    void setTcpMaxWin(int id, int d, int v) {
        tcpWindow[id * 6 + d * 3 + 2] = v;
    }

    int tcpScale(int id, int d) {
        return tcpScale[id * 2 + d];
    }

    void setTcpScale(int id, int d, int v) {
        tcpScale[id * 2 + d] = (byte) v;
    }

    // Custom-rule results cached per direction, valid while the policy generation matches:
    // the 5-tuple and zone decide the match, and they are fixed for a direction of a flow.

    public boolean ruleCacheValid(int id, int generation) {
        return policyGeneration[id] == generation;
    }

    /** Cached deny-group result for a direction: rule index, -1 for no match, -2 unknown. */
    public int cachedDenyRule(int id, int d) {
        return ruleCache[id * 4 + d * 2];
    }

    public int cachedAllowRule(int id, int d) {
        return ruleCache[id * 4 + d * 2 + 1];
    }

    public void cacheRules(int id, int d, int generation, int denyRule, int allowRule) {
        if (policyGeneration[id] != generation) {
            policyGeneration[id] = generation;
            int base = id * 4;
            ruleCache[base] = -2;
            ruleCache[base + 1] = -2;
            ruleCache[base + 2] = -2;
            ruleCache[base + 3] = -2;
        }
        ruleCache[id * 4 + d * 2] = (short) denyRule;
        ruleCache[id * 4 + d * 2 + 1] = (short) allowRule;
    }
}
