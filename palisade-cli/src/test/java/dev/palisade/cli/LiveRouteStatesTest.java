package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.live.route.RouteStatus;
import dev.palisade.management.network.RouteStates;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The runner's route states: without a live gateway they say so and a reload is refused; the live
 * data plane's statuses become the API's reports unchanged (the live gateway itself, which needs
 * interfaces, is tested in palisade-live).
 */
class LiveRouteStatesTest {

    static final StaticRoute ROUTE = new StaticRoute(StaticRoute.Action.ADD, new Ipv4Prefix(Ipv4Address.parse("10.1.0.0").value(), 16),
            Ipv4Address.parse("192.168.1.254"), Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void withoutALiveGatewayTheRoutesAreNotApplied() {
        LiveRouteStates states = new LiveRouteStates(() -> null);
        assertThat(states.live()).isFalse();
        assertThat(states.states()).isEmpty();
        assertThatThrownBy(states::reload).isInstanceOf(IOException.class).hasMessageContaining(RouteStates.NOT_LIVE);
    }

    @Test
    void liveStatusesKeepDestinationGatewayStateAndReason() {
        RouteStates.Report active = LiveRouteStates.report(RouteStatus.active(ROUTE));
        assertThat(active).isEqualTo(new RouteStates.Report(ROUTE.destination(), ROUTE.gateway(), RouteStates.State.ACTIVE, Optional.empty()));
        RouteStates.Report failed = LiveRouteStates.report(RouteStatus.failed(ROUTE, "the host already has a route to 10.1.0.0/16"));
        assertThat(failed.state()).isEqualTo(RouteStates.State.FAILED);
        assertThat(failed.reason()).contains("the host already has a route to 10.1.0.0/16");
    }
}
