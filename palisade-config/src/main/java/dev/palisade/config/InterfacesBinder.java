package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.WanConfig;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Binds {@code NETWORK.LAN} and {@code NETWORK.WAN}; the other sections are checked against them. */
final class InterfacesBinder {

    private static final Set<String> LAN_KEYS = Set.of("IP", "Mask", "DHCPFlag", "FirstDHCPAddress",
            "LastDHCPAddress", "FirstDNSServer", "SecondDNSServer", "MAC");
    private static final Set<String> WAN_KEYS = Set.of("IP", "Mask", "DHCPFlag", "DefaultGateway",
            "FirstDNSAddress", "SecondDNSAddress", "MAC");

    private InterfacesBinder() {
    }

    /** The LAN, or null when it has errors (they are reported). */
    static LanConfig lan(Fields lan) {
        lan.warnUnknown(LAN_KEYS);
        int before = lan.problems().errorCount();
        Optional<Ipv4Address> ip = Addresses.hostAddress(lan, "IP", true);
        OptionalInt length = Addresses.netmask(lan, "Mask", true);
        boolean dhcp = lan.bool("DHCPFlag", true).orElse(false);
        Optional<Ipv4Address> first = Addresses.hostAddress(lan, "FirstDHCPAddress", true);
        Optional<Ipv4Address> last = Addresses.hostAddress(lan, "LastDHCPAddress", true);
        Optional<Ipv4Address> dns1 = Addresses.hostAddress(lan, "FirstDNSServer", true);
        Optional<Ipv4Address> dns2 = Addresses.hostAddress(lan, "SecondDNSServer", true);
        Optional<String> mac = Addresses.mac(lan, "MAC");

        Ipv4Prefix subnet = null;
        if (length.isPresent() && length.getAsInt() > 30) {
            lan.error("Mask", "the LAN subnet needs room for hosts: the mask may have at most 30 bits");
        } else if (length.isPresent() && length.getAsInt() < 8) {
            // A LAN wider than a /8 would swallow loopback, multicast or most of the Internet.
            lan.error("Mask", "the LAN subnet may be at most a /8 (255.0.0.0)");
        } else if (ip.isPresent() && length.isPresent()) {
            subnet = Ipv4Prefix.containing(ip.get().value(), length.getAsInt());
            if (!Addresses.isHostOf(subnet, ip.get())) {
                lan.error("IP", ip.get() + " is the network or broadcast address of the LAN subnet " + subnet);
            }
        }
        if (dhcp && subnet != null && first.isPresent() && last.isPresent()) {
            checkDhcpRange(lan, subnet, ip.get(), first.get(), last.get());
        }
        if (lan.problems().errorCount() != before) {
            return null;
        }
        return new LanConfig(ip.get(), subnet, dhcp, first.get(), last.get(), dns1.get(), dns2.get(), mac);
    }

    private static void checkDhcpRange(Fields lan, Ipv4Prefix subnet, Ipv4Address ip, Ipv4Address first,
            Ipv4Address last) {
        boolean inside = true;
        if (!Addresses.isHostOf(subnet, first)) {
            lan.error("FirstDHCPAddress", first + " is not a host address of the LAN subnet " + subnet);
            inside = false;
        }
        if (!Addresses.isHostOf(subnet, last)) {
            lan.error("LastDHCPAddress", last + " is not a host address of the LAN subnet " + subnet);
            inside = false;
        }
        if (!inside) {
            return;
        }
        if (first.compareTo(last) > 0) {
            lan.error("LastDHCPAddress", "the DHCP range ends (" + last + ") before it starts (" + first + ")");
        } else if (ip.compareTo(first) >= 0 && ip.compareTo(last) <= 0) {
            lan.error("FirstDHCPAddress", "the DHCP range " + first + "-" + last + " contains the LAN address " + ip);
        }
    }

    /** The WAN, or null when it has errors (they are reported). */
    static WanConfig wan(Fields wan) {
        wan.warnUnknown(WAN_KEYS);
        int before = wan.problems().errorCount();
        boolean dhcp = wan.bool("DHCPFlag", true).orElse(true);
        Optional<Ipv4Address> ip = Addresses.hostAddress(wan, "IP", !dhcp);
        OptionalInt length = Addresses.netmask(wan, "Mask", !dhcp);
        Optional<Ipv4Address> gateway = Addresses.hostAddress(wan, "DefaultGateway", !dhcp);
        Optional<Ipv4Address> dns1 = Addresses.hostAddress(wan, "FirstDNSAddress", false);
        Optional<Ipv4Address> dns2 = Addresses.hostAddress(wan, "SecondDNSAddress", false);
        Optional<String> mac = Addresses.mac(wan, "MAC");

        if (dhcp) {
            // A DHCP lease records IP and Mask together; one without the other means nothing.
            if (Addresses.blank(wan, "IP") != Addresses.blank(wan, "Mask")) {
                wan.error(Addresses.blank(wan, "IP") ? "IP" : "Mask", "IP and Mask must be given together");
            } else if (Addresses.blank(wan, "IP") && !Addresses.blank(wan, "DefaultGateway")) {
                wan.error("DefaultGateway", "a default gateway needs the WAN IP and Mask it is reached through");
            }
        }
        Optional<Ipv4Prefix> subnet = Optional.empty();
        if (ip.isPresent() && length.isPresent()) {
            Ipv4Prefix net = Ipv4Prefix.containing(ip.get().value(), length.getAsInt());
            subnet = Optional.of(net);
            if (!Addresses.isHostOf(net, ip.get())) {
                wan.error("IP", ip.get() + " is the network or broadcast address of the WAN subnet " + net);
            }
            if (gateway.isPresent()) {
                if (!Addresses.isHostOf(net, gateway.get())) {
                    wan.error("DefaultGateway", gateway.get() + " is not a host address of the WAN subnet " + net);
                } else if (gateway.get().equals(ip.get())) {
                    wan.error("DefaultGateway", "the default gateway cannot be the WAN address itself");
                }
            }
        }
        if (wan.problems().errorCount() != before) {
            return null;
        }
        return new WanConfig(dhcp, ip, subnet, gateway, dns1, dns2, mac);
    }

    /** The LAN and WAN must be different networks or routing between them is ambiguous. */
    static void checkDisjoint(Fields wan, LanConfig lan, WanConfig wanConfig) {
        if (lan == null || wanConfig == null || wanConfig.subnet().isEmpty()) {
            return;
        }
        if (wanConfig.subnet().get().overlaps(lan.subnet())) {
            wan.error("IP", "the WAN subnet " + wanConfig.subnet().get() + " overlaps the LAN subnet " + lan.subnet());
        }
    }
}
