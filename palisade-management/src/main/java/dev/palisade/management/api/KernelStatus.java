package dev.palisade.management.api;

import java.util.Map;

/**
 * What the kernel says about the traffic while the gateway runs live ({@code --live}): packets per
 * deciding stage as the kernel's rule counters count them since the last ruleset load (the
 * stage keys of the engine, plus {@code fast-path} for packets of connections the procedure had
 * already admitted), and the inspection queues' figures. The engine's counters then only cover
 * what the inspector saw, so the Status section shows both.
 *
 * @param packetsByStage packets per stage key ({@code custom-allow}, {@code fast-path}, ...), non-zero entries only
 * @param queued packets handed to the inspector through the queues
 * @param queueDropped packets the kernel dropped (fail-closed) or let through (fail-open) because a queue was full
 * @param userDropped packets the kernel could not hand to the inspector's socket
 */
public record KernelStatus(Map<String, Long> packetsByStage, long queued, long queueDropped, long userDropped) {

    public KernelStatus {
        packetsByStage = Map.copyOf(packetsByStage);
    }
}
