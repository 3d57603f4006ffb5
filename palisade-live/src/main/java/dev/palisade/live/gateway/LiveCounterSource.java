package dev.palisade.live.gateway;

/**
 * The narrow read side of a live gateway, for whoever shows counters (web interface, API,
 * benchmark) and must not be able to change the data plane.
 */
@FunctionalInterface
public interface LiveCounterSource {

    /** A fresh reading; runs {@code nft -j list table} and reads the queue status, so not for a hot loop. */
    LiveCounters counters();
}
