package dev.palisade.config;

import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/** Reads integers written either as JSON integers or as strings of decimal digits. */
final class Numbers {

    private Numbers() {
    }

    /**
     * The integer value, or empty when the node is neither an integer that fits a long nor a
     * string of 1-18 decimal digits without sign, spaces or leading zeros.
     */
    static OptionalLong integer(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
        }
        if (value.isString()) {
            return digits(value.stringValue());
        }
        return OptionalLong.empty();
    }

    /** Parses a string of decimal digits; empty for anything else, including "" and "007". */
    static OptionalLong digits(String text) {
        int n = text.length();
        if (n == 0 || n > 18 || (n > 1 && text.charAt(0) == '0')) {
            return OptionalLong.empty();
        }
        long result = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            result = result * 10 + (c - '0');
        }
        return OptionalLong.of(result);
    }
}
