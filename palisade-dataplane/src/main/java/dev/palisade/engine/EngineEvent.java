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

    /**
     * The IPS blocked a packet of {@code source} ({@code drop} or {@code reject} rule {@code sid},
     * message {@code signature}) and added the source to the run-time denylist, so that the rest
     * of its traffic stops at ip-denylist. The management plane persists the entry into the
     * configuration's {@code IDS_PROXY} denylist ({@link TrafficEngine#runtimeDenylist()}).
     */
    record SourceBlocked(int source, long sid, String signature, long epochSeconds) implements EngineEvent {
    }

    /**
     * The IPS blocked a packet of {@code source} but the denylist already holds {@code limit}
     * entries: the packet was dropped, the source was not added. Rate-limited; {@code suppressed}
     * says how many such sources since the previous event were not reported one by one.
     */
    record DenylistFull(int source, int limit, long suppressed) implements EngineEvent {
    }

    /**
     * The IPS could not start or load its rules ({@code reason}); transit traffic stays blocked at
     * ips-stopped. The service switches the Network Protector to emergency support mode.
     */
    record ProtectorFailed(String reason) implements EngineEvent {
    }
}
