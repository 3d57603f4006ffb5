package dev.palisade.ips.rules;

import java.util.Arrays;

/**
 * The source or destination port group of a rule header, evaluated once into a sorted set of port
 * ranges (lists, negations, open ranges {@code a:} and {@code :b}, variables resolved), so
 * {@link #contains(int)} is a binary search. The matcher buckets rules by {@link #singlePort()}.
 */
public final class PortGroup {

    private static final long[] ALL = Ranges.of(0, 0xFFFF);

    private final String text;
    private final long[] ranges;
    /** Asked for every rule on every packet: compared once. */
    private final boolean any;

    PortGroup(String text, long[] ranges) {
        this.text = text;
        this.ranges = ranges;
        this.any = Arrays.equals(ranges, ALL);
    }

    /**
     * Parses a group as written in a rule header.
     *
     * @throws IllegalArgumentException with the reason when the text is not a valid group
     */
    public static PortGroup parse(String text, RuleVariables variables) {
        try {
            return new PortGroup(text, GroupParser.parse(GroupParser.Kind.PORT, text, variables).ranges());
        } catch (RuleSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage() + " (at offset " + e.offset + ")", e);
        }
    }

    /** The group as written, e.g. "$MODBUS_PORTS" or "[1024:,!8080]". */
    public String text() {
        return text;
    }

    public boolean isAny() {
        return any;
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** The only port of the group, or -1 when it holds several (or none). */
    public int singlePort() {
        return ranges.length == 2 && ranges[0] == ranges[1] ? (int) ranges[0] : -1;
    }

    public boolean contains(int port) {
        return Ranges.contains(ranges, port);
    }

    /** The group as inclusive ranges {@code [lo0, hi0, lo1, hi1...]}. */
    public int[] ranges() {
        int[] r = new int[ranges.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (int) ranges[k];
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortGroup g && g.text.equals(text) && Arrays.equals(g.ranges, ranges);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        return text;
    }
}
