package dev.palisade.engine;

import dev.palisade.config.model.StaticRoute;

/**
 * Something the engine tells the management plane, which records it in the audit log
 * (TrafficController events). Raised outside the packet path.
 */
public sealed interface EngineEvent {

    /** A configuration with different firewall rules, NAT rules or lists took effect. */
    record FirewallRulesChanged(int generation) implements EngineEvent {
    }

    /** A static route could not be applied; the reason says why. */
    record RouteNotApplied(StaticRoute route, String reason) implements EngineEvent {
    }
}
