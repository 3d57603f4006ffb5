package dev.palisade.management.api;

import dev.palisade.engine.EngineCounters;

/**
 * The read-only view of the running gateway the Status section and every page header need: the
 * engine's counters and the operating mode. The runner passes {@code engine::counters} and, once
 * the operating modes are established, the mode's name.
 */
@FunctionalInterface
public interface EngineStatus {

    EngineCounters counters();

    /**
     * The operating mode's name ("Normal mode", "Emergency support mode", ...), or empty when the
     * runner does not track operating modes (tests of the service alone).
     */
    default java.util.Optional<String> operatingMode() {
        return java.util.Optional.empty();
    }

    /**
     * The kernel's counters when the gateway enforces the policy live, or empty (no live data
     * plane, or it could not be read: the Status section then shows the engine's counters only).
     */
    default java.util.Optional<KernelStatus> kernel() {
        return java.util.Optional.empty();
    }
}
