package dev.palisade.config;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Binds {@code NETWORK.FIREWALL.rules}, the custom firewall rules. */
final class FirewallBinder {

    static final int MAX_RULES = 512;

    private static final Set<String> RULE_KEYS = Set.of("status", "action", "ipAddrSource", "ipAddrDest",
            "portSource", "portDest", "protocol", "zone");
    private static final List<String> ACTIONS = List.of("accept", "deny");
    private static final List<String> PROTOCOLS = List.of("any", "icmp", "tcp", "udp");
    private static final List<String> ZONES = List.of("In", "Out");

    private FirewallBinder() {
    }

    static List<FirewallRule> rules(Fields firewall) {
        firewall.warnUnknown(Set.of("rules"));
        List<FirewallRule> rules = new ArrayList<>();
        firewall.array("rules", true).ifPresent(elements -> {
            if (elements.size() > MAX_RULES) {
                firewall.error("rules", "has " + elements.size() + " rules; at most " + MAX_RULES + " are allowed");
            }
            for (Fields.Element element : elements) {
                element.object(firewall.problems()).map(FirewallBinder::rule).ifPresent(rules::add);
            }
        });
        return rules;
    }

    /** ICMP has no ports: a port condition could never match and hides a mistake. */
    private static boolean noPort(Fields rule, String key, PortRange port) {
        if (port != null && !port.isAny()) {
            rule.error(key, "ports cannot be given with protocol icmp");
            return false;
        }
        return true;
    }

    private static FirewallRule rule(Fields rule) {
        rule.refuseMisspelt(RULE_KEYS);
        Optional<Boolean> status = rule.bool("status", true);
        Optional<String> action = rule.choice("action", true, ACTIONS);
        Optional<String> protocol = rule.choice("protocol", true, PROTOCOLS);
        Optional<String> zone = rule.choice("zone", true, ZONES);
        Optional<Ipv4Prefix> source = Addresses.ruleAddress(rule, "ipAddrSource");
        Optional<Ipv4Prefix> destination = Addresses.ruleAddress(rule, "ipAddrDest");
        Optional<PortRange> sourcePort = Ports.rulePort(rule, "portSource");
        Optional<PortRange> destinationPort = Ports.rulePort(rule, "portDest");
        boolean ok = status.isPresent() && action.isPresent() && protocol.isPresent() && zone.isPresent()
                && source.isPresent() && destination.isPresent() && sourcePort.isPresent() && destinationPort.isPresent();
        if (protocol.filter("icmp"::equals).isPresent()) {
            ok &= noPort(rule, "portSource", sourcePort.orElse(null)) & noPort(rule, "portDest", destinationPort.orElse(null));
        }
        if (!ok) {
            return null;
        }
        return new FirewallRule(
                status.get(),
                action.get().equals("accept") ? FirewallRule.Action.ACCEPT : FirewallRule.Action.DENY,
                source.get(),
                destination.get(),
                sourcePort.get(),
                destinationPort.get(),
                FirewallRule.RuleProtocol.valueOf(protocol.get().toUpperCase(Locale.ROOT)),
                zone.get().equals("In") ? FirewallRule.Zone.IN : FirewallRule.Zone.OUT);
    }
}
