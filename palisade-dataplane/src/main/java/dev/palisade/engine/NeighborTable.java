package dev.palisade.engine;

/**
 * IPv4 address to MAC address, per interface, learned from the frames that arrive (source
 * address and MAC of hosts on the connected subnet, ARP senders). Used to address forwarded
 * frames to the next hop. Bounded: a fixed open-addressing array where a newcomer overwrites
 * whatever sits in its slot after a short probe, so a flood of spoofed sources costs no memory.
 */
final class NeighborTable {

    static final long UNKNOWN = -1L;
    private static final int PROBE = 8;

    private final int mask;
    private final int[] addresses;
    private final long[] macs;   // 0 = empty slot

    NeighborTable(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.mask = size - 1;
        this.addresses = new int[size];
        this.macs = new long[size];
    }

    private static int slot(int address) {
        int h = address * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    void learn(int address, long mac) {
        int home = slot(address) & mask;
        long tagged = mac | (1L << 48);
        if (addresses[home] == address && macs[home] == tagged) {
            return;
        }
        for (int k = 0; k < PROBE; k++) {
            int i = (home + k) & mask;
            if (macs[i] == 0 || addresses[i] == address) {
                addresses[i] = address;
                macs[i] = mac | (1L << 48);
                return;
            }
        }
        addresses[home] = address;
        macs[home] = mac | (1L << 48);
    }

    long lookup(int address) {
        int home = slot(address) & mask;
        for (int k = 0; k < PROBE; k++) {
            int i = (home + k) & mask;
            if (macs[i] == 0) {
                return UNKNOWN;
            }
            if (addresses[i] == address) {
                return macs[i] & 0xffffffffffffL;
            }
        }
        return UNKNOWN;
    }
}
