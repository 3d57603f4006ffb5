package dev.palisade.engine;

import dev.palisade.conntrack.Timeouts;

/**
 * Sizing and behaviour of a {@link TrafficEngine} that are not part of the gateway's
 * configuration document.
 *
 * @param connectionCapacity connections tracked at most; beyond, the least valuable is evicted
 * @param timeouts idle timeouts of tracked connections
 * @param verifyTransportChecksums refuse TCP/UDP/ICMP packets with wrong checksums
 * @param fragmentDatagrams datagrams under reassembly at most
 * @param fragmentBytes bytes buffered for reassembly at most, over all datagrams
 * @param fragmentTimeoutNanos how long an incomplete datagram waits for its missing fragments
 * @param mtu largest IP packet sent on an interface; larger reassembled datagrams are fragmented again
 * @param inspectApplicationProtocols follow transit TCP flows to detect their application
 *     protocol (needed for application-protocol filtering; off only to measure its cost)
 */
public record EngineOptions(
        int connectionCapacity,
        Timeouts timeouts,
        boolean verifyTransportChecksums,
        int fragmentDatagrams,
        int fragmentBytes,
        long fragmentTimeoutNanos,
        int mtu,
        boolean inspectApplicationProtocols) {

    public static EngineOptions defaults() {
        // 64 datagrams of up to 64 KiB: reassembly buffers never exceed the 4 MiB byte budget.
        return new EngineOptions(262_144, Timeouts.defaults(), true, 64, 4 << 20, 30_000_000_000L, 1500, true);
    }

    public EngineOptions withConnectionCapacity(int capacity) {
        return new EngineOptions(capacity, timeouts, verifyTransportChecksums, fragmentDatagrams, fragmentBytes, fragmentTimeoutNanos, mtu,
                inspectApplicationProtocols);
    }

    public EngineOptions withVerifyTransportChecksums(boolean verify) {
        return new EngineOptions(connectionCapacity, timeouts, verify, fragmentDatagrams, fragmentBytes, fragmentTimeoutNanos, mtu,
                inspectApplicationProtocols);
    }

    public EngineOptions withApplicationProtocolInspection(boolean inspect) {
        return new EngineOptions(connectionCapacity, timeouts, verifyTransportChecksums, fragmentDatagrams, fragmentBytes,
                fragmentTimeoutNanos, mtu, inspect);
    }
}
