package dev.palisade.cli;

import dev.palisade.live.gateway.LiveGateway;
import dev.palisade.live.gateway.LiveGatewayException;
import dev.palisade.live.route.RouteState;
import dev.palisade.live.route.RouteStatus;
import dev.palisade.management.network.RouteStates;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Network pages' view of the routes the live data plane applied ({@code KernelRoutes} inside
 * {@link LiveGateway}): live once {@code palisade run --live} has started it, otherwise the routes
 * are reported as not applied (replay engine only). A reload applies the live gateway's
 * configuration again, which retries the routes that failed.
 */
final class LiveRouteStates implements RouteStates {

    private final Supplier<LiveGateway> gateway;

    /** @param gateway the running live gateway, or null while there is none */
    LiveRouteStates(Supplier<LiveGateway> gateway) {
        this.gateway = gateway;
    }

    @Override
    public boolean live() {
        return gateway.get() != null;
    }

    @Override
    public List<Report> states() {
        LiveGateway g = gateway.get();
        return g == null ? List.of() : g.routes().stream().map(LiveRouteStates::report).toList();
    }

    @Override
    public List<Report> reload() throws IOException {
        LiveGateway g = gateway.get();
        if (g == null) {
            return REPLAY_ONLY.reload();
        }
        try {
            return g.apply(g.config()).stream().map(LiveRouteStates::report).toList();
        } catch (LiveGatewayException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static Report report(RouteStatus status) {
        return new Report(status.route().destination(), status.route().gateway(),
                status.state() == RouteState.ACTIVE ? State.ACTIVE : State.FAILED, status.error());
    }
}
