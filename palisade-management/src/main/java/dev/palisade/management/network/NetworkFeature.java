package dev.palisade.management.network;

import dev.palisade.management.Feature;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import java.util.List;

/**
 * The Network section (administrator only): API operations under {@code /api/network}, pages under
 * {@code /network} (LAN, WAN, routing, filtering, port forwarding, Network Protector lists; the
 * firewall rules stay on the core pages and are linked from the section's tabs). The runner passes
 * the {@link RouteStates} of its data plane, or {@link RouteStates#REPLAY_ONLY}, and the
 * {@link BlockedSources} its engines report blocks to.
 */
public final class NetworkFeature implements Feature {

    private final RouteStates routeStates;
    private final BlockedSources blocked;

    public NetworkFeature(RouteStates routeStates) {
        this(routeStates, null);
    }

    /** With {@code blocked}: the sources the Network Protector blocks are written into the denylist through this area. */
    public NetworkFeature(RouteStates routeStates, BlockedSources blocked) {
        this.routeStates = routeStates;
        this.blocked = blocked;
    }

    @Override
    public List<Route> api(FeatureContext context) {
        NetworkApi api = new NetworkApi(context, routeStates);
        if (blocked != null) {
            blocked.attach(api::persistBlocked);
        }
        return api.routes();
    }

    @Override
    public List<Route> pages(Pages pages) {
        return new NetworkPages(pages).routes();
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("/network", "network.nav", Section.NETWORK, 600));
    }
}
