package dev.palisade.ips.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Parses the address and port groups of a rule header with Suricata's grammar: {@code any}, a
 * single value, a list {@code [a,b,...]} (nested lists allowed), {@code !} negation of any element,
 * and {@code $VARIABLE}s whose values are groups themselves. A list means the union of its positive
 * elements (or everything when it has none) minus its negated elements; a negated group outside a
 * list is the complement. Errors carry the offset in the text given.
 */
final class GroupParser {

    /** Which of the two group kinds is parsed. */
    enum Kind {
        ADDRESS(0xFFFF_FFFFL, "address"),
        PORT(0xFFFFL, "port");

        final long max;
        final String noun;

        Kind(long max, String noun) {
            this.max = max;
            this.noun = noun;
        }
    }

    /** The evaluated group: IPv4 addresses or ports, and whether IPv6 literals were named. */
    record Result(long[] ranges, boolean ipv6) {
    }

    private static final int MAX_DEPTH = 32;

    private final Kind kind;
    private final RuleVariables variables;
    private final Deque<String> expanding;
    private String s;
    private int i;
    private boolean ipv6;

    private GroupParser(Kind kind, RuleVariables variables, Deque<String> expanding) {
        this.kind = kind;
        this.variables = variables;
        this.expanding = expanding;
    }

    static Result parse(Kind kind, String text, RuleVariables variables) throws RuleSyntaxException {
        return new GroupParser(kind, variables, new ArrayDeque<>()).run(text);
    }

    private Result run(String text) throws RuleSyntaxException {
        s = text;
        i = 0;
        if (s.isEmpty()) {
            throw new RuleSyntaxException(0, "empty " + kind.noun + " group");
        }
        Element e = element(0);
        if (i < s.length()) {
            throw new RuleSyntaxException(i, "unexpected '" + s.charAt(i) + "' after the " + kind.noun
                    + " group (lists are written [a,b] without spaces between groups)");
        }
        long[] r = e.negated ? Ranges.complement(e.ranges, kind.max) : e.ranges;
        return new Result(r, ipv6);
    }

    private record Element(long[] ranges, boolean negated) {
    }

    private Element element(int depth) throws RuleSyntaxException {
        if (depth > MAX_DEPTH) {
            throw new RuleSyntaxException(i, kind.noun + " group nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpaces();
        boolean negated = false;
        while (i < s.length() && s.charAt(i) == '!') {
            negated = !negated;
            i++;
            skipSpaces();
        }
        if (i >= s.length()) {
            throw new RuleSyntaxException(i, "missing " + kind.noun + " after '!'");
        }
        long[] value;
        if (s.charAt(i) == '[') {
            value = list(depth);
        } else {
            value = atom(depth);
        }
        skipSpaces();
        return new Element(value, negated);
    }

    private long[] list(int depth) throws RuleSyntaxException {
        int open = i;
        i++;
        long[] positive = Ranges.EMPTY;
        long[] negative = Ranges.EMPTY;
        boolean anyPositive = false;
        while (true) {
            skipSpaces();
            if (i >= s.length()) {
                throw new RuleSyntaxException(open, "'[' is never closed");
            }
            if (s.charAt(i) == ']' || s.charAt(i) == ',') {
                throw new RuleSyntaxException(i, "empty element in " + kind.noun + " list");
            }
            Element e = element(depth + 1);
            if (e.negated) {
                negative = Ranges.union(negative, e.ranges);
            } else {
                positive = Ranges.union(positive, e.ranges);
                anyPositive = true;
            }
            if (i >= s.length()) {
                throw new RuleSyntaxException(open, "'[' is never closed");
            }
            char c = s.charAt(i);
            i++;
            if (c == ']') {
                break;
            }
            if (c != ',') {
                throw new RuleSyntaxException(i - 1, "expected ',' or ']' in " + kind.noun + " list, found '" + c + "'");
            }
        }
        long[] base = anyPositive ? positive : Ranges.of(0, kind.max);
        return Ranges.subtract(base, negative, kind.max);
    }

    private long[] atom(int depth) throws RuleSyntaxException {
        int start = i;
        while (i < s.length() && ",]![ \t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String token = s.substring(start, i);
        if (token.isEmpty()) {
            throw new RuleSyntaxException(start, "expected " + kind.noun + ", found '" + s.charAt(start) + "'");
        }
        if (token.equals("any")) {
            return Ranges.of(0, kind.max);
        }
        if (token.startsWith("$")) {
            return variable(token, start, depth);
        }
        return kind == Kind.ADDRESS ? address(token, start) : port(token, start);
    }

    private long[] variable(String token, int at, int depth) throws RuleSyntaxException {
        String name = token.substring(1);
        Optional<String> value = kind == Kind.ADDRESS ? variables.address(name) : variables.port(name);
        if (value.isEmpty()) {
            boolean other = kind == Kind.ADDRESS ? variables.port(name).isPresent() : variables.address(name).isPresent();
            throw new RuleSyntaxException(at, other
                    ? token + " is " + (kind == Kind.ADDRESS ? "a port" : "an address") + " variable, used here as " + kind.noun
                    : kind.noun + " variable " + token + " is not defined");
        }
        if (expanding.contains(name)) {
            throw new RuleSyntaxException(at, "variable " + token + " refers to itself (through " + String.join(" -> $", expanding) + ")");
        }
        if (expanding.size() + depth > MAX_DEPTH) {
            throw new RuleSyntaxException(at, "variables nested deeper than " + MAX_DEPTH + " levels");
        }
        expanding.addLast(name);
        try {
            GroupParser inner = new GroupParser(kind, variables, expanding);
            Result r = inner.run(value.get());
            ipv6 |= r.ipv6;
            return r.ranges;
        } catch (RuleSyntaxException e) {
            throw new RuleSyntaxException(at, "in " + token + " = \"" + value.get() + "\": " + e.getMessage());
        } finally {
            expanding.removeLast();
        }
    }

    private long[] port(String token, int at) throws RuleSyntaxException {
        int colon = token.indexOf(':');
        if (colon < 0) {
            long p = portNumber(token, at);
            return Ranges.of(p, p);
        }
        String lo = token.substring(0, colon);
        String hi = token.substring(colon + 1);
        if (lo.isEmpty() && hi.isEmpty()) {
            throw new RuleSyntaxException(at, "port range ':' needs a bound on at least one side");
        }
        long a = lo.isEmpty() ? 0 : portNumber(lo, at);
        long b = hi.isEmpty() ? kind.max : portNumber(hi, at + colon + 1);
        if (a > b) {
            throw new RuleSyntaxException(at, "port range " + token + " runs backwards (write " + b + ":" + a + ")");
        }
        return Ranges.of(a, b);
    }

    private static long portNumber(String t, int at) throws RuleSyntaxException {
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RuleSyntaxException(at, "'" + t + "' is not a port (0-65535, a:b, a:, :b, any, [list] or $VARIABLE)");
        }
        int p = Integer.parseInt(t);
        if (p > 65535) {
            throw new RuleSyntaxException(at, "port " + p + " is out of range 0-65535");
        }
        return p;
    }

    private long[] address(String token, int at) throws RuleSyntaxException {
        if (token.indexOf(':') >= 0) {
            ipv6Literal(token, at);
            ipv6 = true;
            return Ranges.EMPTY;
        }
        int dash = token.indexOf('-');
        if (dash >= 0) {
            long a = ipv4(token.substring(0, dash), at);
            long b = ipv4(token.substring(dash + 1), at + dash + 1);
            if (a > b) {
                throw new RuleSyntaxException(at, "address range " + token + " runs backwards");
            }
            return Ranges.of(a, b);
        }
        int slash = token.indexOf('/');
        if (slash < 0) {
            long a = ipv4(token, at);
            return Ranges.of(a, a);
        }
        long base = ipv4(token.substring(0, slash), at);
        String m = token.substring(slash + 1);
        int prefix;
        if (m.indexOf('.') >= 0) {
            long mask = ipv4(m, at + slash + 1);
            prefix = Long.bitCount(mask);
            long expected = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            if (mask != expected) {
                throw new RuleSyntaxException(at + slash + 1, "netmask " + m + " is not contiguous");
            }
        } else {
            if (m.isEmpty() || m.length() > 2 || !m.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new RuleSyntaxException(at + slash + 1, "'" + m + "' is not a prefix length (0-32)");
            }
            prefix = Integer.parseInt(m);
            if (prefix > 32) {
                throw new RuleSyntaxException(at + slash + 1, "prefix length /" + prefix + " is larger than 32");
            }
        }
        long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        long net = base & mask;
        return Ranges.of(net, net | (~mask & 0xFFFF_FFFFL));
    }

    private static long ipv4(String t, int at) throws RuleSyntaxException {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw new RuleSyntaxException(at, "'" + t + "' is not an address (a.b.c.d, a.b.c.d/n, a.b.c.d-e.f.g.h, any, [list] or $VARIABLE)");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new RuleSyntaxException(at, "'" + t + "' is not an IPv4 address");
            }
            int b = Integer.parseInt(p);
            if (b > 255) {
                throw new RuleSyntaxException(at, "'" + t + "' is not an IPv4 address (" + b + " > 255)");
            }
            v = (v << 8) | b;
        }
        return v;
    }

    /** Checks an IPv6 literal with optional prefix; its value is not needed (IPv6 never matches). */
    private static void ipv6Literal(String t, int at) throws RuleSyntaxException {
        String addr = t;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            String m = t.substring(slash + 1);
            if (m.isEmpty() || m.length() > 3 || !m.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(m) > 128) {
                throw new RuleSyntaxException(at + slash + 1, "'" + m + "' is not an IPv6 prefix length (0-128)");
            }
            addr = t.substring(0, slash);
        }
        String bad = "'" + t + "' is not an IPv6 address";
        int dbl = addr.indexOf("::");
        if (dbl >= 0 && addr.indexOf("::", dbl + 1) >= 0) {
            throw new RuleSyntaxException(at, bad + " ('::' used twice)");
        }
        String[] groups = addr.split(":", -1);
        int count = 0;
        for (int g = 0; g < groups.length; g++) {
            String part = groups[g];
            if (part.isEmpty()) {
                continue;
            }
            if (g == groups.length - 1 && part.indexOf('.') >= 0) {
                ipv4(part, at);
                count += 2;
                continue;
            }
            if (part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new RuleSyntaxException(at, bad);
            }
            count++;
        }
        if (count > 8 || (dbl < 0 && count != 8)) {
            throw new RuleSyntaxException(at, bad);
        }
    }

    private void skipSpaces() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }
}
