package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chooses the DHCP range when a LAN object leaves it out. A fixed default (192.168.1.100-200)
 * would make every document that only moves the LAN to another subnet invalid, so the range is
 * derived from the LAN address and mask actually given: hosts .100 to .200 of the subnet when
 * that fits and leaves the LAN address out, otherwise the larger run of host addresses on either
 * side of the LAN address. Values that cannot be read are left alone for validation to report.
 */
final class DhcpRange {

    private static final String FIRST = "FirstDHCPAddress";
    private static final String LAST = "LastDHCPAddress";

    private DhcpRange() {
    }

    static void fillAbsent(ObjectNode lan) {
        if (lan.has(FIRST) || lan.has(LAST)) {
            return;
        }
        Ipv4Address ip = address(lan.get("IP"), "192.168.1.1");
        Ipv4Address mask = address(lan.get("Mask"), "255.255.255.0");
        if (ip == null || mask == null) {
            return;
        }
        int length = Ipv4Prefix.lengthOfMask(mask.value());
        if (length < 0 || length > 30) {
            return;
        }
        Ipv4Prefix subnet = Ipv4Prefix.containing(ip.value(), length);
        long hostsFirst = unsigned(subnet.address()) + 1;
        long hostsLast = unsigned(subnet.broadcast()) - 1;
        long self = unsigned(ip.value());
        if (self < hostsFirst || self > hostsLast) {
            return;
        }
        long first;
        long last;
        if (length <= 24 && (self < hostsFirst + 99 || self > hostsFirst + 199)) {
            first = hostsFirst + 99;
            last = hostsFirst + 199;
        } else if (hostsLast - self >= self - hostsFirst) {
            first = self + 1;
            last = hostsLast;
        } else {
            first = hostsFirst;
            last = self - 1;
        }
        lan.put(FIRST, Ipv4Address.format((int) first));
        lan.put(LAST, Ipv4Address.format((int) last));
    }

    private static Ipv4Address address(JsonNode value, String fallback) {
        if (value == null) {
            return Ipv4Address.parse(fallback);
        }
        if (!value.isString()) {
            return null;
        }
        try {
            return Ipv4Address.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long unsigned(int value) {
        return Integer.toUnsignedLong(value);
    }
}
