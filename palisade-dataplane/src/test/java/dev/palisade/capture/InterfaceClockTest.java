package dev.palisade.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamp conversion checked against exact BigInteger arithmetic for every resolution byte. */
class InterfaceClockTest {
    private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @ParameterizedTest(name = "if_tsresol=0x{0}")
    @ValueSource(ints = {0, 1, 3, 6, 9, 10, 12, 18, 19, 27, 28, 29, 127, 0x80, 0x81, 0x8A, 0x9E, 0xA0, 0xA1,
            0xBF, 0xC0, 0xC1, 0xE3, 0xFF})
    void matchesExactArithmetic(int tsresol) {
        Random random = new Random(tsresol);
        InterfaceClock clock = new InterfaceClock(tsresol, 0);
        for (int i = 0; i < 2_000; i++) {
            // Mix full-range values with small ones so both the overflow and the in-range paths run.
            long ticks = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong() >>> random.nextInt(64);
                default -> random.nextInt(1_000_000);
            };
            BigInteger exact = exactNanos(tsresol, ticks);
            if (exact.compareTo(LONG_MAX) > 0) {
                long t = ticks;
                assertThatThrownBy(() -> clock.toNanos(t)).isInstanceOf(ArithmeticException.class);
            } else {
                assertThat(clock.toNanos(ticks)).as("ticks %s", Long.toUnsignedString(ticks)).isEqualTo(exact.longValueExact());
            }
        }
    }

    private static BigInteger exactNanos(int tsresol, long ticks) {
        BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
        int exponent = tsresol & 0x7F;
        BigInteger unitsPerSecond = (tsresol & 0x80) != 0 ? BigInteger.TWO.pow(exponent) : BigInteger.TEN.pow(exponent);
        return t.multiply(NANOS).divide(unitsPerSecond);
    }

    @ParameterizedTest(name = "offset={0}")
    @ValueSource(longs = {-1_700_000_000L, -1, 1, 9_223_372_036L})
    void appliesOffset(long offsetSeconds) {
        InterfaceClock clock = new InterfaceClock(9, offsetSeconds);
        assertThat(clock.toNanos(5)).isEqualTo(offsetSeconds * 1_000_000_000L + 5);
    }

    @ParameterizedTest(name = "offset={0}")
    @ValueSource(longs = {9_223_372_037L, Long.MIN_VALUE})
    void rejectsOffsetBeyondRange(long offsetSeconds) {
        assertThatThrownBy(() -> new InterfaceClock(6, offsetSeconds)).isInstanceOf(ArithmeticException.class);
    }
}
