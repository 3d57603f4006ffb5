package dev.palisade.config;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.CarpConfig;
import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.PortForwardRule;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.config.model.WanConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Binds the {@code NETWORK} object. The interfaces come first: several sections are checked against them. */
final class NetworkBinder {

    private static final Set<String> KEYS = Set.of("APP_PROTO", "CARP", "FIREWALL", "IDS_PROXY", "LAN", "NAPT",
            "NAT", "ROUTING_TABLE", "WAN");

    private NetworkBinder() {
    }

    /** The network section, or null when it has errors (they are reported). */
    static NetworkConfig bind(Fields network, boolean routerMode) {
        network.warnUnknown(KEYS);
        int before = network.problems().errorCount();
        LanConfig lan = network.object("LAN", true).map(InterfacesBinder::lan).orElse(null);
        Optional<Fields> wanFields = network.object("WAN", true);
        WanConfig wan = wanFields.map(InterfacesBinder::wan).orElse(null);
        wanFields.ifPresent(fields -> InterfacesBinder.checkDisjoint(fields, lan, wan));

        boolean masquerading = network.object("NAT", true).flatMap(nat -> {
            nat.warnUnknown(Set.of("masquerading"));
            return nat.bool("masquerading", true);
        }).orElse(false);
        List<PortForwardRule> forwards = network.object("NAPT", true)
                .map(napt -> PortForwardBinder.rules(napt, lan, routerMode)).orElse(List.of());
        List<FirewallRule> firewall = network.object("FIREWALL", true).map(FirewallBinder::rules).orElse(List.of());
        IdsProxyConfig ids = network.object("IDS_PROXY", true).map(IdsProxyBinder::bind).orElse(null);
        Set<AppProtocol> filtered = network.object("APP_PROTO", true).map(NetworkBinder::filteredProtocols)
                .orElse(Set.of());
        List<StaticRoute> routes = network.object("ROUTING_TABLE", true)
                .map(table -> RoutesBinder.routes(table, lan, wan)).orElse(List.of());
        CarpConfig carp = network.object("CARP", true).map(fields -> carp(fields, lan)).orElse(null);
        if (network.problems().errorCount() != before) {
            return null;
        }
        return new NetworkConfig(lan, wan, masquerading, forwards, firewall, ids, filtered, routes, carp);
    }

    private static Set<AppProtocol> filteredProtocols(Fields appProto) {
        appProto.warnUnknown(Set.of("filtered_protos"));
        Set<AppProtocol> filtered = EnumSet.noneOf(AppProtocol.class);
        appProto.object("filtered_protos", true).ifPresent(protos -> {
            Set<String> known = Stream.of(AppProtocol.values()).map(AppProtocol::key).collect(Collectors.toSet());
            for (String key : protos.keys()) {
                if (!known.contains(key)) {
                    protos.error(key, "unknown protocol; the known ones are "
                            + Fields.quoted(Stream.of(AppProtocol.values()).map(AppProtocol::key).toList()));
                }
            }
            for (AppProtocol protocol : AppProtocol.values()) {
                if (protos.bool(protocol.key(), true).orElse(false)) {
                    filtered.add(protocol);
                }
            }
        });
        return filtered;
    }

    private static CarpConfig carp(Fields carp, LanConfig lan) {
        carp.warnUnknown(Set.of("enabled", "advskew", "clusterId", "ip", "mask"));
        int before = carp.problems().errorCount();
        boolean enabled = carp.bool("enabled", true).orElse(false);
        OptionalLong advskew = carp.integer("advskew", true, 0, 254);
        Optional<String> clusterId = carp.string("clusterId", true, 255);
        Optional<Ipv4Address> ip = Addresses.hostAddress(carp, "ip", enabled);
        OptionalInt length = Addresses.netmask(carp, "mask", enabled);
        if (enabled) {
            if (clusterId.isPresent() && clusterId.get().isBlank()) {
                carp.error("clusterId", "required when the cluster is enabled; choose an identifier of your own");
            }
            if (ip.isPresent() && lan != null) {
                if (!Addresses.isHostOf(lan.subnet(), ip.get())) {
                    carp.error("ip", ip.get() + " is not a host address of the LAN subnet " + lan.subnet());
                } else if (ip.get().equals(lan.address())) {
                    carp.error("ip", "the cluster address must differ from the LAN address");
                } else if (lan.dhcpServer() && ip.get().compareTo(lan.firstDhcpAddress()) >= 0
                        && ip.get().compareTo(lan.lastDhcpAddress()) <= 0) {
                    carp.error("ip", ip.get() + " lies in the DHCP range, where it could be leased to a host");
                }
            }
        }
        if (carp.problems().errorCount() != before) {
            return null;
        }
        Ipv4Address mask = length.isPresent()
                ? new Ipv4Address(Ipv4Prefix.maskOf(length.getAsInt())) : Ipv4Address.ANY;
        return new CarpConfig(enabled, (int) advskew.getAsLong(), clusterId.get(), ip.orElse(Ipv4Address.ANY), mask);
    }
}
