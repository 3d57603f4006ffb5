package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.config.model.WanConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Binds {@code NETWORK.ROUTING_TABLE.routes}. Routes that will be applied ({@code add} and
 * {@code no action}) must make sense together with the interfaces: one default route at most (the
 * WAN default gateway is the first), no loopback destination, a reachable gateway. Routes to be
 * deleted are checked for format only.
 */
final class RoutesBinder {

    private static final Set<String> ROUTE_KEYS = Set.of("action", "ipaddr", "mask", "gateway", "state", "type", "error");
    private static final List<String> ACTIONS = List.of("add", "delete", "no action");

    private RoutesBinder() {
    }

    /** @param lan the bound LAN or null, @param wan the bound WAN or null (checks needing them are skipped) */
    static List<StaticRoute> routes(Fields table, LanConfig lan, WanConfig wan) {
        table.warnUnknown(Set.of("routes"));
        List<StaticRoute> routes = new ArrayList<>();
        table.array("routes", true).ifPresent(elements -> {
            String firstDefault = wan != null && wan.defaultGateway().isPresent()
                    ? "the WAN default gateway (NETWORK.WAN.DefaultGateway)" : null;
            Map<Ipv4Prefix, Integer> destinations = new HashMap<>();
            for (Fields.Element element : elements) {
                Optional<Fields> fields = element.object(table.problems());
                if (fields.isEmpty()) {
                    continue;
                }
                StaticRoute route = route(fields.get(), lan, wan);
                if (route == null) {
                    continue;
                }
                if (route.action() != StaticRoute.Action.DELETE) {
                    Ipv4Prefix destination = route.destination();
                    if (destination.isAny()) {
                        if (firstDefault != null) {
                            fields.get().error("ipaddr", "a second default route 0.0.0.0/0 is not allowed; "
                                    + firstDefault + " is the first");
                            continue;
                        }
                        firstDefault = "routes[" + element.index() + "]";
                    }
                    Integer previous = destinations.putIfAbsent(destination, element.index());
                    if (previous != null && !destination.isAny()) {
                        fields.get().error("ipaddr", "routes[" + previous + "] already routes " + destination);
                        continue;
                    }
                }
                routes.add(route);
            }
        });
        return routes;
    }

    private static StaticRoute route(Fields route, LanConfig lan, WanConfig wan) {
        route.refuseMisspelt(ROUTE_KEYS);
        int before = route.problems().errorCount();
        Optional<String> actionKey = route.choice("action", true, ACTIONS);
        Optional<String> state = route.choice("state", false, List.of("failed", "active", "pending"));
        Optional<String> type = route.choice("type", false, List.of("static", "dynamic"));
        Optional<String> error = route.string("error", false);
        StaticRoute.Action action = actionKey.map(RoutesBinder::action).orElse(null);
        // A "no action" entry may merely report a route the system holds; without its addresses
        // there is nothing to apply, so it is kept in the document and left out of the model.
        boolean informational = action == StaticRoute.Action.NO_ACTION && Addresses.blank(route, "ipaddr")
                && Addresses.blank(route, "mask") && Addresses.blank(route, "gateway");
        if (informational) {
            return null;
        }
        Optional<Ipv4Address> ipaddr = Addresses.address(route, "ipaddr", true);
        OptionalInt length = Addresses.netmask(route, "mask", true);
        Optional<Ipv4Address> gateway = Addresses.hostAddress(route, "gateway", true);
        Ipv4Prefix destination = null;
        if (ipaddr.isPresent() && length.isPresent()) {
            int bits = length.getAsInt();
            if ((ipaddr.get().value() & ~Ipv4Prefix.maskOf(bits)) != 0) {
                route.error("ipaddr", ipaddr.get() + " has bits set outside the mask; the network is "
                        + Ipv4Prefix.containing(ipaddr.get().value(), bits));
            } else {
                destination = new Ipv4Prefix(ipaddr.get().value(), bits);
            }
        }
        if (action != null && action != StaticRoute.Action.DELETE) {
            if (destination != null && !destination.isAny() && ipaddr.get().firstOctet() == 127) {
                route.error("ipaddr", "destinations in 127.0.0.0/8 (loopback) are not allowed");
            }
            gateway.ifPresent(g -> checkReachable(route, g, lan, wan));
        }
        if (route.problems().errorCount() != before) {
            return null;
        }
        return new StaticRoute(action, destination, gateway.get(), state, type, error);
    }

    private static void checkReachable(Fields route, Ipv4Address gateway, LanConfig lan, WanConfig wan) {
        if (lan == null || wan == null) {
            return;
        }
        if (gateway.equals(lan.address()) || wan.address().filter(gateway::equals).isPresent()) {
            route.error("gateway", gateway + " is the gateway's own address");
            return;
        }
        boolean onLan = Addresses.isHostOf(lan.subnet(), gateway);
        boolean onWan = wan.subnet().filter(net -> Addresses.isHostOf(net, gateway)).isPresent();
        if (!onLan && !onWan) {
            route.error("gateway", gateway + " is not reachable: it must be a host of the LAN subnet " + lan.subnet()
                    + wan.subnet().map(net -> " or of the WAN subnet " + net).orElse(" (the WAN has no address)"));
        }
    }

    private static StaticRoute.Action action(String key) {
        return switch (key) {
            case "add" -> StaticRoute.Action.ADD;
            case "delete" -> StaticRoute.Action.DELETE;
            default -> StaticRoute.Action.NO_ACTION;
        };
    }
}
