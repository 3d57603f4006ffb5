package dev.palisade.live.route;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.live.nft.CommandResult;
import dev.palisade.live.nft.HostCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the static routes of {@code NETWORK.ROUTING_TABLE} to the kernel with {@code ip route}
 * (an argument vector, never a shell) and keeps the kernel in step on every change.
 *
 * <p>Routes are those the engine applies ({@code add} and {@code no action}; {@code delete}
 * entries are not applied): each leaves by the interface whose subnet holds its gateway, or
 * fails with the engine's reason when neither does; the kernel's refusal (e.g. a route to that
 * prefix the host already has) is reported as the reason too. Palisade's routes carry the
 * routing protocol number {@link #PROTOCOL} ({@code proto 77}), so they are told apart from the
 * host's: a change removes only the routes Palisade added that are no longer wanted,
 * {@link #removeAll()} removes every route with that protocol (also leftovers of a run that
 * crashed), and the host's own routes are never replaced or removed. Calls are serialised.
 */
public final class KernelRoutes {

    /** Routing protocol number marking Palisade's routes (unassigned in iproute2's rt_protos). */
    public static final int PROTOCOL = 77;

    private final HostCommands commands;
    private final String lanInterface;
    private final String wanInterface;
    /** Routes Palisade has in the kernel: destination -> gateway and interface. */
    private final Map<Ipv4Prefix, Installed> installed = new LinkedHashMap<>();
    private List<RouteStatus> status = List.of();

    private record Installed(Ipv4Address gateway, String device) {
    }

    public KernelRoutes(HostCommands commands, String lanInterface, String wanInterface) {
        this.commands = commands;
        this.lanInterface = lanInterface;
        this.wanInterface = wanInterface;
    }

    /**
     * Makes the kernel hold exactly the configuration's routes (of those Palisade manages) and
     * returns the state of each applied route, in configuration order.
     */
    public synchronized List<RouteStatus> apply(GatewayConfig config) {
        NetworkConfig net = config.network();
        Map<Ipv4Prefix, Installed> wanted = new LinkedHashMap<>();
        Map<StaticRoute, String> failed = new LinkedHashMap<>();
        List<StaticRoute> applied = new ArrayList<>();
        for (StaticRoute r : net.routes()) {
            if (r.action() == StaticRoute.Action.DELETE) {
                continue;
            }
            applied.add(r);
            int gw = r.gateway().value();
            String device = net.lan().subnet().contains(gw) ? lanInterface
                    : net.wan().subnet().map(s -> s.contains(gw)).orElse(false) ? wanInterface : null;
            if (device == null) {
                failed.put(r, "gateway " + r.gateway() + " is not reachable on the LAN or WAN");
            } else {
                wanted.put(r.destination(), new Installed(r.gateway(), device));
            }
        }
        // Remove what is no longer wanted (or now goes elsewhere) before adding, so a changed
        // route does not collide with its old self.
        for (var it = installed.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(wanted.get(e.getKey()))) {
                delete(e.getKey(), e.getValue());
                it.remove();
            }
        }
        for (var e : wanted.entrySet()) {
            if (installed.containsKey(e.getKey())) {
                continue;
            }
            CommandResult r = commands.run(List.of("ip", "route", "add", e.getKey().toString(), "via", e.getValue().gateway().toString(),
                    "dev", e.getValue().device(), "proto", Integer.toString(PROTOCOL)));
            if (r.succeeded()) {
                installed.put(e.getKey(), e.getValue());
            } else {
                String reason = r.message().contains("File exists")
                        ? "the host already has a route to " + e.getKey()
                        : "the kernel refused the route: " + r.message();
                applied.stream().filter(s -> s.destination().equals(e.getKey())).findFirst().ifPresent(s -> failed.put(s, reason));
            }
        }
        List<RouteStatus> result = new ArrayList<>();
        for (StaticRoute r : applied) {
            String reason = failed.get(r);
            result.add(reason == null ? RouteStatus.active(r) : RouteStatus.failed(r, reason));
        }
        status = List.copyOf(result);
        return status;
    }

    /** The states reported by the last {@link #apply}. */
    public synchronized List<RouteStatus> status() {
        return status;
    }

    /** Removes every route Palisade added (protocol {@link #PROTOCOL}), including leftovers of an earlier run. */
    public synchronized void removeAll() {
        installed.clear();
        status = List.of();
        CommandResult r = commands.run(List.of("ip", "route", "flush", "proto", Integer.toString(PROTOCOL)));
        if (!r.succeeded()) {
            throw new dev.palisade.live.nft.KernelCommandException("removing Palisade's routes failed: " + r.message());
        }
    }

    private void delete(Ipv4Prefix destination, Installed route) {
        // Gone already (e.g. its interface went down) is fine: the goal is that it is not there.
        commands.run(List.of("ip", "route", "del", destination.toString(), "via", route.gateway().toString(),
                "dev", route.device(), "proto", Integer.toString(PROTOCOL)));
    }

    /** The interface a route leaves by, for tests and the status page. */
    Optional<String> deviceOf(Ipv4Prefix destination) {
        return Optional.ofNullable(installed.get(destination)).map(Installed::device);
    }
}
