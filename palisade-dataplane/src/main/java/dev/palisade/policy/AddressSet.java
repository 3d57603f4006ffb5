package dev.palisade.policy;

import java.util.Collection;

/**
 * An immutable set of IPv4 addresses with constant-time membership: open addressing over an
 * int array, sized to stay under half full. Used for the allow- and denylists.
 */
public final class AddressSet {

    public static final AddressSet EMPTY = new AddressSet(new int[0]);

    // One array: an empty slot is 0, a member is its address with bit 32 set, so a probe reads
    // one long instead of a flag and a value from two arrays.
    private final long[] slots;
    private final int mask;
    private final int size;

    private AddressSet(int[] addresses) {
        int capacity = Integer.highestOneBit(Math.max(2, addresses.length * 2 + 1)) << 1;
        this.slots = new long[capacity];
        this.mask = capacity - 1;
        int n = 0;
        for (int a : addresses) {
            long tagged = tag(a);
            int i = mix(a) & mask;
            while (slots[i] != 0 && slots[i] != tagged) {
                i = (i + 1) & mask;
            }
            if (slots[i] == 0) {
                slots[i] = tagged;
                n++;
            }
        }
        this.size = n;
    }

    private static long tag(int address) {
        return (address & 0xffffffffL) | (1L << 32);
    }

    public static AddressSet of(Collection<Integer> addresses) {
        return addresses.isEmpty() ? EMPTY : new AddressSet(addresses.stream().mapToInt(Integer::intValue).toArray());
    }

    public static AddressSet of(int... addresses) {
        return addresses.length == 0 ? EMPTY : new AddressSet(addresses.clone());
    }

    private static int mix(int a) {
        int h = a * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    public boolean contains(int address) {
        if (size == 0) {
            return false;
        }
        long tagged = tag(address);
        int i = mix(address) & mask;
        long slot;
        while ((slot = slots[i]) != 0) {
            if (slot == tagged) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }
}
