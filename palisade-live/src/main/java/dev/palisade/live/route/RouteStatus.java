package dev.palisade.live.route;

import dev.palisade.config.model.StaticRoute;
import java.util.Optional;

/**
 * What became of one configured route: active in the kernel, or failed with the reason (the
 * document's {@code state} and {@code error} keys).
 *
 * @param route the configured route
 * @param state active or failed
 * @param error why it failed, empty when active
 */
public record RouteStatus(StaticRoute route, RouteState state, Optional<String> error) {

    public static RouteStatus active(StaticRoute route) {
        return new RouteStatus(route, RouteState.ACTIVE, Optional.empty());
    }

    public static RouteStatus failed(StaticRoute route, String reason) {
        return new RouteStatus(route, RouteState.FAILED, Optional.of(reason));
    }
}
