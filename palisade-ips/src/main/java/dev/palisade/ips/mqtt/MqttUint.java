package dev.palisade.ips.mqtt;

/**
 * An unsigned integer test in Suricata's integer-keyword syntax: {@code N}, {@code =N}, {@code !N},
 * {@code <N}, {@code <=N}, {@code >N}, {@code >=N}, and the exclusive ranges {@code N-M} and
 * {@code N<>M} (N &lt; x &lt; M), optionally negated with {@code !}. Immutable.
 */
record MqttUint(Op op, long a, long b) {

    enum Op { EQ, NE, LT, LE, GT, GE, RANGE, NOT_RANGE }

    boolean test(long x) {
        return switch (op) {
            case EQ -> x == a;
            case NE -> x != a;
            case LT -> x < a;
            case LE -> x <= a;
            case GT -> x > a;
            case GE -> x >= a;
            case RANGE -> x > a && x < b;
            case NOT_RANGE -> !(x > a && x < b);
        };
    }

    /** Parses {@code text}; values must lie in 0..max. */
    static MqttUint parse(String keyword, String text, long max) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(keyword + " needs a value, e.g. " + keyword + ":5");
        }
        boolean not = s.startsWith("!");
        if (not) {
            s = s.substring(1).strip();
        }
        int sep = s.indexOf("<>");
        int sepLen = 2;
        if (sep < 0) {
            sep = s.indexOf('-', 1);
            sepLen = 1;
        }
        if (sep > 0) {
            long lo = number(keyword, s.substring(0, sep), max);
            long hi = number(keyword, s.substring(sep + sepLen), max);
            if (lo >= hi) {
                throw new IllegalArgumentException(keyword + ": range " + text.strip() + " is empty; write min-max with min < max");
            }
            return new MqttUint(not ? Op.NOT_RANGE : Op.RANGE, lo, hi);
        }
        Op op;
        if (s.startsWith("<=")) {
            op = Op.LE;
            s = s.substring(2);
        } else if (s.startsWith(">=")) {
            op = Op.GE;
            s = s.substring(2);
        } else if (s.startsWith("<")) {
            op = Op.LT;
            s = s.substring(1);
        } else if (s.startsWith(">")) {
            op = Op.GT;
            s = s.substring(1);
        } else if (s.startsWith("=")) {
            op = Op.EQ;
            s = s.substring(1);
        } else {
            op = Op.EQ;
        }
        if (not && op != Op.EQ) {
            throw new IllegalArgumentException(keyword + ": '!' only negates a value or a range, not " + text.strip());
        }
        return new MqttUint(not ? Op.NE : op, number(keyword, s, max), 0);
    }

    private static long number(String keyword, String text, long max) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(keyword + ": '" + s + "' is not an unsigned number");
        }
        long v = Long.parseLong(s);
        if (v > max) {
            throw new IllegalArgumentException(keyword + ": " + v + " is out of range 0-" + max);
        }
        return v;
    }
}
