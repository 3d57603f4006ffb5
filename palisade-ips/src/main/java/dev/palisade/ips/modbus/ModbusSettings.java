package dev.palisade.ips.modbus;

/**
 * Limits of the Modbus engine. Immutable.
 *
 * @param requestFloodThreshold   unanswered requests of one connection at which {@link ModbusEvent#FLOODED}
 *                                is raised (Suricata's {@code request-flood}, default 500); 0 turns it off
 * @param maxPendingPerFlow       requests kept per connection while they wait for their response (1-4096);
 *                                when full, the oldest is completed unanswered to make room
 * @param midstreamGraceResponses responses without a request that a connection picked up midstream may send
 *                                before {@link ModbusEvent#UNSOLICITED_RESPONSE} counts (the grace period
 *                                also ends at the first response that matches a request)
 */
public record ModbusSettings(int requestFloodThreshold, int maxPendingPerFlow, int midstreamGraceResponses) {

    /** Suricata's flood threshold, 64 waiting requests per connection, a grace of 16 responses. */
    public static final ModbusSettings DEFAULTS = new ModbusSettings(500, 64, 16);

    /** Checks the bounds. */
    public ModbusSettings {
        if (requestFloodThreshold < 0) {
            throw new IllegalArgumentException("requestFloodThreshold must be >= 0, got " + requestFloodThreshold);
        }
        if (maxPendingPerFlow < 1 || maxPendingPerFlow > 4096) {
            throw new IllegalArgumentException("maxPendingPerFlow must be 1-4096, got " + maxPendingPerFlow);
        }
        if (midstreamGraceResponses < 0) {
            throw new IllegalArgumentException("midstreamGraceResponses must be >= 0, got " + midstreamGraceResponses);
        }
    }

    /** These settings with another flood threshold (0 = off). */
    public ModbusSettings withRequestFloodThreshold(int threshold) {
        return new ModbusSettings(threshold, maxPendingPerFlow, midstreamGraceResponses);
    }
}
