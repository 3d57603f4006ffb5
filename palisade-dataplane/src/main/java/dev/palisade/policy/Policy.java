package dev.palisade.policy;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.PortForwardRule;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.config.model.WanConfig;
import dev.palisade.packet.Ethernet;
import dev.palisade.packet.Ipv4;
import dev.palisade.routing.Interface;
import dev.palisade.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration compiled into the structures the engine consults per packet: addresses as
 * ints, allow/deny lists as hash sets, custom rules as two {@link RuleClassifier}s (deny group,
 * allow group), port forwards as direct tables indexed by port, routes as a
 * {@link RoutingTable}. Immutable; the engine swaps a whole policy on reconfiguration.
 */
public final class Policy {

    /** Package id of the industrial IPS application in {@code APPLICATIONS}. */
    public static final String NETWORK_PROTECTOR_PACKAGE = dev.palisade.config.NetworkProtector.PACKAGE_ID;

    private static final long DEFAULT_LAN_MAC = 0x02504c000001L;
    private static final long DEFAULT_WAN_MAC = 0x02504c000002L;

    private final int generation;
    private final GatewayConfig config;
    private final boolean routerMode;
    private final int lanAddress;
    private final Ipv4Prefix lanSubnet;
    private final int wanAddress;
    private final int wanDefaultGateway;
    private final Ipv4Prefix wanSubnet;
    private final boolean wanDhcp;
    private final long lanMac;
    private final long wanMac;
    private final boolean masquerading;
    private final char[] tcpForward;   // port -> NAPT rule index + 1
    private final char[] udpForward;
    private final int[] forwardAddress;
    private final int[] forwardPort;
    private final int forwardRuleCount;
    private final boolean listsEnabled;
    private final boolean denylistEnabled;
    private final AddressSet allowlist;
    private final AddressSet denylist;
    private final RuleClassifier denyRules;
    private final RuleClassifier allowRules;
    private final int firewallRuleCount;
    private final int filteredProtocols;
    private final RoutingTable routes;
    private final boolean hasStaticRoutes;
    private final java.util.Map<StaticRoute, String> routesNotApplied;
    // Hit counters live with the policy they index: a new rule table starts from zero, and no
    // configuration (validated or not) can index past them. Written by the packet thread only.
    private final long[] firewallRuleHits;
    private final long[] portForwardRuleHits;
    private final int webServicePort;
    private final int syslogPort;
    private final boolean ipsBlocksTransit;

    private Policy(GatewayConfig config, PolicySettings settings, int generation) {
        this.generation = generation;
        this.config = config;
        NetworkConfig net = config.network();
        LanConfig lan = net.lan();
        WanConfig wan = net.wan();
        this.routerMode = config.routerMode();
        this.lanAddress = lan.address().value();
        this.lanSubnet = lan.subnet();
        this.wanAddress = wan.address().map(Ipv4Address::value).orElse(0);
        this.wanDefaultGateway = wan.defaultGateway().map(Ipv4Address::value).orElse(0);
        this.wanSubnet = wan.subnet().orElse(null);
        this.wanDhcp = wan.dhcp();
        this.lanMac = lan.mac().map(Ethernet::parseMac).orElse(DEFAULT_LAN_MAC);
        this.wanMac = wan.mac().map(Ethernet::parseMac).orElse(DEFAULT_WAN_MAC);
        this.masquerading = net.masquerading();

        List<PortForwardRule> forwards = net.portForwards();
        this.forwardRuleCount = forwards.size();
        this.tcpForward = new char[65536];
        this.udpForward = new char[65536];
        this.forwardAddress = new int[forwards.size()];
        this.forwardPort = new int[forwards.size()];
        for (int i = forwards.size() - 1; i >= 0; i--) {
            PortForwardRule r = forwards.get(i);
            char[] table = r.protocol() == PortForwardRule.TransportProtocol.TCP ? tcpForward : udpForward;
            table[r.externalPort()] = (char) (i + 1);
            forwardAddress[i] = r.internalAddress().value();
            forwardPort[i] = r.internalPort();
        }

        this.listsEnabled = net.idsProxy().listsEnabled();
        this.denylistEnabled = net.idsProxy().denylistEnabled();
        this.allowlist = AddressSet.of(net.idsProxy().allowlist().stream().map(Ipv4Address::value).toList());
        this.denylist = AddressSet.of(net.idsProxy().denylist().stream().map(e -> e.address().value()).toList());

        List<FirewallRule> rules = net.firewallRules();
        this.firewallRuleCount = rules.size();
        this.denyRules = classifier(rules, FirewallRule.Action.DENY);
        this.allowRules = classifier(rules, FirewallRule.Action.ACCEPT);

        int mask = 0;
        for (var p : net.filteredProtocols()) {
            mask |= 1 << (p.ordinal() + 1);
        }
        this.filteredProtocols = mask;
        this.routesNotApplied = new java.util.LinkedHashMap<>();
        this.routes = new RoutingTable(routes(net, routesNotApplied));
        this.hasStaticRoutes = net.routes().stream().anyMatch(r -> r.action() != StaticRoute.Action.DELETE);
        this.firewallRuleHits = new long[rules.size()];
        this.portForwardRuleHits = new long[forwards.size()];
        this.webServicePort = settings.webServicePort();
        this.syslogPort = settings.syslogPort();
        boolean ipsInstalled = config.application(NETWORK_PROTECTOR_PACKAGE).isPresent();
        boolean ipsConfigured = config.application(NETWORK_PROTECTOR_PACKAGE).map(a -> a.configured() && a.execute()).orElse(false);
        this.ipsBlocksTransit = ipsInstalled && !(ipsConfigured && settings.ipsRunning());
    }

    /** Compiles a validated configuration. */
    public static Policy compile(GatewayConfig config, PolicySettings settings, int generation) {
        return new Policy(config, settings, generation);
    }

    private static RuleClassifier classifier(List<FirewallRule> rules, FirewallRule.Action action) {
        List<FirewallRule> group = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            FirewallRule r = rules.get(i);
            if (r.enabled() && r.action() == action) {
                group.add(r);
                indices.add(i);
            }
        }
        return new RuleClassifier(group, indices.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<RoutingTable.Route> routes(NetworkConfig net, java.util.Map<StaticRoute, String> notApplied) {
        List<RoutingTable.Route> list = new ArrayList<>();
        list.add(new RoutingTable.Route(net.lan().subnet(), 0, Interface.LAN));
        net.wan().subnet().ifPresent(s -> list.add(new RoutingTable.Route(s, 0, Interface.WAN)));
        for (StaticRoute r : net.routes()) {
            if (r.action() == StaticRoute.Action.DELETE) {
                continue;
            }
            int gw = r.gateway().value();
            Interface via = net.lan().subnet().contains(gw) ? Interface.LAN
                    : net.wan().subnet().map(s -> s.contains(gw)).orElse(false) ? Interface.WAN : null;
            if (via != null) {
                list.add(new RoutingTable.Route(r.destination(), gw, via));
            } else {
                notApplied.put(r, "gateway " + r.gateway() + " is not reachable on the LAN or WAN");
            }
        }
        net.wan().defaultGateway().ifPresent(gw -> list.add(new RoutingTable.Route(Ipv4Prefix.ANY, gw.value(), Interface.WAN)));
        return list;
    }

    public int generation() {
        return generation;
    }

    public GatewayConfig config() {
        return config;
    }

    public boolean routerMode() {
        return routerMode;
    }

    public int lanAddress() {
        return lanAddress;
    }

    public Ipv4Prefix lanSubnet() {
        return lanSubnet;
    }

    /** The WAN address, or 0 while unknown (DHCP without a lease). */
    public int wanAddress() {
        return wanAddress;
    }

    /** The WAN default gateway, or 0 when there is none. */
    public int wanDefaultGateway() {
        return wanDefaultGateway;
    }

    public boolean wanDhcp() {
        return wanDhcp;
    }

    public long macOf(Interface i) {
        return i == Interface.WAN ? wanMac : lanMac;
    }

    public boolean masquerading() {
        return masquerading;
    }

    /** True when {@code address} is one of the gateway's unicast addresses. */
    public boolean isGatewayAddress(int address) {
        return address == lanAddress || (wanAddress != 0 && address == wanAddress);
    }

    /** True for the limited broadcast and the directed broadcast of the LAN subnet. */
    public boolean isLanBroadcast(int address) {
        return address == Ipv4.LIMITED_BROADCAST || (lanSubnet.length() < 31 && address == lanSubnet.broadcast());
    }

    public boolean isWanBroadcast(int address) {
        return address == Ipv4.LIMITED_BROADCAST
                || (wanSubnet != null && wanSubnet.length() < 31 && address == wanSubnet.broadcast());
    }

    /**
     * True when a packet to {@code address} arriving on {@code ingress} is for the gateway itself:
     * its addresses, broadcasts of the arrival network, multicast.
     */
    public boolean isLocalDestination(int address, Interface ingress) {
        if (isGatewayAddress(address) || Ipv4.isMulticast(address)) {
            return true;
        }
        return ingress == Interface.WAN ? isWanBroadcast(address) : isLanBroadcast(address);
    }

    /** The gateway's address on an interface (0 for the WAN without an address, and for the host). */
    public int addressOf(Interface i) {
        return i == Interface.LAN ? lanAddress : i == Interface.WAN ? wanAddress : 0;
    }

    /**
     * Diode: a packet is for the gateway only when addressed to the arrival interface's own
     * address, a broadcast of that network, or multicast; the other side's address is not
     * reachable from here.
     */
    public boolean isLocalDestinationStrict(int address, Interface ingress) {
        if (Ipv4.isMulticast(address) || (address != 0 && address == addressOf(ingress))) {
            return true;
        }
        return ingress == Interface.WAN ? isWanBroadcast(address) : isLanBroadcast(address);
    }

    /**
     * Whether a source address may arrive on {@code ingress} (strict reverse-path check): the
     * route back to it must leave by the same interface, and nobody else may use the gateway's
     * own addresses. 0.0.0.0 (a DHCP client without an address) is allowed on the LAN only.
     * Without a route back (WAN without a lease or default gateway), the WAN is the outside.
     */
    public boolean sourceMayArriveOn(int source, Interface ingress) {
        if (source == 0) {
            return ingress == Interface.LAN;
        }
        if (isGatewayAddress(source)) {
            return false;
        }
        if (!hasStaticRoutes) {
            // Only the connected networks and the default route: the LAN subnet is behind the
            // LAN, everything else behind the WAN. Saves the route lookup on every packet.
            return lanSubnet.contains(source) == (ingress == Interface.LAN);
        }
        long route = routes.lookup(source);
        Interface back = route == RoutingTable.NO_ROUTE ? Interface.WAN : RoutingTable.egressOf(route);
        return back == ingress;
    }

    /**
     * Destinations never forwarded: 0/8, loopback, class E, and the directed broadcast of either
     * connected network (a packet from the outside must not become a broadcast inside).
     */
    public boolean isMartianDestination(int address) {
        int first = address >>> 24;
        return first == 0 || first == 127 || (first >= 240 && address != Ipv4.LIMITED_BROADCAST)
                || (lanSubnet.length() < 31 && address == lanSubnet.broadcast())
                || (wanSubnet != null && wanSubnet.length() < 31 && address == wanSubnet.broadcast());
    }

    public boolean isInLanSubnet(int address) {
        return lanSubnet.contains(address);
    }

    public boolean isInWanSubnet(int address) {
        return wanSubnet != null && wanSubnet.contains(address);
    }

    /** Port-forwarding rule index for a packet to the WAN address, or -1. */
    public int forwardRule(int protocol, int port) {
        char[] table = protocol == Ipv4.PROTOCOL_TCP ? tcpForward : protocol == Ipv4.PROTOCOL_UDP ? udpForward : null;
        return table == null ? -1 : table[port] - 1;
    }

    /**
     * Ports forwarded inward for {@code protocol}, indexed by port (non-zero = forwarded), or null
     * when none can be; masquerading must not hand them out.
     */
    public char[] forwardedPorts(int protocol) {
        if (forwardRuleCount == 0) {
            return null;
        }
        return protocol == Ipv4.PROTOCOL_TCP ? tcpForward : protocol == Ipv4.PROTOCOL_UDP ? udpForward : null;
    }

    public int forwardAddress(int rule) {
        return forwardAddress[rule];
    }

    public int forwardPort(int rule) {
        return forwardPort[rule];
    }

    public int forwardRuleCount() {
        return forwardRuleCount;
    }

    public boolean allowlisted(int source) {
        return listsEnabled && allowlist.contains(source);
    }

    public boolean denylisted(int source) {
        return listsEnabled && denylistEnabled && denylist.contains(source);
    }

    /** Whether denylists are enforced ({@code IPSPFlag} and {@code blockedListFlag}). */
    public boolean denylistEnforced() {
        return listsEnabled && denylistEnabled;
    }

    /** Whether the configuration's denylist holds {@code source}, enforced or not. */
    public boolean inConfiguredDenylist(int source) {
        return denylist.contains(source);
    }

    /** Entries in the configuration's denylist. */
    public int configuredDenylistSize() {
        return denylist.size();
    }

    /** First enabled deny rule matching, as its index in the firewall table, or -1. */
    public int matchDeny(int zone, int protocol, int src, int dst, int sport, int dport) {
        return denyRules.match(zone, protocol, src, dst, sport, dport);
    }

    /** First enabled accept rule matching, as its index in the firewall table, or -1. */
    public int matchAllow(int zone, int protocol, int src, int dst, int sport, int dport) {
        return allowRules.match(zone, protocol, src, dst, sport, dport);
    }

    /** Counts a packet decided by firewall rule {@code index}. */
    public void hitFirewallRule(int index) {
        firewallRuleHits[index]++;
    }

    /** Counts a packet accepted by port-forwarding rule {@code index}. */
    public void hitPortForwardRule(int index) {
        portForwardRuleHits[index]++;
    }

    /** Packets decided by each firewall rule since this policy took effect (a copy). */
    public long[] firewallRuleHits() {
        return firewallRuleHits.clone();
    }

    /** Packets accepted by each port-forwarding rule since this policy took effect (a copy). */
    public long[] portForwardRuleHits() {
        return portForwardRuleHits.clone();
    }

    public int firewallRuleCount() {
        return firewallRuleCount;
    }

    /** True when any application protocol is blocked. */
    public boolean blocksAnyAppProtocol() {
        return filteredProtocols != 0;
    }

    /** True when application protocol {@code appProtocol} (ordinal + 1 of AppProtocol) is blocked. */
    public boolean blocksAppProtocol(int appProtocol) {
        return appProtocol >= 1 && appProtocol <= 7 && (filteredProtocols & (1 << appProtocol)) != 0;
    }

    public RoutingTable routes() {
        return routes;
    }

    /** Static routes of the configuration that could not be applied, with the reason. */
    public java.util.Map<StaticRoute, String> routesNotApplied() {
        return java.util.Collections.unmodifiableMap(routesNotApplied);
    }

    public int webServicePort() {
        return webServicePort;
    }

    public int syslogPort() {
        return syslogPort;
    }

    /** True while the industrial IPS is installed but not configured or not running. */
    public boolean ipsBlocksTransit() {
        return ipsBlocksTransit;
    }
}
