package dev.palisade.config;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.PortForwardRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Binds {@code NETWORK.NAPT.rules}, the port-forwarding (destination NAT) rules. A rule with the
 * extension key {@code status} set to {@code false} is validated like any other but left out of the
 * model (it is kept in the document, switched off); it does not count against another rule's port.
 */
final class PortForwardBinder {

    static final int MAX_RULES = 256;
    static final int MAX_COMMENT = 255;

    private static final Set<String> RULE_KEYS = Set.of("comment", "ipAddrInternal", "portExternal",
            "portInternal", "protocol", "zone", "status");

    private PortForwardBinder() {
    }

    /** @param lan the bound LAN, or null when it had errors (the LAN checks are then skipped) */
    static List<PortForwardRule> rules(Fields napt, LanConfig lan, boolean routerMode) {
        napt.warnUnknown(Set.of("rules"));
        List<PortForwardRule> rules = new ArrayList<>();
        napt.array("rules", true).ifPresent(elements -> {
            if (elements.size() > MAX_RULES) {
                napt.error("rules", "has " + elements.size() + " rules; at most " + MAX_RULES + " are allowed");
            }
            if (!routerMode && !elements.isEmpty()) {
                napt.error("rules", "port forwarding is available only on the network router device type "
                        + "(MODE_SWITCH.router_mode is false)");
            }
            Map<String, Integer> firstUse = new HashMap<>();
            for (Fields.Element element : elements) {
                element.object(napt.problems())
                        .map(rule -> rule(rule, lan, firstUse, element.index()))
                        .ifPresent(rules::add);
            }
        });
        return rules;
    }

    private static PortForwardRule rule(Fields rule, LanConfig lan, Map<String, Integer> firstUse, int index) {
        rule.refuseMisspelt(RULE_KEYS);
        Optional<String> comment = rule.string("comment", true, MAX_COMMENT);
        Optional<Ipv4Address> internal = Addresses.hostAddress(rule, "ipAddrInternal", true);
        OptionalLong external = rule.integer("portExternal", true, 1, 65535);
        OptionalLong internalPort = rule.integer("portInternal", true, 1, 65535);
        Optional<String> protocol = rule.choice("protocol", true, List.of("tcp", "udp"));
        Optional<String> zone = rule.choice("zone", true, List.of("wan"));
        Optional<Boolean> status = rule.bool("status", false);
        boolean enabled = status.orElse(true);
        boolean ok = comment.isPresent() && internal.isPresent() && external.isPresent()
                && internalPort.isPresent() && protocol.isPresent() && zone.isPresent() && (status.isPresent() || !rule.has("status"));
        if (internal.isPresent() && lan != null) {
            if (!Addresses.isHostOf(lan.subnet(), internal.get())) {
                rule.error("ipAddrInternal", internal.get() + " is not a host address of the LAN subnet " + lan.subnet());
                ok = false;
            } else if (internal.get().equals(lan.address())) {
                rule.error("ipAddrInternal", "the gateway's own LAN address cannot be a forwarding target");
                ok = false;
            }
        }
        if (external.isPresent() && Ports.isReserved(external.getAsLong())) {
            rule.error("portExternal", "port " + external.getAsLong()
                    + " is reserved for the gateway's own services and cannot be forwarded");
            ok = false;
        }
        if (external.isPresent() && protocol.isPresent() && enabled) {
            String key = protocol.get() + "/" + external.getAsLong();
            Integer previous = firstUse.putIfAbsent(key, index);
            if (previous != null) {
                rule.error("portExternal", "rules[" + previous + "] already forwards " + protocol.get()
                        + " port " + external.getAsLong());
                ok = false;
            }
        }
        if (!ok || !enabled) {
            return null;
        }
        return new PortForwardRule(
                comment.get(),
                internal.get(),
                (int) external.getAsLong(),
                (int) internalPort.getAsLong(),
                protocol.get().equals("tcp") ? PortForwardRule.TransportProtocol.TCP : PortForwardRule.TransportProtocol.UDP,
                zone.get());
    }
}
