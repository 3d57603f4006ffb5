package dev.palisade.management.network;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What became of the configured static routes in the system, as the data plane that applies them
 * reports it: the runner implements this over the live data plane's route application (palisade-live
 * {@code KernelRoutes}); without a live data plane the routes are only in the replay engine's model and
 * {@link #REPLAY_ONLY} says so. Implementations must be safe to call from any request thread.
 */
public interface RouteStates {

    /** The reason shown for every route when no data plane applies routes to the system. */
    String NOT_LIVE = "not applied (replay engine only)";

    /** A route's state in the system. */
    enum State {
        /** In the system's routing table. */
        ACTIVE,
        /** Not applied; the report carries the reason. */
        FAILED
    }

    /** One applied route: its destination and gateway (how the API finds its entry), its state and why it failed. */
    record Report(Ipv4Prefix destination, Ipv4Address gateway, State state, Optional<String> reason) {
    }

    /** Whether a data plane applies the routes to the system at all. */
    boolean live();

    /** The state of each route the data plane applied last, in configuration order. */
    List<Report> states();

    /** Applies the routes of the configuration in force again (failed ones are retried) and returns the new states. */
    List<Report> reload() throws IOException;

    /** No data plane applies routes: the runner without {@code --live}, and the tests. */
    RouteStates REPLAY_ONLY = new RouteStates() {
        @Override
        public boolean live() {
            return false;
        }

        @Override
        public List<Report> states() {
            return List.of();
        }

        @Override
        public List<Report> reload() throws IOException {
            throw new IOException("no live data plane applies routes (" + NOT_LIVE + "); start the gateway with --live");
        }
    };
}
