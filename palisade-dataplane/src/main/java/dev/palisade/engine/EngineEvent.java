package dev.palisade.engine;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.StaticRoute;

/**
 * Something the engine tells the management plane, which records it in the audit log
 * (TrafficController events). Raised outside the packet path.
 */
public sealed interface EngineEvent {

    /** A configuration with different firewall rules, NAT rules or lists took effect. */
    record FirewallRulesChanged(int generation) implements EngineEvent {
    }

    /**
     * A connection was cut because it carried a blocked application protocol: client, server and
     * port as the client addressed them. Rate-limited; {@code suppressed} says how many cuts since
     * the previous event were not reported one by one.
     */
    record ConnectionCut(int client, int server, int serverPort, AppProtocol protocol, long suppressed) implements EngineEvent {
    }

    /** A static route could not be applied; the reason says why. */
    record RouteNotApplied(StaticRoute route, String reason) implements EngineEvent {
    }
}
