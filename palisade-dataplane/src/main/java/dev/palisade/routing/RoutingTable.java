package dev.palisade.routing;

import dev.palisade.config.model.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable longest-prefix-match table. Routes are grouped by prefix length, each group a
 * sorted array of network addresses searched by binary search, from the longest length down: at
 * most 33 small searches whatever the number of routes, and no allocation per lookup.
 *
 * <p>A lookup yields a packed result: the egress {@link Interface} ordinal in the high bits and
 * the next hop address (the destination itself for connected networks) in the low 32 bits, or
 * {@link #NO_ROUTE}.
 */
public final class RoutingTable {

    public static final long NO_ROUTE = -1L;

    /** Interface.values() clones its array on every call; the packet path indexes this copy. */
    private static final Interface[] INTERFACES = Interface.values();

    /** One route as compiled: destination, next hop (0 = directly connected) and interface. */
    public record Route(Ipv4Prefix destination, int nextHop, Interface egress) {
    }

    private final int[] lengths;        // prefix lengths present, longest first
    private final int[][] networks;     // per length: sorted networks (sign-flipped for unsigned order)
    private final long[][] results;     // per length: packed results aligned with networks
    private final List<Route> routes;

    public RoutingTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        List<Integer> present = new ArrayList<>();
        for (int len = 32; len >= 0; len--) {
            final int l = len;
            if (routes.stream().anyMatch(r -> r.destination().length() == l)) {
                present.add(len);
            }
        }
        lengths = present.stream().mapToInt(Integer::intValue).toArray();
        networks = new int[lengths.length][];
        results = new long[lengths.length][];
        for (int g = 0; g < lengths.length; g++) {
            int len = lengths[g];
            // First route wins for duplicates: connected networks are listed before static routes.
            List<Route> group = new ArrayList<>();
            for (Route r : routes) {
                if (r.destination().length() == len
                        && group.stream().noneMatch(o -> o.destination().address() == r.destination().address())) {
                    group.add(r);
                }
            }
            group.sort((a, b) -> Integer.compareUnsigned(a.destination().address(), b.destination().address()));
            networks[g] = new int[group.size()];
            results[g] = new long[group.size()];
            for (int i = 0; i < group.size(); i++) {
                Route r = group.get(i);
                networks[g][i] = r.destination().address() ^ Integer.MIN_VALUE;
                results[g][i] = pack(r.egress(), r.nextHop());
            }
        }
    }

    private static long pack(Interface egress, int nextHop) {
        return (long) egress.ordinal() << 32 | (nextHop & 0xffffffffL);
    }

    /** Looks up {@code destination}; returns the packed result or {@link #NO_ROUTE}. */
    public long lookup(int destination) {
        for (int g = 0; g < lengths.length; g++) {
            int key = (destination & Ipv4Prefix.maskOf(lengths[g])) ^ Integer.MIN_VALUE;
            int i = Arrays.binarySearch(networks[g], key);
            if (i >= 0) {
                long r = results[g][i];
                if ((int) r == 0) {
                    return r | (destination & 0xffffffffL);
                }
                return r;
            }
        }
        return NO_ROUTE;
    }

    public static Interface egressOf(long result) {
        return INTERFACES[(int) (result >>> 32)];
    }

    public static int nextHopOf(long result) {
        return (int) result;
    }

    public List<Route> routes() {
        return routes;
    }
}
