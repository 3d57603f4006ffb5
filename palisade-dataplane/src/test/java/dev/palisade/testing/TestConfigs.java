package dev.palisade.testing;

import dev.palisade.config.model.AppProtocol;
import dev.palisade.config.model.CarpConfig;
import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.InstalledApplication;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.LanConfig;
import dev.palisade.config.model.ModeSwitch;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.PortForwardRule;
import dev.palisade.config.model.PortRange;
import dev.palisade.config.model.StaticRoute;
import dev.palisade.config.model.WanConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds typed configurations for engine tests without going through JSON: a router with LAN
 * 192.168.1.1/24, WAN 198.51.100.2/24 via 198.51.100.1 and masquerading on, adjusted per test.
 */
public final class TestConfigs {

    private boolean router = true;
    private boolean masquerading = true;
    private final List<FirewallRule> rules = new ArrayList<>();
    private final List<PortForwardRule> forwards = new ArrayList<>();
    private final List<IdsProxyConfig.DenylistEntry> denylist = new ArrayList<>();
    private final List<Ipv4Address> allowlist = new ArrayList<>();
    private boolean listsEnabled = true;
    private boolean denylistEnabled = true;
    private final Set<AppProtocol> filtered = EnumSet.noneOf(AppProtocol.class);
    private final List<StaticRoute> routes = new ArrayList<>();
    private final List<InstalledApplication> apps = new ArrayList<>();
    private boolean wanDhcp;

    public static TestConfigs router() {
        return new TestConfigs();
    }

    public static TestConfigs diode() {
        TestConfigs c = new TestConfigs();
        c.router = false;
        return c;
    }

    public TestConfigs masquerading(boolean on) {
        masquerading = on;
        return this;
    }

    public TestConfigs wanDhcp(boolean on) {
        wanDhcp = on;
        return this;
    }

    /** Adds a rule: action accept|deny, zone In|Out, protocol any|tcp|udp|icmp; null fields mean any. */
    public TestConfigs rule(String action, String zone, String protocol, String src, String sport, String dst, String dport) {
        return rule(true, action, zone, protocol, src, sport, dst, dport);
    }

    public TestConfigs rule(boolean enabled, String action, String zone, String protocol, String src, String sport, String dst, String dport) {
        rules.add(new FirewallRule(enabled,
                action.equals("accept") ? FirewallRule.Action.ACCEPT : FirewallRule.Action.DENY,
                prefix(src), prefix(dst), ports(sport), ports(dport),
                FirewallRule.RuleProtocol.valueOf(protocol.toUpperCase()),
                zone.equals("In") ? FirewallRule.Zone.IN : FirewallRule.Zone.OUT));
        return this;
    }

    public TestConfigs forward(String protocol, int externalPort, String internal, int internalPort) {
        forwards.add(new PortForwardRule("test", Ipv4Address.parse(internal), externalPort, internalPort,
                PortForwardRule.TransportProtocol.valueOf(protocol.toUpperCase()), "wan"));
        return this;
    }

    public TestConfigs deny(String address) {
        denylist.add(new IdsProxyConfig.DenylistEntry(Ipv4Address.parse(address), 0, "test"));
        return this;
    }

    public TestConfigs allow(String address) {
        allowlist.add(Ipv4Address.parse(address));
        return this;
    }

    public TestConfigs lists(boolean enabled, boolean denylistOn) {
        listsEnabled = enabled;
        denylistEnabled = denylistOn;
        return this;
    }

    public TestConfigs block(AppProtocol protocol) {
        filtered.add(protocol);
        return this;
    }

    public TestConfigs route(String destination, String gateway) {
        String[] parts = destination.split("/");
        routes.add(new StaticRoute(StaticRoute.Action.ADD,
                new Ipv4Prefix(Ipv4Address.parse(parts[0]).value(), Integer.parseInt(parts[1])),
                Ipv4Address.parse(gateway), Optional.empty(), Optional.empty(), Optional.empty()));
        return this;
    }

    public TestConfigs application(String packageId, boolean configured) {
        apps.add(new InstalledApplication(packageId, packageId, configured, true, 1));
        return this;
    }

    private static Ipv4Prefix prefix(String text) {
        if (text == null || text.isEmpty() || text.equals("any")) {
            return Ipv4Prefix.ANY;
        }
        String[] parts = text.split("/");
        int length = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        return new Ipv4Prefix(Ipv4Address.parse(parts[0]).value(), length);
    }

    private static PortRange ports(String text) {
        if (text == null || text.isEmpty() || text.equals("any")) {
            return PortRange.ANY;
        }
        String[] parts = text.split("-");
        return parts.length == 2 ? new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]))
                : PortRange.single(Integer.parseInt(parts[0]));
    }

    public GatewayConfig build() {
        Ipv4Address lanIp = Ipv4Address.parse("192.168.1.1");
        LanConfig lan = new LanConfig(lanIp, new Ipv4Prefix(Ipv4Address.parse("192.168.1.0").value(), 24), true,
                Ipv4Address.parse("192.168.1.100"), Ipv4Address.parse("192.168.1.200"),
                Ipv4Address.parse("8.8.8.8"), Ipv4Address.parse("8.8.4.4"), Optional.empty());
        WanConfig wan = new WanConfig(wanDhcp, Optional.of(Ipv4Address.parse("198.51.100.2")),
                Optional.of(new Ipv4Prefix(Ipv4Address.parse("198.51.100.0").value(), 24)),
                Optional.of(Ipv4Address.parse("198.51.100.1")), Optional.empty(), Optional.empty(), Optional.empty());
        NetworkConfig net = new NetworkConfig(lan, wan, masquerading, forwards, rules,
                new IdsProxyConfig(listsEnabled, true, denylistEnabled, denylist, allowlist), filtered, routes,
                new CarpConfig(false, 0, "1", Ipv4Address.parse("192.168.1.250"), Ipv4Address.parse("255.255.255.0")));
        return new GatewayConfig(new ModeSwitch(router, false, false), net, apps);
    }
}
