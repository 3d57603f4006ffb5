package dev.palisade.ips.modbus;

/**
 * A number condition of the {@code modbus:} keyword: {@code N} (exactly), {@code <N},
 * {@code >N}, or {@code N<>M} (strictly between). Immutable.
 *
 * @param form  which of the four
 * @param low   N (the bound for {@code <} and {@code >}, the lower bound of {@code <>})
 * @param high  M for {@code N<>M}, otherwise equal to {@code low}
 */
public record ModbusRange(Form form, int low, int high) {

    /** The four forms. */
    public enum Form {
        /** {@code N}. */
        EXACT,
        /** {@code <N}. */
        LESS,
        /** {@code >N}. */
        GREATER,
        /** {@code N<>M}. */
        BETWEEN
    }

    /** Whether {@code v} satisfies the condition. */
    public boolean matches(int v) {
        return switch (form) {
            case EXACT -> v == low;
            case LESS -> v < low;
            case GREATER -> v > low;
            case BETWEEN -> v > low && v < high;
        };
    }

    /** Whether some value in {@code first..last} (inclusive) satisfies the condition. */
    public boolean intersects(int first, int last) {
        return switch (form) {
            case EXACT -> first <= low && low <= last;
            case LESS -> first < low;
            case GREATER -> last > low;
            case BETWEEN -> first < high && last > low;
        };
    }

    /**
     * Parses {@code N}, {@code <N}, {@code >N} or {@code N<>M} with numbers from 0 to {@code max}.
     *
     * @throws IllegalArgumentException naming {@code what} and the problem
     */
    public static ModbusRange parse(String what, String text, int max) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + " needs a number, <N, >N or N<>M");
        }
        if (t.startsWith("<") || t.startsWith(">")) {
            int n = number(what, t.substring(1), max);
            return new ModbusRange(t.charAt(0) == '<' ? Form.LESS : Form.GREATER, n, n);
        }
        int between = t.indexOf("<>");
        if (between >= 0) {
            int a = number(what, t.substring(0, between), max);
            int b = number(what, t.substring(between + 2), max);
            if (a >= b) {
                throw new IllegalArgumentException(what + " range '" + t + "' is empty: write N<>M with N < M (both excluded)");
            }
            return new ModbusRange(Form.BETWEEN, a, b);
        }
        int n = number(what, t, max);
        return new ModbusRange(Form.EXACT, n, n);
    }

    private static int number(String what, String s, int max) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 6 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + s.strip() + "' is not a number (expected N, <N, >N or N<>M)");
        }
        int n = Integer.parseInt(t);
        if (n > max) {
            throw new IllegalArgumentException(what + " " + n + " is out of range (0-" + max + ")");
        }
        return n;
    }

    @Override
    public String toString() {
        return switch (form) {
            case EXACT -> Integer.toString(low);
            case LESS -> "<" + low;
            case GREATER -> ">" + low;
            case BETWEEN -> low + "<>" + high;
        };
    }
}
