package dev.palisade.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.routing.RoutingTable.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Longest-prefix match over every prefix length, in unsigned address order. */
class RoutingTableTest {

    private static int ip(String dotted) {
        return Ipv4Address.parse(dotted).value();
    }

    private static Route route(String cidr, String nextHop, Interface egress) {
        String[] parts = cidr.split("/");
        return new Route(new Ipv4Prefix(ip(parts[0]), Integer.parseInt(parts[1])), nextHop == null ? 0 : ip(nextHop), egress);
    }

    static IntStream lengths() {
        return IntStream.rangeClosed(0, 32);
    }

    /**
     * One route of every length 0..{@code longest} containing the same address, each with its
     * length as next hop, listed in random order: a lookup of an address sharing exactly k
     * leading bits with it must pick the route of length min(k, longest).
     */
    @ParameterizedTest(name = "routes of length 0..{0}")
    @MethodSource("lengths")
    void longestPrefixWinsAtEveryLength(int longest) {
        SplittableRandom r = new SplittableRandom(longest);
        for (int trial = 0; trial < 20; trial++) {
            // Half the addresses at or above 128.0.0.0, where a signed comparison would misorder them.
            int base = trial % 2 == 0 ? r.nextInt() | Integer.MIN_VALUE : r.nextInt() & Integer.MAX_VALUE;
            List<Route> routes = new ArrayList<>();
            for (int len = 0; len <= longest; len++) {
                routes.add(new Route(Ipv4Prefix.containing(base, len), 1000 + len, len % 2 == 0 ? Interface.WAN : Interface.LAN));
                // A sibling at the same length that does not contain base, to fill the search arrays.
                if (len > 0) {
                    int sibling = base ^ (1 << (32 - len));
                    routes.add(new Route(Ipv4Prefix.containing(sibling, len), 5000 + len, Interface.LAN));
                }
            }
            Collections.shuffle(routes, new java.util.Random(r.nextLong()));
            RoutingTable table = new RoutingTable(routes);
            assertThat(RoutingTable.nextHopOf(table.lookup(base))).isEqualTo(1000 + longest);
            for (int k = 0; k < 32; k++) {
                // Flip bit k (from the most significant): the address shares exactly k leading bits with base.
                int probe = base ^ (1 << (31 - k));
                long result = table.lookup(probe);
                // Below the longest route, the sibling of length k+1 contains probe and is longer
                // than every other route that does; from there on, base's longest route wins.
                int expected = k < longest ? 5000 + k + 1 : 1000 + longest;
                assertThat(RoutingTable.nextHopOf(result)).as("bit %d", k).isEqualTo(expected);
                Interface egress = k < longest ? Interface.LAN : longest % 2 == 0 ? Interface.WAN : Interface.LAN;
                assertThat(RoutingTable.egressOf(result)).as("bit %d", k).isEqualTo(egress);
            }
        }
    }

    @Test
    void unsignedOrderingAcrossTheWholeSpace() {
        List<Route> routes = new ArrayList<>();
        String[] nets = {"0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "128.0.0.0/8", "129.0.0.0/8", "192.0.0.0/8",
            "200.0.0.0/8", "254.0.0.0/8", "255.0.0.0/8"};
        for (int i = 0; i < nets.length; i++) {
            routes.add(route(nets[i], "10.9.9." + (i + 1), Interface.WAN));
        }
        RoutingTable table = new RoutingTable(routes);
        for (int i = 0; i < nets.length; i++) {
            int inside = ip(nets[i].split("/")[0]) | 0x00123456;
            assertThat(Ipv4Address.format(RoutingTable.nextHopOf(table.lookup(inside)))).as(nets[i]).isEqualTo("10.9.9." + (i + 1));
        }
        assertThat(table.lookup(ip("11.1.1.1"))).isEqualTo(RoutingTable.NO_ROUTE);
        assertThat(table.lookup(ip("253.1.1.1"))).isEqualTo(RoutingTable.NO_ROUTE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.168.1.1", "192.168.1.0", "192.168.1.255", "192.168.1.77"})
    void connectedRoutesReturnTheDestinationAsNextHop(String destination) {
        RoutingTable table = new RoutingTable(List.of(
                route("192.168.1.0/24", null, Interface.LAN),
                route("0.0.0.0/0", "198.51.100.1", Interface.WAN)));
        long result = table.lookup(ip(destination));
        assertThat(RoutingTable.egressOf(result)).isEqualTo(Interface.LAN);
        assertThat(RoutingTable.nextHopOf(result)).isEqualTo(ip(destination));
    }

    @Test
    void connectedHostsAboveTheSignBitKeepTheirAddress() {
        // A connected network in the upper half: the destination is or-ed into the low 32 bits only.
        RoutingTable table = new RoutingTable(List.of(route("203.0.113.0/24", null, Interface.WAN)));
        long result = table.lookup(ip("203.0.113.200"));
        assertThat(RoutingTable.egressOf(result)).isEqualTo(Interface.WAN);
        assertThat(Ipv4Address.format(RoutingTable.nextHopOf(result))).isEqualTo("203.0.113.200");
    }

    @Test
    void firstOfDuplicateRoutesWins() {
        // Connected networks are listed before static routes, so they take precedence.
        RoutingTable table = new RoutingTable(List.of(
                route("10.1.0.0/16", null, Interface.LAN),
                route("10.1.0.0/16", "198.51.100.9", Interface.WAN),
                route("10.1.0.0/16", "198.51.100.10", Interface.WAN)));
        long result = table.lookup(ip("10.1.2.3"));
        assertThat(RoutingTable.egressOf(result)).isEqualTo(Interface.LAN);
        assertThat(Ipv4Address.format(RoutingTable.nextHopOf(result))).isEqualTo("10.1.2.3");
        assertThat(table.routes()).hasSize(3);
    }

    @Test
    void noRoute() {
        assertThat(new RoutingTable(List.of()).lookup(ip("8.8.8.8"))).isEqualTo(RoutingTable.NO_ROUTE);
        RoutingTable table = new RoutingTable(List.of(route("192.168.1.0/24", null, Interface.LAN),
                route("255.255.255.255/32", "192.168.1.2", Interface.LAN)));
        assertThat(table.lookup(ip("192.168.2.1"))).isEqualTo(RoutingTable.NO_ROUTE);
        assertThat(table.lookup(ip("255.255.255.254"))).isEqualTo(RoutingTable.NO_ROUTE);
        assertThat(RoutingTable.nextHopOf(table.lookup(-1))).isEqualTo(ip("192.168.1.2"));
    }

    @Test
    void defaultRouteCatchesEverything() {
        RoutingTable table = new RoutingTable(List.of(route("0.0.0.0/0", "198.51.100.1", Interface.WAN)));
        for (int a : new int[] {0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1}) {
            long result = table.lookup(a);
            assertThat(RoutingTable.egressOf(result)).isEqualTo(Interface.WAN);
            assertThat(RoutingTable.nextHopOf(result)).isEqualTo(ip("198.51.100.1"));
        }
    }
}
