package dev.palisade.config.model;

/**
 * {@code NETWORK.CARP}: the failover cluster settings. When the cluster is enabled, {@code ip} is a
 * host of the LAN subnet and {@code mask} a netmask; when it is disabled, blank addresses in the
 * document are {@link Ipv4Address#ANY} here.
 */
public record CarpConfig(boolean enabled, int advskew, String clusterId, Ipv4Address ip, Ipv4Address mask) {
}
