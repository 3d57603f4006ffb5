package dev.palisade.ips.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The protector's flows by their direction-free identity (protocol and the two address/port ends
 * in a canonical order, so both directions of a connection find the same flow), kept in
 * least-recently-used order for idle expiry.
 *
 * <p>Open addressing with linear probing over an array of flows that doubles to stay at most
 * half full; each flow carries its key as four longs and an int, and the links of the
 * recency list, so a lookup reads the packet's addresses as longs, probes and compares numbers,
 * and a hit moves the flow to the recent end: nothing is allocated per packet (a
 * {@code LinkedHashMap} needed a key object per flow, an entry per flow, and byte-array
 * comparisons per probe). Removal shifts the following entries back (no tombstones).
 *
 * <p>Use: {@link #key} sets the probe from a packet, then {@link #get} looks it up and
 * {@link #add} inserts a new flow under it. Not thread-safe: owned by the protector's thread.
 */
final class FlowTable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Flow[] slots = new Flow[1024];
    private int size;
    /** Least recently used first. */
    private Flow head;
    private Flow tail;

    // the probe key
    private long lowHigh;
    private long lowLow;
    private long highHigh;
    private long highLow;
    private int proto;
    private int lowPort;
    private int highPort;
    private int hash;

    /**
     * Sets the probe key from a packet; returns true when the packet's source is the low end of
     * the canonical order (always true when both ends are the same address and port).
     */
    boolean key(PacketMeta p) {
        long sh = (long) LONGS.get(p.source, 0);
        long sl = (long) LONGS.get(p.source, 8);
        long dh = (long) LONGS.get(p.destination, 0);
        long dl = (long) LONGS.get(p.destination, 8);
        int c = sh != dh ? Long.compareUnsigned(sh, dh) : Long.compareUnsigned(sl, dl);
        boolean sourceLow = c < 0 || c == 0 && p.sourcePort <= p.destinationPort;
        if (sourceLow) {
            lowHigh = sh;
            lowLow = sl;
            highHigh = dh;
            highLow = dl;
            lowPort = p.sourcePort;
            highPort = p.destinationPort;
        } else {
            lowHigh = dh;
            lowLow = dl;
            highHigh = sh;
            highLow = sl;
            lowPort = p.destinationPort;
            highPort = p.sourcePort;
        }
        long h = lowHigh * 0x9E3779B97F4A7C15L ^ lowLow * 0xC2B2AE3D27D4EB4FL
                ^ highHigh * 0x165667B19E3779F9L ^ highLow * 0x85EBCA77C2B2AE63L
                ^ ((long) lowPort << 16 | highPort) * 0x27D4EB2F165667C5L ^ p.ipProtocol;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        hash = (int) (h ^ h >>> 32);
        proto = p.ipProtocol;
        return sourceLow;
    }

    /** The flow under the probe key, moved to the recent end; or null. */
    Flow get() {
        int mask = slots.length - 1;
        for (int i = hash & mask;; i = i + 1 & mask) {
            Flow f = slots[i];
            if (f == null) {
                return null;
            }
            if (matches(f)) {
                touch(f);
                return f;
            }
        }
    }

    /** Inserts {@code f} under the probe key (absent) at the recent end. */
    void add(Flow f) {
        f.keyLowHigh = lowHigh;
        f.keyLowLow = lowLow;
        f.keyHighHigh = highHigh;
        f.keyHighLow = highLow;
        f.keyProto = proto;
        f.keyLowPort = lowPort;
        f.keyHighPort = highPort;
        f.keyHash = hash;
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        place(f);
        size++;
        f.older = tail;
        f.newer = null;
        if (tail == null) {
            head = f;
        } else {
            tail.newer = f;
        }
        tail = f;
        f.inTable = true;
    }

    /** Removes {@code f}; returns false when it was not in the table. */
    boolean remove(Flow f) {
        if (!f.inTable) {
            return false;
        }
        int mask = slots.length - 1;
        int i = f.keyHash & mask;
        while (slots[i] != f) {
            i = i + 1 & mask;
        }
        // backward-shift deletion: move later entries of the run into the hole when their home allows
        int hole = i;
        for (int j = hole + 1 & mask;; j = j + 1 & mask) {
            Flow g = slots[j];
            if (g == null) {
                break;
            }
            int home = g.keyHash & mask;
            if ((j - home & mask) >= (j - hole & mask)) {
                slots[hole] = g;
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        if (f.older == null) {
            head = f.newer;
        } else {
            f.older.newer = f.newer;
        }
        if (f.newer == null) {
            tail = f.older;
        } else {
            f.newer.older = f.older;
        }
        f.older = null;
        f.newer = null;
        f.inTable = false;
        return true;
    }

    /** The least recently used flow, or null when empty. */
    Flow eldest() {
        return head;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Every flow, least recently used first (a copy). */
    List<Flow> inRecencyOrder() {
        List<Flow> all = new ArrayList<>(size);
        for (Flow f = head; f != null; f = f.newer) {
            all.add(f);
        }
        return all;
    }

    private boolean matches(Flow f) {
        return f.keyHash == hash && f.keyLowLow == lowLow && f.keyHighLow == highLow && f.keyLowPort == lowPort
                && f.keyHighPort == highPort && f.keyLowHigh == lowHigh && f.keyHighHigh == highHigh && f.keyProto == proto;
    }

    private void touch(Flow f) {
        if (f == tail) {
            return;
        }
        // unlink (f is not the tail, so f.newer != null)
        if (f.older == null) {
            head = f.newer;
        } else {
            f.older.newer = f.newer;
        }
        f.newer.older = f.older;
        f.older = tail;
        f.newer = null;
        tail.newer = f;
        tail = f;
    }

    private void place(Flow f) {
        int mask = slots.length - 1;
        int i = f.keyHash & mask;
        while (slots[i] != null) {
            i = i + 1 & mask;
        }
        slots[i] = f;
    }

    private void grow() {
        Flow[] old = slots;
        slots = new Flow[old.length * 2];
        for (Flow f : old) {
            if (f != null) {
                place(f);
            }
        }
    }
}
