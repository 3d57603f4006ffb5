package dev.palisade.config.model;

import java.util.Optional;

/**
 * {@code NETWORK.WAN}: the external interface. With DHCP on, the address, subnet and gateway are
 * those of the last lease when the document holds them, and empty otherwise.
 */
public record WanConfig(
        boolean dhcp,
        Optional<Ipv4Address> address,
        Optional<Ipv4Prefix> subnet,
        Optional<Ipv4Address> defaultGateway,
        Optional<Ipv4Address> firstDnsAddress,
        Optional<Ipv4Address> secondDnsAddress,
        Optional<String> mac) {
}
