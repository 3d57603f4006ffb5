package dev.palisade.management.api;

import dev.palisade.engine.EngineCounters;

/**
 * The read-only view of the running engine the Status section needs. The runner passes
 * {@code engine::counters}.
 */
@FunctionalInterface
public interface EngineStatus {

    EngineCounters counters();
}
