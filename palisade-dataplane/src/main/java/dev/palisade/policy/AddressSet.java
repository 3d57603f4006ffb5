package dev.palisade.policy;

import java.util.Collection;

/**
 * An immutable set of IPv4 addresses with constant-time membership: open addressing over an
 * int array, sized to stay under half full. Used for the allow- and denylists.
 */
public final class AddressSet {

    public static final AddressSet EMPTY = new AddressSet(new int[0]);

    private final int[] slots;   // address + 1 in the low bits would overflow, so use a parallel flag
    private final boolean[] used;
    private final int mask;
    private final int size;

    private AddressSet(int[] addresses) {
        int capacity = Integer.highestOneBit(Math.max(2, addresses.length * 2 + 1)) << 1;
        this.slots = new int[capacity];
        this.used = new boolean[capacity];
        this.mask = capacity - 1;
        int n = 0;
        for (int a : addresses) {
            int i = mix(a) & mask;
            boolean present = false;
            while (used[i]) {
                if (slots[i] == a) {
                    present = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (!present) {
                used[i] = true;
                slots[i] = a;
                n++;
            }
        }
        this.size = n;
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
        int i = mix(address) & mask;
        while (used[i]) {
            if (slots[i] == address) {
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
