package dev.palisade.management.history;

import dev.palisade.config.ConfigDocument;

/**
 * What runs on the configuration: the management service hands it each new valid document. The
 * runner implements it by calling {@code TrafficEngine.apply(document.config())}, which swaps the
 * engine's policy at once, so the engine never sees a half-applied configuration. An exception
 * means the document was not applied; the history then keeps the previous one as current.
 */
@FunctionalInterface
public interface ConfigurationTarget {

    void apply(ConfigDocument document) throws Exception;
}
