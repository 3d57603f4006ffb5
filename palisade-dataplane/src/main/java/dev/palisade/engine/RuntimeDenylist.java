package dev.palisade.engine;

import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Sources the IPS blocked while the engine ran, not (yet) in the configuration's denylist: an
 * open-addressing set for the packet path plus the entries in the order they were added (address,
 * time, signature) for the management plane, which persists them into {@code IDS_PROXY}.
 *
 * <p>Only the engine's thread adds, prunes and looks up; other threads read {@link #entries()}.
 * Adding and pruning are rare (a blocked source stops at {@code ip-denylist} afterwards), so they
 * and the snapshot are synchronized; the lookup is not.
 */
final class RuntimeDenylist {

    private final int capacity;
    private final int[] addresses;
    private final long[] times;
    private final String[] signatures;
    private final long[] slots;   // address | 1L << 32, 0 when empty
    private final int mask;
    private int size;

    RuntimeDenylist(int capacity) {
        this.capacity = capacity;
        this.addresses = new int[capacity];
        this.times = new long[capacity];
        this.signatures = new String[capacity];
        int tableSize = Integer.highestOneBit(Math.max(2, capacity * 2 + 1)) << 1;
        this.slots = new long[tableSize];
        this.mask = tableSize - 1;
    }

    private static int mix(int a) {
        int h = a * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    boolean contains(int address) {
        if (size == 0) {
            return false;
        }
        long tagged = (address & 0xffffffffL) | 1L << 32;
        for (int i = mix(address) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == tagged) {
                return true;
            }
            if (s == 0) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    /** Adds an address not yet present; false when the list is at its capacity. */
    synchronized boolean add(int address, long epochSeconds, String signature) {
        if (size == capacity) {
            return false;
        }
        addresses[size] = address;
        times[size] = epochSeconds;
        signatures[size] = signature;
        size++;
        insert(address);
        return true;
    }

    private void insert(int address) {
        long tagged = (address & 0xffffffffL) | 1L << 32;
        int i = mix(address) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = tagged;
    }

    /** Removes the entries {@code persisted} accepts (they are in the configuration's denylist now). */
    synchronized void prune(IntPredicate persisted) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!persisted.test(addresses[i])) {
                addresses[kept] = addresses[i];
                times[kept] = times[i];
                signatures[kept] = signatures[i];
                kept++;
            }
        }
        if (kept == size) {
            return;
        }
        for (int i = kept; i < size; i++) {
            signatures[i] = null;
        }
        size = kept;
        java.util.Arrays.fill(slots, 0);
        for (int i = 0; i < size; i++) {
            insert(addresses[i]);
        }
    }

    /** The entries in the order they were added, as configuration denylist entries. */
    synchronized List<IdsProxyConfig.DenylistEntry> entries() {
        List<IdsProxyConfig.DenylistEntry> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new IdsProxyConfig.DenylistEntry(new Ipv4Address(addresses[i]), times[i],
                    signatures[i] == null ? "" : signatures[i]));
        }
        return List.copyOf(list);
    }
}
