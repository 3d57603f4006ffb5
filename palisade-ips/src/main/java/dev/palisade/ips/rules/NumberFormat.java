package dev.palisade.ips.rules;

/**
 * How {@code byte_test} and {@code byte_jump} read their number: binary big or little endian, or
 * ASCII digits in base 8, 10 or 16 ({@code string,oct|dec|hex}).
 */
public enum NumberFormat {
    BIG_ENDIAN,
    LITTLE_ENDIAN,
    /** {@code dce}: byte order taken from the DCE/RPC header (never the case for Palisade's protocols). */
    DCE,
    STRING_OCT,
    STRING_DEC,
    STRING_HEX;

    public boolean isString() {
        return this == STRING_OCT || this == STRING_DEC || this == STRING_HEX;
    }
}
