package dev.palisade.ips.rules;

/**
 * A {@code byte_test}: read {@code bytes} bytes at {@code offset} (relative to the previous match
 * when {@code relative}), mask them with {@code bitmask} when it is not zero, and compare with
 * {@code value} using {@code operator}; {@code negated} inverts the outcome.
 */
public record ByteTest(int bytes, boolean negated, Operator operator, long value, int offset, boolean relative,
        NumberFormat format, long bitmask) implements PayloadMatch {

    /** The comparisons {@code byte_test} offers. */
    public enum Operator {
        LESS("<"),
        GREATER(">"),
        EQUAL("="),
        LESS_OR_EQUAL("<="),
        GREATER_OR_EQUAL(">="),
        /** {@code &}: any of the bits of {@code value} set. */
        AND("&"),
        /** {@code ^}: the XOR with {@code value} is not zero. */
        XOR("^");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Operator parse(String s) {
            for (Operator o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }
}
