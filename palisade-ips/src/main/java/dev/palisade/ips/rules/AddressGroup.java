package dev.palisade.ips.rules;

import java.util.Arrays;

/**
 * The source or destination address group of a rule header, evaluated once into a sorted set of
 * IPv4 ranges: lists, negations and variables are already resolved, so {@link #contains(int)} is a
 * binary search. IPv6 literals are accepted and remembered ({@link #namesIpv6()}) but never match:
 * the gateway drops IPv6 traffic.
 */
public final class AddressGroup {

    private static final long[] ALL = Ranges.of(0, 0xFFFF_FFFFL);

    private final String text;
    private final long[] ranges;
    /** Asked for every rule on every packet: compared once. */
    private final boolean any;
    private final boolean ipv6;

    AddressGroup(String text, long[] ranges, boolean ipv6) {
        this.text = text;
        this.ranges = ranges;
        this.ipv6 = ipv6;
        this.any = Arrays.equals(ranges, ALL);
    }

    /**
     * Parses a group as written in a rule header.
     *
     * @throws IllegalArgumentException with the reason when the text is not a valid group
     */
    public static AddressGroup parse(String text, RuleVariables variables) {
        try {
            GroupParser.Result r = GroupParser.parse(GroupParser.Kind.ADDRESS, text, variables);
            return new AddressGroup(text, r.ranges(), r.ipv6());
        } catch (RuleSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage() + " (at offset " + e.offset + ")", e);
        }
    }

    /** The group as written, e.g. "$HOME_NET" or "[10.0.0.0/8,!10.1.2.3]". */
    public String text() {
        return text;
    }

    /** Whether every IPv4 address is in the group (the matcher can skip the test). */
    public boolean isAny() {
        return any;
    }

    /** Whether the group holds no IPv4 address at all. */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** Whether the group names IPv6 addresses (which never match). */
    public boolean namesIpv6() {
        return ipv6;
    }

    /** Whether the IPv4 address (as a 32-bit int, network order value) is in the group. */
    public boolean contains(int ipv4) {
        return Ranges.contains(ranges, Integer.toUnsignedLong(ipv4));
    }

    /** The group as inclusive ranges {@code [lo0, hi0, lo1, hi1...]} of unsigned 32-bit addresses. */
    public long[] ranges() {
        return ranges.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressGroup g && g.text.equals(text) && Arrays.equals(g.ranges, ranges) && g.ipv6 == ipv6;
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
