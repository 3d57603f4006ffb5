package dev.palisade.config.model;

import java.util.Optional;

/** {@code NETWORK.LAN}: the gateway's internal interface and its DHCP server. */
public record LanConfig(
        Ipv4Address address,
        Ipv4Prefix subnet,
        boolean dhcpServer,
        Ipv4Address firstDhcpAddress,
        Ipv4Address lastDhcpAddress,
        Ipv4Address firstDnsServer,
        Ipv4Address secondDnsServer,
        Optional<String> mac) {
}
