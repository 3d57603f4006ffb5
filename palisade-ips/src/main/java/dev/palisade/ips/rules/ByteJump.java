package dev.palisade.ips.rules;

/**
 * A {@code byte_jump}: read {@code bytes} bytes at {@code offset}, mask with {@code bitmask} when
 * not zero, multiply by {@code multiplier}, move the inspection point that far (from the read
 * bytes' end, the buffer start with {@code fromBeginning}, or its end with {@code fromEnd}),
 * round up to 4 with {@code align}, then add {@code postOffset}. Later relative steps continue
 * from there.
 */
public record ByteJump(int bytes, int offset, boolean relative, int multiplier, NumberFormat format, boolean align,
        boolean fromBeginning, boolean fromEnd, int postOffset, long bitmask) implements PayloadMatch {
}
