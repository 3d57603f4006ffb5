package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine reports firewall changes and routes it could not apply, for the audit log. */
class EngineEventsTest {

    @Test
    void firewallChangesAreReportedOnlyWhenTheFilterChanges() {
        EngineHarness h = new EngineHarness(TestConfigs.router().build());
        List<EngineEvent> events = new ArrayList<>();
        h.engine.setEventListener(events::add);
        h.engine.apply(TestConfigs.router().build());
        assertThat(events).isEmpty();
        h.engine.apply(TestConfigs.router().rule("accept", "In", "tcp", null, null, null, "80").build());
        assertThat(events).singleElement().isInstanceOf(EngineEvent.FirewallRulesChanged.class);
    }

    @Test
    void unreachableRouteGatewaysAreReported() {
        EngineHarness h = new EngineHarness(TestConfigs.router().build());
        List<EngineEvent> events = new ArrayList<>();
        h.engine.setEventListener(events::add);
        h.engine.apply(TestConfigs.router().route("10.0.0.0/8", "172.16.0.1").build());
        assertThat(events).singleElement().isInstanceOfSatisfying(EngineEvent.RouteNotApplied.class,
                e -> assertThat(e.reason()).contains("172.16.0.1"));
    }
}
