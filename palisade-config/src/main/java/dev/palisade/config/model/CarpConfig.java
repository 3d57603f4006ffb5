package dev.palisade.config.model;

/** {@code NETWORK.CARP}: the failover cluster settings. */
public record CarpConfig(boolean enabled, int advskew, String clusterId, Ipv4Address ip, Ipv4Address mask) {
}
