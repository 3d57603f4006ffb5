package dev.palisade.engine;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.packet.Malformation;
import dev.palisade.policy.Stage;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of the engine's counters: packets, decisions per stage, hits per firewall and
 * port-forwarding rule, malformed frames per reason, the state of the connection table and
 * fragment reassembly, application protocols detected and blocked (flows), the flows left
 * undecided at the detection bound or not inspected because every inspection slot was busy, and
 * the ICMP errors the gateway sent (time exceeded, fragmentation needed).
 */
public record EngineCounters(
        long packets,
        Map<Stage, Long> byStage,
        long[] firewallRuleHits,
        long[] portForwardRuleHits,
        Map<Malformation, Long> malformed,
        int connections,
        long connectionEvictions,
        long connectionExpirations,
        long connectionInsertFailures,
        long fragmentsReassembled,
        long fragmentOverlaps,
        long fragmentTimeouts,
        long fragmentLimitDrops,
        long tcpInvalid,
        long unknownNeighbors,
        Map<AppProtocol, Long> appProtocolsDetected,
        Map<AppProtocol, Long> appProtocolsBlocked,
        long appProtocolUndecided,
        long appProtocolUninspected,
        long icmpErrorsSent) {

    public EngineCounters {
        byStage = Map.copyOf(new EnumMap<>(byStage));
        firewallRuleHits = firewallRuleHits.clone();
        portForwardRuleHits = portForwardRuleHits.clone();
        malformed = Map.copyOf(malformed);
        appProtocolsDetected = Map.copyOf(appProtocolsDetected);
        appProtocolsBlocked = Map.copyOf(appProtocolsBlocked);
    }

    public long stage(Stage stage) {
        return byStage.getOrDefault(stage, 0L);
    }

    @Override
    public long[] firewallRuleHits() {
        return firewallRuleHits.clone();
    }

    @Override
    public long[] portForwardRuleHits() {
        return portForwardRuleHits.clone();
    }
}
