package dev.palisade.notify;

/**
 * A destination's delivery state at one moment, for the status page and tests.
 *
 * @param destination    its name
 * @param connected      whether a connection is up
 * @param pending        records waiting in its queue (including sent but not yet confirmed)
 * @param delivered      records confirmed delivered since start
 * @param dropped        records its full queue refused since start
 * @param corruptRegions damaged stretches found in its queue files at start
 * @param lastError      the last delivery error (no secrets), or empty
 */
public record DestinationStatus(String destination, boolean connected, int pending, long delivered, long dropped,
        int corruptRegions, String lastError) {
}
