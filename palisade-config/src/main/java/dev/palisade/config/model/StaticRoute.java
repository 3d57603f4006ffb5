package dev.palisade.config.model;

import java.util.Optional;

/**
 * One route of {@code NETWORK.ROUTING_TABLE.routes}. Only routes whose action is not
 * {@link Action#DELETE} are applied. A {@code no action} entry without addresses (the system
 * reporting a route) is left out of the model; every route here has a destination and a gateway.
 */
public record StaticRoute(
        Action action,
        Ipv4Prefix destination,
        Ipv4Address gateway,
        Optional<String> state,
        Optional<String> type,
        Optional<String> error) {

    /** {@code action}: {@code add}, {@code delete} or {@code no action}. */
    public enum Action {
        ADD("add"),
        DELETE("delete"),
        NO_ACTION("no action");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
