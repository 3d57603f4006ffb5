package dev.palisade.packet;

/**
 * The Internet checksum: full computation (RFC 1071) for verification and for packets the
 * gateway builds, and incremental update (RFC 1624, eqn. 3) so NAT and TTL rewrites cost a few
 * operations instead of a pass over the payload.
 */
public final class Checksum {

    /** Reads 8 bytes big-endian in one access instead of eight byte loads and shifts. */
    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** One's-complement sum of {@code length} bytes folded to 16 bits, starting from {@code initial}. */
    public static int sum(byte[] b, int offset, int length, int initial) {
        long acc = initial & 0xffffffffL;
        int i = offset;
        int end = offset + length;
        // 8 bytes per step, added as two 32-bit halves: the one's-complement sum is the same for
        // any grouping of 16-bit words, and a long accumulator cannot overflow for 64 KB.
        while (end - i >= 8) {
            long w = (long) LONG_BE.get(b, i);
            acc += (w >>> 32) + (w & 0xffffffffL);
            i += 8;
        }
        if (end - i >= 4) {
            acc += ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
            i += 4;
        }
        if (end - i >= 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        return fold(acc);
    }

    static int fold(long acc) {
        // Four end-around folds take any sum below 2^48 (64 KB of data) to 16 bits, without a
        // data-dependent loop.
        acc = (acc & 0xffff) + (acc >>> 16);
        acc = (acc & 0xffff) + (acc >>> 16);
        acc = (acc & 0xffff) + (acc >>> 16);
        acc = (acc & 0xffff) + (acc >>> 16);
        return (int) acc;
    }

    /** The checksum field value for data whose sum (with the field zeroed) is {@code sum}. */
    public static int finish(int sum) {
        return ~sum & 0xffff;
    }

    /** Sum of the IPv4 pseudo-header used by TCP and UDP. */
    public static int pseudoHeaderSum(int source, int destination, int protocol, int l4Length) {
        long acc = (source >>> 16) + (source & 0xffff) + (destination >>> 16) + (destination & 0xffff) + protocol + l4Length;
        return fold(acc);
    }

    /** True when data including its checksum field sums to 0xffff, i.e. the checksum is right. */
    public static boolean verifies(int sumIncludingField) {
        return sumIncludingField == 0xffff;
    }

    /**
     * Updates checksum {@code check} for a 16-bit field changing from {@code oldValue} to
     * {@code newValue}: HC' = ~(~HC + ~m + m') (RFC 1624).
     */
    public static int update16(int check, int oldValue, int newValue) {
        long acc = (~check & 0xffff) + (~oldValue & 0xffff) + (newValue & 0xffff);
        return ~fold(acc) & 0xffff;
    }

    /** Updates checksum {@code check} for a 32-bit field (an address) changing value. */
    public static int update32(int check, int oldValue, int newValue) {
        long acc = (~check & 0xffff)
                + (~(oldValue >>> 16) & 0xffff) + (~oldValue & 0xffff)
                + ((newValue >>> 16) & 0xffff) + (newValue & 0xffff);
        return ~fold(acc) & 0xffff;
    }
}
