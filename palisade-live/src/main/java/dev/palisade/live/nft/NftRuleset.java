package dev.palisade.live.nft;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.PortForwardRule;
import dev.palisade.config.model.PortRange;
import dev.palisade.policy.Policy;
import dev.palisade.policy.PolicySettings;
import dev.palisade.policy.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a configuration into the text of one nftables table, {@code table inet palisade},
 * that enforces the traffic-processing procedure of the device type in the kernel, the same way
 * {@code dev.palisade.engine.TrafficEngine} does in a replay.
 *
 * <p>The procedure runs in a filter chain on the prerouting hook at priority -160: after
 * connection tracking (-200), so {@code ct state} is known, before the inspection queue (mangle,
 * -150), so the inspector only sees what the procedure admitted, and before destination NAT (-100),
 * so rules see the packet as it arrived, as the engine's rules do (a reply to a masqueraded flow
 * still has the WAN address as destination, a forwarded flow the WAN address and external
 * port). Each stage is a chain of its own, jumped to in the order of the procedure; the first
 * rule that accepts or drops ends the evaluation, like the first stage that decides in the
 * engine. The forward hook holds what needs the routing decision (transit blocked while the
 * IPS is stopped, nothing crossing a diode), the output hook counts the gateway's own traffic,
 * the nat hooks do port forwarding and masquerading. IPv6 is dropped on both interfaces.
 *
 * <p>Every rule has a {@code counter} and a {@code comment} of the form {@code stage} or
 * {@code stage:detail}, where the stage is a {@link Stage#key()} and the detail a rule index
 * ({@code custom-deny:3}, {@code nat-allow:0}) or the preset rule's name
 * ({@code preset-allow:icmp}); {@link RuleCounters} maps the kernel's counters back by it.
 *
 * <p>The text starts with {@code table inet palisade {}} and {@code delete table inet palisade}
 * so that one {@code nft -f} replaces the previous table in a single transaction: traffic meets
 * the old ruleset or the new one, never none. Pure function of its inputs; thread-safe.
 */
public final class NftRuleset {

    /** The address family and name of the one table Palisade owns. */
    public static final String FAMILY = "inet";
    public static final String TABLE = "palisade";

    /** Sizes of the address sets: the configuration holds at most 1000 entries per list; room for run-time additions. */
    public static final int LIST_SET_SIZE = 4096;

    private static final int CENTRAL_MANAGEMENT_PORT = 13294;
    private static final int SYSLOG_TLS_PORT = 6514;
    private static final int PROTOCOL_VRRP = 112;
    private static final String NOT_SYN = "ct state new meta l4proto tcp tcp flags & (fin|syn|rst|ack) != syn";
    private static final String VALID_TCP_FLAGS =
            "{ syn, syn|urg, syn|ack, rst, rst|ack, fin|ack, fin|ack|urg, ack, ack|urg }";

    /** How a stage admits a packet: through {@link #admitChain()}, which remembers it for the fast path. */
    private static final String ADMIT = "goto admit";

    /** Comment (and stage key) of the fast-path rules' counters. */
    public static final String FAST_PATH = "fast-path";

    /** Name of the set of connection directions the procedure admitted since the last change (see {@link #admitChain()}). */
    public static final String FAST_PATH_SET = "fast_path";

    /** Capacity of {@link #FAST_PATH_SET}: directions beyond it simply take the procedure every time. */
    static final int FAST_PATH_SIZE = 65536;

    /**
     * How long an admitted direction stays in {@link #FAST_PATH_SET} without passing the
     * procedure again. Its packets refresh nothing on the fast path, so a busy connection takes
     * the procedure once per interval and direction; short enough that the set does not fill
     * with the directions of closed connections.
     */
    static final int FAST_PATH_TIMEOUT_SECONDS = 60;

    /**
     * The key of a connection direction: conntrack's id for the entry plus the packet's
     * addresses and ports, so that two entries whose 32-bit ids collide are still told apart.
     */
    private static final String FAST_PATH_KEY = "ct id . ct direction . ip saddr . ip daddr . th sport . th dport";

    private final GatewayConfig config;
    /** Priority of the procedure's chain: after conntrack (-200), before the queue (mangle, -150). */
    static final int PROCEDURE_PRIORITY = -160;

    /** Priority of the chain choosing a connection's queue: after the procedure, before the queue. */
    static final int BALANCE_PRIORITY = -155;

    /** Priority of the chain saving the settled bit: after the queue (-150), before destination NAT (-100). */
    static final int SETTLE_PRIORITY = -140;

    private final RulesetOptions options;
    private final NetworkConfig net;
    private final String lan;
    private final String wan;
    private final Optional<Ipv4Address> wanAddress;
    private final StringBuilder out = new StringBuilder(8192);
    /** Rules written into each chain so far, so that a stage with none is not even entered. */
    private final java.util.Map<String, Integer> rulesPerChain = new java.util.HashMap<>();
    private String currentChain;

    private NftRuleset(GatewayConfig config, RulesetOptions options) {
        this.config = config;
        this.options = options;
        this.net = config.network();
        this.lan = quote(options.lanInterface());
        this.wan = quote(options.wanInterface());
        this.wanAddress = net.wan().address();
    }

    /** Renders both artefacts; the queue rules go where {@code options.queue().backend()} says. */
    public static RenderedRuleset render(GatewayConfig config, RulesetOptions options) {
        InspectionScope scope = InspectionScope.of(config, options.settings());
        String nft = new NftRuleset(config, options).table(scope);
        String iptables = options.queue().backend() == QueueBackend.IPTABLES ? IptablesQueueRules.render(scope, options, config.network().lan().address().toString()) : "";
        return new RenderedRuleset(nft, iptables, options.lanInterface(), options.wanInterface(), scope);
    }

    // ---- table --------------------------------------------------------------------------------

    private String table(InspectionScope scope) {
        line(0, "# Generated by Palisade from the configuration; do not edit (it is replaced as a whole).");
        line(0, "# " + (config.routerMode() ? "Network router" : "Unidirectional gateway") + ": LAN "
                + options.lanInterface() + ", WAN " + options.wanInterface() + ".");
        line(0, "table " + FAMILY + " " + TABLE + " {}");
        line(0, "delete table " + FAMILY + " " + TABLE);
        line(0, "table " + FAMILY + " " + TABLE + " {");
        sets();
        admitChain();
        if (config.routerMode()) {
            routerStages();
        } else {
            diodeChains();
        }
        malformedChain();
        preroutingChain();
        forwardChain();
        outputChain();
        if (scope.any() && options.queue().backend() == QueueBackend.NATIVE) {
            nativeQueueChain(scope);
        }
        if (scope.any() && options.queue().queues() > 1) {
            balanceChain();
        }
        if (scope.any()) {
            settleChain();
        }
        if (config.routerMode()) {
            natChains();
        }
        line(0, "}");
        return out.toString();
    }

    private void sets() {
        Set<String> gateway = new LinkedHashSet<>();
        gateway.add(net.lan().address().toString());
        wanAddress.ifPresent(a -> gateway.add(a.toString()));
        set("gateway_addrs", "ipv4_addr", List.of(), 0, gateway);

        set("lan_local", "ipv4_addr", List.of("interval"), 0, localDestinations(true));
        set("wan_local", "ipv4_addr", List.of("interval"), 0, localDestinations(false));

        Set<String> martians = new LinkedHashSet<>(List.of("0.0.0.0/8", "127.0.0.0/8", "240.0.0.0-255.255.255.254"));
        broadcast(net.lan().subnet()).ifPresent(martians::add);
        net.wan().subnet().flatMap(NftRuleset::broadcast).ifPresent(martians::add);
        set("martian_destinations", "ipv4_addr", List.of("interval"), 0, martians);

        IdsProxyConfig lists = net.idsProxy();
        set("allowlist", "ipv4_addr", List.of(), LIST_SET_SIZE, sorted(lists.allowlist()));
        set("denylist", "ipv4_addr", List.of("timeout"), LIST_SET_SIZE,
                sorted(lists.denylist().stream().map(IdsProxyConfig.DenylistEntry::address).toList()));

        Set<String> emergency = new LinkedHashSet<>();
        if (options.emergency()) {
            emergency.add(lan);
            emergency.add(wan);
        }
        set("emergency", "ifname", List.of(), 2, emergency);

        line(1, "set " + FAST_PATH_SET + " { typeof " + FAST_PATH_KEY + "; size " + FAST_PATH_SIZE
                + "; flags dynamic, timeout; timeout " + FAST_PATH_TIMEOUT_SECONDS + "s; }");

        if (config.routerMode() && !net.portForwards().isEmpty()) {
            Set<String> targets = new LinkedHashSet<>();
            for (PortForwardRule r : net.portForwards()) {
                targets.add(r.internalAddress() + " . " + r.protocol().key() + " . " + r.internalPort());
            }
            set("forward_targets", "ipv4_addr . inet_proto . inet_service", List.of(), 0, targets);
        }
    }

    /**
     * Destinations that make a packet arriving on that side "for the gateway". Router: both of
     * its addresses, multicast, the limited broadcast and the arrival network's broadcast. Diode:
     * only the arrival interface's address (the other side is not reachable), multicast and
     * broadcasts.
     */
    private Set<String> localDestinations(boolean lanSide) {
        Set<String> local = new LinkedHashSet<>();
        if (config.routerMode() || lanSide) {
            local.add(net.lan().address().toString());
        }
        if (config.routerMode() || !lanSide) {
            wanAddress.ifPresent(a -> local.add(a.toString()));
        }
        local.add("224.0.0.0/4");
        local.add("255.255.255.255");
        (lanSide ? broadcast(net.lan().subnet()) : net.wan().subnet().flatMap(NftRuleset::broadcast)).ifPresent(local::add);
        return local;
    }

    // ---- router -------------------------------------------------------------------------------

    private void routerStages() {
        emptyStage(Stage.DIAGNOSTIC_ALLOW, "no self-test runs, so no diagnostic traffic is admitted");
        presetAllowChain();
        emptyStage(Stage.APP_PROTO_DENY, "the protocol of a flow is known only after inspection: the inspector behind "
                + "NFQUEUE rejects blocked flows (queue rules)");
        emergencyChain();
        allowlistChain();
        denylistChain();

        chain(Stage.NAT_ALLOW);
        if (wanAddress.isPresent() && !net.portForwards().isEmpty()) {
            rule(NOT_SYN, "return", Stage.NAT_ALLOW.key() + ":not-syn");
            List<PortForwardRule> forwards = net.portForwards();
            for (int i = 0; i < forwards.size(); i++) {
                PortForwardRule r = forwards.get(i);
                rule("iifname " + wan + " ip daddr " + wanAddress.get() + " meta l4proto " + r.protocol().key()
                        + " th dport " + r.externalPort() + " ct direction original", ADMIT, Stage.NAT_ALLOW.key() + ":" + i);
            }
        }
        endChain();

        customChains();
        presetServiceChainRouter();
        establishedChain();
        presetBlockChain();

        chain("procedure");
        jumpAll(Stage.DIAGNOSTIC_ALLOW, Stage.PRESET_ALLOW, Stage.APP_PROTO_DENY, Stage.EMERGENCY_DENY, Stage.IP_ALLOWLIST,
                Stage.IP_DENYLIST, Stage.NAT_ALLOW, Stage.CUSTOM_DENY, Stage.CUSTOM_ALLOW, Stage.PRESET_SERVICE_ALLOW,
                Stage.ESTABLISHED_ALLOW, Stage.PRESET_BLOCK);
        endChain();
    }

    private void presetAllowChain() {
        chain(Stage.PRESET_ALLOW);
        presetAllowRules("");
        endChain();
    }

    /** ICMP and VRRP both ways, the web interface from the LAN, replies of central management. */
    private void presetAllowRules(String onlyLocal) {
        String key = Stage.PRESET_ALLOW.key();
        rule(onlyLocal + "meta l4proto { icmp, " + PROTOCOL_VRRP + " }", ADMIT, key + ":icmp-vrrp");
        Set<Integer> web = new TreeSet<>(List.of(443));
        if (options.settings().webServicePort() != 0) {
            web.add(options.settings().webServicePort());
        }
        rule("iifname " + lan + " ip daddr " + net.lan().address() + " tcp dport " + setOf(web), ADMIT, key + ":web");
        rule(repliesToGateway() + " tcp sport " + CENTRAL_MANAGEMENT_PORT, ADMIT, key + ":central-management");
    }

    private void emergencyChain() {
        chain(Stage.EMERGENCY_DENY);
        rule("iifname @emergency", "drop", Stage.EMERGENCY_DENY.key());
        endChain();
    }

    private void allowlistChain() {
        chain(Stage.IP_ALLOWLIST);
        if (net.idsProxy().listsEnabled()) {
            rule(NOT_SYN, "return", Stage.IP_ALLOWLIST.key() + ":not-syn");
            rule("ip saddr @allowlist", ADMIT, Stage.IP_ALLOWLIST.key());
        } else {
            comment("lists off (IPSPFlag false): the set exists but is not consulted");
        }
        endChain();
    }

    private void denylistChain() {
        chain(Stage.IP_DENYLIST);
        if (net.idsProxy().listsEnabled() && net.idsProxy().denylistEnabled()) {
            rule("ip saddr @denylist", "drop", Stage.IP_DENYLIST.key());
        } else {
            comment("denylist off (IPSPFlag or blockedListFlag false): the set exists but is not consulted");
        }
        endChain();
    }

    /**
     * Deny rules in one chain, accept rules in the next: every enabled deny rule is checked before
     * any accept rule (the engine's decision), in table order within each group. In a diode only
     * LAN packets meet the custom rules, so only zone {@code In} rules are written.
     */
    private void customChains() {
        List<FirewallRule> rules = net.firewallRules();
        chain(Stage.CUSTOM_DENY);
        for (int i = 0; i < rules.size(); i++) {
            FirewallRule r = rules.get(i);
            if (r.enabled() && r.action() == FirewallRule.Action.DENY && zoneApplies(r)) {
                rule(match(r), "drop", Stage.CUSTOM_DENY.key() + ":" + i);
            }
        }
        endChain();
        chain(Stage.CUSTOM_ALLOW);
        boolean any = rules.stream().anyMatch(r -> r.enabled() && r.action() == FirewallRule.Action.ACCEPT && zoneApplies(r));
        if (any) {
            rule(NOT_SYN, "return", Stage.CUSTOM_ALLOW.key() + ":not-syn");
        }
        for (int i = 0; i < rules.size(); i++) {
            FirewallRule r = rules.get(i);
            if (r.enabled() && r.action() == FirewallRule.Action.ACCEPT && zoneApplies(r)) {
                rule(match(r), ADMIT, Stage.CUSTOM_ALLOW.key() + ":" + i);
            }
        }
        endChain();
    }

    private boolean zoneApplies(FirewallRule r) {
        return config.routerMode() || r.zone() == FirewallRule.Zone.IN;
    }

    /** The match part of a custom rule, on the packet as it arrived (this runs before DNAT). */
    private String match(FirewallRule r) {
        List<String> parts = new ArrayList<>();
        parts.add("iifname " + (r.zone() == FirewallRule.Zone.IN ? lan : wan));
        if (!r.source().isAny()) {
            parts.add("ip saddr " + prefix(r.source()));
        }
        if (!r.destination().isAny()) {
            parts.add("ip daddr " + prefix(r.destination()));
        }
        boolean ports = !r.sourcePort().isAny() || !r.destinationPort().isAny();
        switch (r.protocol()) {
            case ANY -> {
                // With protocol any, a port condition can only match TCP and UDP (the engine's reading).
                if (ports) {
                    parts.add("meta l4proto { tcp, udp }");
                }
            }
            case ICMP -> parts.add("meta l4proto icmp");
            case TCP -> parts.add("meta l4proto tcp");
            case UDP -> parts.add("meta l4proto udp");
        }
        if (!r.sourcePort().isAny()) {
            parts.add("th sport " + ports(r.sourcePort()));
        }
        if (!r.destinationPort().isAny()) {
            parts.add("th dport " + ports(r.destinationPort()));
        }
        return String.join(" ", parts);
    }

    /** DHCP, DNS and the MQTT broker on the arrival side's address, Syslog replies, DHCP-client replies. */
    private void presetServiceChainRouter() {
        String key = Stage.PRESET_SERVICE_ALLOW.key();
        chain(Stage.PRESET_SERVICE_ALLOW);
        dhcpServerRule();
        if (net.wan().dhcp()) {
            rule("iifname " + wan + " ip daddr @wan_local udp sport 67 udp dport 68", ADMIT, key + ":dhcp-client");
        }
        rule("iifname " + lan + " ip daddr " + net.lan().address() + " meta l4proto { tcp, udp } th dport 53", ADMIT, key + ":dns");
        wanAddress.ifPresent(a ->
                rule("iifname " + wan + " ip daddr " + a + " meta l4proto { tcp, udp } th dport 53", ADMIT, key + ":dns"));
        rule("iifname " + lan + " ip daddr " + net.lan().address() + " tcp dport { 1883, 8883 }", ADMIT, key + ":mqtt");
        wanAddress.ifPresent(a -> rule("iifname " + wan + " ip daddr " + a + " tcp dport 8883", ADMIT, key + ":mqtt"));
        syslogReplyRule();
        endChain();
    }

    private void dhcpServerRule() {
        Set<String> to = new LinkedHashSet<>();
        to.add(net.lan().address().toString());
        to.add("255.255.255.255");
        broadcast(net.lan().subnet()).ifPresent(to::add);
        rule("iifname " + lan + " ip daddr " + setOf(to) + " udp dport 67", ADMIT, Stage.PRESET_SERVICE_ALLOW.key() + ":dhcp");
    }

    private void syslogReplyRule() {
        Set<Integer> ports = new TreeSet<>(List.of(options.settings().syslogPort(), SYSLOG_TLS_PORT));
        rule(repliesToGateway() + " meta l4proto { tcp, udp } th sport " + setOf(ports), ADMIT,
                Stage.PRESET_SERVICE_ALLOW.key() + ":syslog");
    }

    /**
     * Tracked connections. A forwarded flow ends when its port-forwarding rule is removed or
     * changed (engine decision): its original direction no longer passes nat-allow and is
     * dropped here, and replies from an internal endpoint no rule forwards to any more too.
     */
    private void establishedChain() {
        String key = Stage.ESTABLISHED_ALLOW.key();
        chain(Stage.ESTABLISHED_ALLOW);
        if (config.routerMode()) {
            rule("ct status dnat ct direction original", "drop", Stage.NAT_ALLOW.key() + ":removed");
            if (net.portForwards().isEmpty()) {
                rule("ct status dnat ct direction reply", "drop", Stage.NAT_ALLOW.key() + ":removed");
            } else {
                rule("ct status dnat ct direction reply ip saddr . meta l4proto . th sport != @forward_targets", "drop",
                        Stage.NAT_ALLOW.key() + ":removed");
            }
        }
        rule("ct state established,related", ADMIT, key);
        endChain();
    }

    private void presetBlockChain() {
        chain(Stage.PRESET_BLOCK);
        rule("", "drop", Stage.PRESET_BLOCK.key());
        endChain();
    }

    // ---- diode --------------------------------------------------------------------------------

    /**
     * Internal chain for LAN packets (only those addressed to the gateway: the rest stop at
     * no-transit), external chain for WAN packets. Stage chains shared with the router are
     * written once; the diode's preset-service-allow differs (no DNS, 1883 on the LAN address).
     */
    private void diodeChains() {
        emptyStage(Stage.DIAGNOSTIC_ALLOW, "no self-test runs, so no diagnostic traffic is admitted");
        chain(Stage.OUTGOING_ALLOW);
        rule(repliesToGateway(), ADMIT, Stage.OUTGOING_ALLOW.key());
        endChain();
        presetAllowChain();
        emptyStage(Stage.APP_PROTO_DENY, "applies to transit only, and nothing transits a diode");
        emergencyChain();
        allowlistChain();
        denylistChain();
        customChains();

        String key = Stage.PRESET_SERVICE_ALLOW.key();
        chain(Stage.PRESET_SERVICE_ALLOW);
        dhcpServerRule();
        rule("iifname " + lan + " ip daddr " + net.lan().address() + " tcp dport 1883", ADMIT, key + ":telemetry");
        syslogReplyRule();
        endChain();
        establishedChain();
        presetBlockChain();
        emptyStage(Stage.VPN_ALLOW, "no VPN application exists");

        chain("internal");
        rule("ip daddr != @lan_local", "drop", Stage.NO_TRANSIT.key());
        jumpAll(Stage.DIAGNOSTIC_ALLOW, Stage.OUTGOING_ALLOW, Stage.PRESET_ALLOW, Stage.APP_PROTO_DENY, Stage.EMERGENCY_DENY,
                Stage.IP_ALLOWLIST, Stage.IP_DENYLIST, Stage.CUSTOM_DENY, Stage.CUSTOM_ALLOW, Stage.PRESET_SERVICE_ALLOW,
                Stage.ESTABLISHED_ALLOW, Stage.PRESET_BLOCK);
        endChain();

        // External chain: whatever it admits must still be for the gateway, since nothing crosses.
        chain("external");
        jumpAll(Stage.DIAGNOSTIC_ALLOW);
        rule(repliesToGateway() + " ip daddr @wan_local", ADMIT, Stage.OUTGOING_ALLOW.key());
        if (net.wan().dhcp()) {
            rule("ip daddr @wan_local udp sport 67 udp dport 68", ADMIT, Stage.OUTGOING_ALLOW.key() + ":dhcp-client");
        }
        rule(repliesToGateway(), "drop", Stage.NO_TRANSIT.key());
        rule("meta l4proto icmp ip daddr @wan_local", ADMIT, Stage.PRESET_ALLOW.key() + ":icmp");
        rule("meta l4proto icmp", "drop", Stage.NO_TRANSIT.key());
        jumpAll(Stage.VPN_ALLOW);
        rule("", "drop", Stage.PRESET_BLOCK.key());
        endChain();
    }

    // ---- hooks --------------------------------------------------------------------------------

    /**
     * Where every stage that admits a packet sends it. An established packet is admitted here
     * once per direction; its direction goes into {@link #FAST_PATH_SET}, and the next packets of
     * that direction are accepted by the first rules of the prerouting chain without meeting the
     * stages again. The verdict of the procedure for an established packet depends only on the
     * connection's addresses, ports and state, the configuration and the run-time lists, so it
     * stays the same until one of those changes; every change that could refuse a connection
     * empties the set in the same transaction (a new table starts empty; {@link KernelRuleset}
     * flushes it with an emergency switch or a denylist addition), and the next packet of each
     * direction meets the procedure again. Malformed TCP flags are still checked per packet;
     * the inspection queue, the forward hook and NAT are separate hooks and see every packet.
     * Only TCP and UDP take the fast path: an ICMP "port pair" holds its checksum, so ICMP
     * directions would only fill the set.
     */
    private void admitChain() {
        line(1, "chain admit {");
        line(2, "ct state established meta l4proto { tcp, udp } update @" + FAST_PATH_SET + " { " + FAST_PATH_KEY + " }");
        line(2, "accept");
        line(1, "}");
    }

    /**
     * Refused before any stage, as the engine's parser and anti-spoofing do: martian sources,
     * sources that would not be routed back out of the arrival interface (strict reverse path),
     * the gateway's own addresses from outside, impossible TCP flags, packets conntrack finds
     * invalid (e.g. outside the TCP window), new transit flows to martian destinations.
     */
    private void malformedChain() {
        String key = Stage.MALFORMED.key();
        chain("malformed");
        rule("ip saddr { 127.0.0.0/8, 224.0.0.0/4, 255.255.255.255 }", "drop", key + ":bad-source-address");
        rule("ip saddr @gateway_addrs", "drop", key + ":reverse-path");
        rule("iifname " + wan + " ip saddr 0.0.0.0", "drop", key + ":reverse-path");
        rule("ip saddr != 0.0.0.0 fib saddr . iif oif missing", "drop", key + ":reverse-path");
        rule("tcp flags & (fin|syn|rst|ack|urg) != " + VALID_TCP_FLAGS, "drop", key + ":bad-tcp-flags");
        rule("ct state invalid", "drop", key + ":ct-invalid");
        rule("iifname " + lan + " ct state new ip daddr @martian_destinations ip daddr != @lan_local", "drop",
                key + ":martian-destination");
        rule("iifname " + wan + " ct state new ip daddr @martian_destinations ip daddr != @wan_local", "drop",
                key + ":martian-destination");
        endChain();
    }

    private void preroutingChain() {
        line(1, "chain prerouting {");
        line(2, "type filter hook prerouting priority " + PROCEDURE_PRIORITY + "; policy accept;");
        // Two comparisons, not a lookup in an anonymous set: every packet pays for this rule.
        rule("iifname != " + lan + " iifname != " + wan, "accept", "other-interface");
        rule("meta nfproto ipv6", "drop", Stage.PRESET_BLOCK.key() + ":ipv6");
        // The fast path: a direction the procedure admitted since the last change, whose TCP
        // flags are possible (the one per-packet check of the malformed stage).
        String admitted = "ct state established " + FAST_PATH_KEY + " @" + FAST_PATH_SET;
        rule("meta l4proto udp " + admitted, "accept", FAST_PATH);
        rule("tcp flags & (fin|syn|rst|ack|urg) " + VALID_TCP_FLAGS + " " + admitted, "accept", FAST_PATH);
        enter("malformed", "enter:" + Stage.MALFORMED.key());
        if (config.routerMode()) {
            enter("procedure", "enter:procedure");
        } else {
            enter("iifname " + lan, "internal", "enter:internal");
            enter("iifname " + wan, "external", "enter:external");
        }
        endChain();
    }

    /**
     * Transit after the procedure accepted it at prerouting: only between the LAN and the WAN
     * interfaces (nothing is routed between them and another interface), none while the IPS is
     * installed but stopped, none at all in a diode.
     */
    private void forwardChain() {
        line(1, "chain forward {");
        line(2, "type filter hook forward priority filter; policy accept;");
        String both = "{ " + lan + ", " + wan + " }";
        if (config.routerMode() && !ipsBlocksTransit()) {
            // Most packets: between the LAN and the WAN (IPv6 never gets here, prerouting drops it).
            // Plain comparisons: measurably cheaper per packet than one concatenated set lookup.
            rule("iifname " + lan + " oifname " + wan, "accept", "transit");
            rule("iifname " + wan + " oifname " + lan, "accept", "transit");
        }
        rule("iifname != " + both + " oifname != " + both, "accept", "other-interface");
        rule("meta nfproto ipv6", "drop", Stage.PRESET_BLOCK.key() + ":ipv6");
        if (!config.routerMode()) {
            rule("", "drop", Stage.NO_TRANSIT.key());
        } else {
            rule("iifname != " + both, "drop", "foreign-interface");
            rule("oifname != " + both, "drop", "foreign-interface");
            if (ipsBlocksTransit()) {
                rule("", "drop", Stage.IPS_STOPPED.key());
            }
            rule("", "accept", "transit");
        }
        endChain();
    }

    /** The gateway's own packets are accepted at local-out, except IPv6. */
    private void outputChain() {
        line(1, "chain output {");
        line(2, "type filter hook output priority filter; policy accept;");
        String both = "{ " + lan + ", " + wan + " }";
        rule("oifname " + both + " meta nfproto ipv6", "drop", Stage.PRESET_BLOCK.key() + ":ipv6");
        rule("oifname " + both, "accept", Stage.LOCAL_OUT.key());
        endChain();
    }

    /** Port forwarding (destination NAT of the WAN address) and masquerading from the LAN to the WAN. */
    private void natChains() {
        line(1, "chain dstnat {");
        line(2, "type nat hook prerouting priority dstnat; policy accept;");
        if (wanAddress.isPresent()) {
            List<PortForwardRule> forwards = net.portForwards();
            for (int i = 0; i < forwards.size(); i++) {
                PortForwardRule r = forwards.get(i);
                rule("iifname " + wan + " ip daddr " + wanAddress.get() + " meta l4proto " + r.protocol().key()
                        + " th dport " + r.externalPort(), "dnat ip to " + r.internalAddress() + ":" + r.internalPort(), "dnat:" + i);
            }
        }
        endChain();
        line(1, "chain srcnat {");
        line(2, "type nat hook postrouting priority srcnat; policy accept;");
        if (net.masquerading()) {
            rule("iifname " + lan + " oifname " + wan + " meta nfproto ipv4", "masquerade", "masquerade");
        }
        endChain();
    }

    /** nft's own queue statement, when the kernel has it; same selection as the iptables rules. */
    private void nativeQueueChain(InspectionScope scope) {
        QueueOptions q = options.queue();
        line(1, "chain inspect {");
        line(2, "type filter hook prerouting priority mangle; policy accept;");
        List<String> flags = new ArrayList<>();
        if (q.failOpen()) {
            flags.add("bypass");
        }
        String bypass = flags.isEmpty() ? "" : " flags " + String.join(",", flags);
        String notInspected = "ct mark & " + hex(QueueOptions.INSPECTED_MARK) + " != " + hex(QueueOptions.INSPECTED_MARK);
        String fromLan = "meta nfproto ipv4 iifname " + lan + " ip daddr != " + net.lan().address() + " meta l4proto tcp " + notInspected;
        String fromWan = "meta nfproto ipv4 iifname " + wan + " meta l4proto tcp " + notInspected;
        for (String base : List.of(fromLan, fromWan)) {
            List<String> selections = new ArrayList<>();
            String comment;
            if (scope.allTransitTcp()) {
                selections.add(base);
                comment = "queue:app-proto";
            } else {
                String ports = setOf(new TreeSet<>(scope.industrialPorts()));
                selections.add(base + " tcp dport " + ports);
                selections.add(base + " tcp sport " + ports);
                comment = "queue:industrial";
            }
            for (String selection : selections) {
                if (q.queues() == 1) {
                    rule(selection, "queue" + bypass + " to 0", comment);
                    continue;
                }
                for (int n = 0; n < q.queues(); n++) {
                    String assigned = n == 0 ? "{ 0x0, " + hex(QueueOptions.queueMark(0)) + " }" : hex(QueueOptions.queueMark(n));
                    rule(selection + " ct mark & " + hex(QueueOptions.QUEUE_MARK_MASK) + " " + assigned, "queue" + bypass + " to " + n,
                            comment);
                }
            }
        }
        endChain();
    }

    /**
     * Several queues, an engine each: every new connection on the LAN or WAN is given its queue
     * once, in the connection mark ({@link QueueOptions#QUEUE_MARK_MASK}), round robin, so both
     * directions of a flow meet the same engine even when translation changes their addresses
     * (the kernel's own balancing hashes the packet's addresses). Runs after the procedure
     * (-160) and before the queue (mangle, -150).
     */
    private void balanceChain() {
        int queues = options.queue().queues();
        line(1, "chain balance {");
        line(2, "type filter hook prerouting priority " + BALANCE_PRIORITY + "; policy accept;");
        List<String> map = new ArrayList<>();
        for (int n = 0; n < queues; n++) {
            map.add(n + " : " + hex(QueueOptions.queueMark(n)));
        }
        rule("meta nfproto ipv4 iifname { " + lan + ", " + wan + " } ct state new", "ct mark set numgen inc mod " + queues
                + " map { " + String.join(", ", map) + " }", "queue:balance");
        endChain();
    }

    /**
     * Saves the inspector's "inspection finished" bit into the connection mark. The inspector
     * sets it in the packet mark with its verdict (this kernel ignores connection marks in
     * verdicts: no CONFIG_NETFILTER_NETLINK_GLUE_CT), so a chain of the same hook running after
     * the queue (mangle, -150) and before destination NAT copies it; from the next packet on the
     * queue rules skip the connection, both directions.
     */
    private void settleChain() {
        line(1, "chain settle {");
        line(2, "type filter hook prerouting priority " + SETTLE_PRIORITY + "; policy accept;");
        String bit = hex(QueueOptions.INSPECTED_MARK);
        rule("meta mark & " + bit + " == " + bit + " ct mark & " + bit + " != " + bit, "ct mark set ct mark | " + bit,
                "queue:settled");
        endChain();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private boolean ipsBlocksTransit() {
        PolicySettings s = options.settings();
        boolean installed = config.application(Policy.NETWORK_PROTECTOR_PACKAGE).isPresent();
        boolean configured = config.application(Policy.NETWORK_PROTECTOR_PACKAGE).map(a -> a.configured() && a.execute()).orElse(false);
        return installed && !(configured && s.ipsRunning());
    }

    /** A packet answering a connection the gateway itself opened. */
    private static String repliesToGateway() {
        return "ct direction reply ct original ip saddr @gateway_addrs";
    }

    private void emptyStage(Stage stage, String why) {
        chain(stage);
        comment(why);
        endChain();
    }

    /**
     * Enters each stage's chain in order. Every packet pays for every jump, so a stage whose chain
     * holds no rule is not entered at all (a comment says so); the entering jumps carry no counter
     * (they count nothing the decisions do not).
     */
    private void jumpAll(Stage... stages) {
        for (Stage s : stages) {
            Integer rules = rulesPerChain.get(chainName(s));
            if (rules != null && rules == 0) {
                comment(s.key() + ": no rules, not entered");
            } else {
                enter(chainName(s), "enter:" + s.key());
            }
        }
    }

    /** A jump into {@code chain}, without a counter. */
    private void enter(String chain, String comment) {
        enter("", chain, comment);
    }

    private void enter(String match, String chain, String comment) {
        line(2, (match.isEmpty() ? "" : match + " ") + "jump " + chain + " comment " + quote(comment));
        countRule();
    }

    private void chain(Stage stage) {
        chain(chainName(stage));
    }

    static String chainName(Stage stage) {
        return stage.key().replace('-', '_');
    }

    private void chain(String name) {
        line(1, "chain " + name + " {");
        currentChain = name;
        rulesPerChain.put(name, 0);
    }

    private void endChain() {
        line(1, "}");
        currentChain = null;
    }

    private void countRule() {
        if (currentChain != null) {
            rulesPerChain.merge(currentChain, 1, Integer::sum);
        }
    }

    private void comment(String text) {
        line(2, "# " + text);
    }

    private void rule(String match, String verdict, String comment) {
        line(2, (match.isEmpty() ? "" : match + " ") + "counter " + verdict + " comment " + quote(comment));
        countRule();
    }

    private void set(String name, String type, List<String> flags, int size, Set<String> elements) {
        StringBuilder s = new StringBuilder("set ").append(name).append(" { type ").append(type).append(";");
        if (size > 0) {
            s.append(" size ").append(size).append(";");
        }
        if (!flags.isEmpty()) {
            s.append(" flags ").append(String.join(", ", flags)).append(";");
        }
        if (!elements.isEmpty()) {
            s.append(" elements = { ").append(String.join(", ", elements)).append(" };");
        }
        line(1, s.append(" }").toString());
    }

    private void line(int indent, String text) {
        out.repeat("    ", indent).append(text).append('\n');
    }

    private static Set<String> sorted(List<Ipv4Address> addresses) {
        Set<String> out = new LinkedHashSet<>();
        new TreeSet<>(addresses).forEach(a -> out.add(a.toString()));
        return out;
    }

    private static Optional<String> broadcast(Ipv4Prefix subnet) {
        return subnet.length() < 31 ? Optional.of(Ipv4Address.format(subnet.broadcast())) : Optional.empty();
    }

    private static String prefix(Ipv4Prefix p) {
        return p.length() == 32 ? Ipv4Address.format(p.address()) : p.toString();
    }

    private static String ports(PortRange r) {
        return r.first() == r.last() ? Integer.toString(r.first()) : r.first() + "-" + r.last();
    }

    private static String setOf(Set<?> items) {
        if (items.size() == 1) {
            return items.iterator().next().toString();
        }
        List<String> text = items.stream().map(Object::toString).toList();
        return "{ " + String.join(", ", text) + " }";
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    /** A double-quoted nft string; callers only pass checked interface names and fixed comments. */
    static String quote(String text) {
        if (text.indexOf('"') >= 0 || text.indexOf('\\') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not quotable in nft: " + text);
        }
        return '"' + text + '"';
    }
}
