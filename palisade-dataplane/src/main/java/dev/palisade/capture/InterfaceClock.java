package dev.palisade.capture;

/**
 * Converts one pcapng interface's timestamps to nanoseconds since the epoch.
 *
 * <p>A pcapng timestamp is an unsigned 64-bit count of units of {@code 10^-r} or {@code 2^-r}
 * seconds ({@code if_tsresol}, default microseconds), plus a whole-second {@code if_tsoffset}.
 * The conversion is prepared once per Interface Description Block so that each packet costs a
 * multiply, a divide or a shift. Results that do not fit a signed 64-bit nanosecond count (after
 * the year 2262) raise {@link ArithmeticException}, which the decoder reports with the offset.
 */
final class InterfaceClock {
    static final InterfaceClock MICROSECONDS = new InterfaceClock(6, 0);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MULTIPLY = 0;
    private static final int DIVIDE = 1;
    private static final int ZERO = 2;
    private static final int BINARY = 3;

    private final int mode;
    /** Multiplier or unsigned divisor for decimal resolutions. */
    private final long factor;
    /** The exponent for binary resolutions. */
    private final int shift;
    private final long offsetNanos;

    /**
     * @param tsresol the raw {@code if_tsresol} byte: high bit set for a power of 2, clear for a
     *     power of 10, the low 7 bits the negative exponent
     * @param offsetSeconds the {@code if_tsoffset} value
     * @throws ArithmeticException if the offset in nanoseconds does not fit a long
     */
    InterfaceClock(int tsresol, long offsetSeconds) {
        int exponent = tsresol & 0x7F;
        this.offsetNanos = Math.multiplyExact(offsetSeconds, NANOS_PER_SECOND);
        if ((tsresol & 0x80) != 0) {
            mode = BINARY;
            shift = exponent;
            factor = 0;
        } else if (exponent <= 9) {
            mode = MULTIPLY;
            factor = powerOfTen(9 - exponent);
            shift = 0;
        } else if (exponent - 9 <= 19) {
            // 10^19 exceeds Long.MAX_VALUE but fits 64 unsigned bits, which divideUnsigned accepts.
            mode = DIVIDE;
            factor = powerOfTen(exponent - 9);
            shift = 0;
        } else {
            // Units below 10^-28 s: any 64-bit count is less than one nanosecond.
            mode = ZERO;
            factor = 0;
            shift = 0;
        }
    }

    private static long powerOfTen(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10; // wraps only for n = 19, where the unsigned bit pattern is still exact
        }
        return p;
    }

    /** Converts an unsigned tick count; throws {@link ArithmeticException} if out of range. */
    long toNanos(long ticks) {
        long nanos = switch (mode) {
            case MULTIPLY -> Math.multiplyExact(nonNegative(ticks), factor);
            case DIVIDE -> Long.divideUnsigned(ticks, factor);
            case ZERO -> 0;
            default -> binaryToNanos(ticks);
        };
        return Math.addExact(nanos, offsetNanos);
    }

    private long binaryToNanos(long ticks) {
        if (shift == 0) {
            return Math.multiplyExact(nonNegative(ticks), NANOS_PER_SECOND);
        }
        if (shift < 64) {
            long seconds = ticks >>> shift;
            long fraction = ticks & ((1L << shift) - 1);
            // fraction * 10^9 needs up to 94 bits; shift the 128-bit product right by `shift`.
            long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            long fractionNanos = (low >>> shift) | (high << (64 - shift));
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), fractionNanos);
        }
        // Under a second in total: (ticks * 10^9) >> shift, with the low product word below one unit.
        return Math.unsignedMultiplyHigh(ticks, NANOS_PER_SECOND) >>> (shift - 64);
    }

    private static long nonNegative(long unsignedTicks) {
        if (unsignedTicks < 0) {
            throw new ArithmeticException("timestamp beyond 2^63 units");
        }
        return unsignedTicks;
    }
}
