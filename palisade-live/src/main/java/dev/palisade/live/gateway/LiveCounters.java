package dev.palisade.live.gateway;

import dev.palisade.engine.EngineCounters;
import dev.palisade.live.nfqueue.QueueCounters;
import dev.palisade.live.nft.RuleCounters;
import java.util.List;

/**
 * One reading of the live gateway's counters: the kernel's per-rule counters (by comment and
 * stage, since the last ruleset load), the queue consumers' counters summed over all queues, the
 * kernel's drops at the queues (packets that found the queue full, {@code queue_dropped}, and
 * packets the kernel could not deliver to the consumer's socket, {@code user_dropped}) and each
 * inspector's engine counters.
 *
 * @param kernel counters of every rule of Palisade's table
 * @param queues the consumers' counters, summed over the queues
 * @param queueDropped packets the kernel dropped (or, fail-open, let through) because a queue was full
 * @param userDropped packets the kernel could not hand to a consumer's socket
 * @param engines each queue's engine counters (snapshots read from another thread: approximate)
 */
public record LiveCounters(RuleCounters kernel, QueueCounters queues, long queueDropped, long userDropped,
                           List<EngineCounters> engines) {

    public LiveCounters {
        engines = List.copyOf(engines);
    }

    /** Packets counted by the kernel rule with this comment ({@code custom-deny:3}, {@code queue:settled}, ...). */
    public long kernelPackets(String comment) {
        return kernel.packets(comment);
    }

    /** Flows the engines blocked for their application protocol, over all queues. */
    public long appProtocolsBlocked() {
        return engines.stream().mapToLong(e -> e.appProtocolsBlocked().values().stream().mapToLong(Long::longValue).sum()).sum();
    }
}
