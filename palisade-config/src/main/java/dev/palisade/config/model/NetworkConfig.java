package dev.palisade.config.model;

import java.util.List;
import java.util.Set;

/** {@code NETWORK}: interfaces, NAT, firewall rules, IPS lists, protocol filtering, routes, cluster. */
public record NetworkConfig(
        LanConfig lan,
        WanConfig wan,
        boolean masquerading,
        List<PortForwardRule> portForwards,
        List<FirewallRule> firewallRules,
        IdsProxyConfig idsProxy,
        Set<AppProtocol> filteredProtocols,
        List<StaticRoute> routes,
        CarpConfig carp) {

    public NetworkConfig {
        portForwards = List.copyOf(portForwards);
        firewallRules = List.copyOf(firewallRules);
        filteredProtocols = Set.copyOf(filteredProtocols);
        routes = List.copyOf(routes);
    }
}
