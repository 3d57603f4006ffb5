package dev.palisade.bench;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import dev.palisade.routing.Interface;
import dev.palisade.testing.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The benchmark scenario shared by the JMH benchmarks and the capture generator: one router
 * configuration and a population of flows with the frames they exchange.
 *
 * <p>Configuration (as a JSON document, validated by {@link ConfigDocument}): the test router
 * (LAN 192.168.1.1/24, WAN 198.51.100.2/24 via 198.51.100.1, masquerading on), {@code rules}
 * enabled custom rules of which only the <em>last</em> matches the traffic ({@code accept In any
 * 192.168.1.0/24}), the others alternate deny/accept, both zones, TCP/UDP/any/ICMP, with
 * prefixes and ports (some ranges) that the traffic never meets; 1,000 denylist and 1,000
 * allowlist entries, of which only {@link #DENYLISTED_SOURCES} denylisted WAN senders and one LAN
 * host (192.168.1.10, 1 flow in 200) appear in the traffic.
 *
 * <p>Flows (flow {@code i}): 70% TCP, 20% UDP, 10% ICMP echo, from LAN host
 * {@code 192.168.1.(10 + i % 200)} port {@code 20000 + i / 1000} to server
 * {@code 100.64.0.0 + 1 + i % 1000}; that makes every masqueraded tuple unique, so the source
 * port is kept and the replies are predictable. Every frame is 60 bytes (Ethernet + IPv4 +
 * TCP/UDP/ICMP + a few payload bytes), the minimum Ethernet frame.
 *
 * <p>Mixed traffic ({@link #nextMixed}): 55% TCP data of established flows (both directions),
 * 17% UDP request/response, 8% ICMP echo/reply, 15% unsolicited WAN packets (TCP ACK or UDP to the
 * WAN address from unknown hosts, dropped at preset-block after both custom-rule groups were
 * looked up), 5% packets from denylisted hosts (dropped at ip-denylist).
 */
public final class BenchScenario {

    /** Every frame of the scenario has this length. */
    public static final int FRAME_LENGTH = 60;
    /** Denylisted hosts that actually send (the first entries of the denylist). */
    public static final int DENYLISTED_SOURCES = 50;

    static final int TCP = 0;
    static final int UDP = 1;
    static final int ICMP = 2;

    private static final long WAN_ROUTER_MAC = 0x0200000000bbL;
    private static final long GATEWAY_WAN_MAC = 0x02504c000002L;
    private static final String WAN_ADDRESS = "198.51.100.2";
    private static final int[] TCP_PORTS = {80, 443, 502, 4840, 8080};
    private static final int[] UDP_PORTS = {123, 161, 5683, 47808};
    private static final int CLIENT_ISN = 1_000_000;
    private static final int SERVER_ISN = 7_000_000;
    private static final int UNSOLICITED_POOL = 4096;

    private final int flows;
    private final byte[][] forward;      // per flow: LAN -> WAN steady-state frame
    private final byte[][] reply;        // per flow: WAN -> LAN steady-state frame
    private final int[] kind;
    private final byte[][] unsolicited;  // WAN frames from unknown hosts
    private final byte[][] denylisted;   // WAN frames from denylisted hosts

    /** Builds the frames of {@code flows} flows (deterministic: same flows every time). */
    public BenchScenario(int flows) {
        if (flows < 1 || flows > 1_000_000) {
            throw new IllegalArgumentException("flows must be 1..1000000: " + flows);
        }
        this.flows = flows;
        this.forward = new byte[flows][];
        this.reply = new byte[flows][];
        this.kind = new int[flows];
        for (int i = 0; i < flows; i++) {
            int k = i % 10;
            kind[i] = k < 7 ? TCP : k < 9 ? UDP : ICMP;
            forward[i] = steadyForward(i);
            reply[i] = steadyReply(i);
        }
        SplittableRandom r = new SplittableRandom(7);
        unsolicited = new byte[UNSOLICITED_POOL][];
        for (int i = 0; i < UNSOLICITED_POOL; i++) {
            String src = "45." + (1 + r.nextInt(200)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            int sport = 1024 + r.nextInt(60000);
            int dport = unsolicitedPort(r);
            Frames f = (i & 1) == 0
                    ? Frames.tcp(src, sport, WAN_ADDRESS, dport).seq(r.nextInt()).ack(r.nextInt()).payload(6)
                    : Frames.udp(src, sport, WAN_ADDRESS, dport).payload(18);
            unsolicited[i] = f.macs(WAN_ROUTER_MAC, GATEWAY_WAN_MAC).build();
        }
        denylisted = new byte[DENYLISTED_SOURCES * 4][];
        for (int i = 0; i < denylisted.length; i++) {
            String src = denylistAddress(i % DENYLISTED_SOURCES);
            int dport = unsolicitedPort(r);
            Frames f = (i & 1) == 0
                    ? Frames.tcp(src, 40000 + i, WAN_ADDRESS, dport).syn().payload(6)
                    : Frames.udp(src, 40000 + i, WAN_ADDRESS, dport).payload(18);
            denylisted[i] = f.macs(WAN_ROUTER_MAC, GATEWAY_WAN_MAC).build();
        }
    }

    public int flows() {
        return flows;
    }

    // ---- configuration ------------------------------------------------------------------------

    private static String denylistAddress(int k) {
        return "185.220." + (k / 250) + "." + (k % 250 + 1);
    }

    private static String allowlistAddress(int k) {
        // Entry 0 is a LAN host that sends (1 flow in 200); the rest never appear.
        return k == 0 ? "192.168.1.10" : "172.16." + (k / 250) + "." + (k % 250 + 1);
    }

    /** A port nobody forwards or serves on the WAN address, so unsolicited packets reach preset-block. */
    private static int unsolicitedPort(SplittableRandom r) {
        int p;
        do {
            p = 1024 + r.nextInt(64000);
        } while (p == 1883 || p == 8883 || p == 13294 || p == 6514);
        return p;
    }

    /** Ports the rules use: never one the traffic uses, never a reserved one (53, 67, 68, 443, 514, 1883, 8883, 13294). */
    private static int rulePort(int k) {
        return 30000 + k;
    }

    /**
     * The custom rules, in table order: {@code n - 1} that the traffic never matches, then the
     * one that matches every LAN-originated flow.
     */
    public static List<FirewallRule> customRules(int n) {
        List<FirewallRule> rules = new ArrayList<>(n);
        for (int k = 0; k < n - 1; k++) {
            FirewallRule.Action action = (k & 1) == 0 ? FirewallRule.Action.DENY : FirewallRule.Action.ACCEPT;
            FirewallRule.RuleProtocol proto = switch (k % 4) {
                case 0 -> FirewallRule.RuleProtocol.TCP;
                case 1 -> FirewallRule.RuleProtocol.UDP;
                case 2 -> FirewallRule.RuleProtocol.TCP;
                default -> k % 8 == 3 ? FirewallRule.RuleProtocol.ANY : FirewallRule.RuleProtocol.ICMP;
            };
            boolean ported = proto == FirewallRule.RuleProtocol.TCP || proto == FirewallRule.RuleProtocol.UDP;
            PortRange dport = !ported ? PortRange.ANY
                    : k % 5 == 0 ? new PortRange(rulePort(k), rulePort(k) + 9) : PortRange.single(rulePort(k));
            if (k % 3 == 2) {
                // Out: from a partner network to the WAN address.
                rules.add(new FirewallRule(true, action, prefix("10." + (k % 200) + "." + (k / 200) + ".0", 24),
                        prefix(WAN_ADDRESS, 32), PortRange.ANY, dport, proto, FirewallRule.Zone.OUT));
            } else {
                // In: a LAN host (or the LAN) to a plant network the traffic never goes to.
                Ipv4Prefix src = k % 7 == 0 ? prefix("192.168.1.0", 24) : prefix("192.168.1." + (10 + k % 200), 32);
                rules.add(new FirewallRule(true, action, src, prefix("10." + (k % 200) + "." + (k / 200) + ".0", 24),
                        PortRange.ANY, dport, proto, FirewallRule.Zone.IN));
            }
        }
        rules.add(new FirewallRule(true, FirewallRule.Action.ACCEPT, prefix("192.168.1.0", 24), Ipv4Prefix.ANY,
                PortRange.ANY, PortRange.ANY, FirewallRule.RuleProtocol.ANY, FirewallRule.Zone.IN));
        return rules;
    }

    private static Ipv4Prefix prefix(String address, int length) {
        return new Ipv4Prefix(Ipv4Address.parse(address).value(), length);
    }

    /** The configuration document (JSON) with {@code rules} custom rules, 1,000 denylist and 1,000 allowlist entries. */
    public static String configJson(int rules) {
        StringBuilder sb = new StringBuilder(256 * 1024);
        sb.append("""
                {
                 "MODE_SWITCH": {"router_mode": true, "is_developer_mode": false, "is_no_secure_mode": false},
                 "NETWORK": {
                  "LAN": {"IP": "192.168.1.1", "Mask": "255.255.255.0", "DHCPFlag": true,
                          "FirstDHCPAddress": "192.168.1.100", "LastDHCPAddress": "192.168.1.200",
                          "FirstDNSServer": "8.8.8.8", "SecondDNSServer": "8.8.4.4"},
                  "WAN": {"IP": "198.51.100.2", "Mask": "255.255.255.0", "DHCPFlag": false,
                          "DefaultGateway": "198.51.100.1", "FirstDNSAddress": "8.8.8.8", "SecondDNSAddress": "8.8.4.4"},
                  "NAT": {"masquerading": true},
                  "NAPT": {"rules": []},
                  "FIREWALL": {"rules": [
                """);
        List<FirewallRule> list = customRules(rules);
        for (int i = 0; i < list.size(); i++) {
            FirewallRule r = list.get(i);
            sb.append(String.format(Locale.ROOT,
                    "   {\"status\": true, \"action\": \"%s\", \"ipAddrSource\": \"%s\", \"ipAddrDest\": \"%s\", "
                            + "\"portSource\": \"%s\", \"portDest\": \"%s\", \"protocol\": \"%s\", \"zone\": \"%s\"}%s%n",
                    r.action().key(), prefixText(r.source()), prefixText(r.destination()), portText(r.sourcePort()),
                    portText(r.destinationPort()), r.protocol().key(), r.zone().key(), i + 1 < list.size() ? "," : ""));
        }
        sb.append("  ]},\n  \"IDS_PROXY\": {\"IPSPFlag\": true, \"IPSPStatusFlag\": true, \"blockedListFlag\": true,\n");
        sb.append("   \"blockedList\": [\n");
        for (int k = 0; k < 1000; k++) {
            sb.append("    {\"ipAddrSource\": \"").append(denylistAddress(k)).append("\", \"timestamp\": 1700000000, "
                    + "\"signatureName\": \"bench\"}").append(k < 999 ? ",\n" : "\n");
        }
        sb.append("   ],\n   \"allowList\": [\n");
        for (int k = 0; k < 1000; k++) {
            sb.append("    {\"ipAddrSource\": \"").append(allowlistAddress(k)).append("\"}").append(k < 999 ? ",\n" : "\n");
        }
        sb.append("""
                   ]
                  },
                  "ROUTING_TABLE": {"routes": []}
                 }
                }
                """);
        return sb.toString();
    }

    private static String prefixText(Ipv4Prefix p) {
        if (p.isAny()) {
            return "any";
        }
        String a = new Ipv4Address(p.address()).toString();
        return p.length() == 32 ? a : a + "/" + p.length();
    }

    private static String portText(PortRange r) {
        if (r.isAny()) {
            return "any";
        }
        return r.first() == r.last() ? Integer.toString(r.first()) : r.first() + "-" + r.last();
    }

    /** The validated typed configuration with {@code rules} custom rules. */
    public static GatewayConfig config(int rules) {
        try {
            return ConfigDocument.parse(configJson(rules)).config();
        } catch (ConfigException e) {
            throw new IllegalStateException("benchmark configuration is invalid: " + e.getMessage(), e);
        }
    }

    // ---- flows ---------------------------------------------------------------------------------

    private static String lanHost(int i) {
        return "192.168.1." + (10 + i % 200);
    }

    private static String server(int i) {
        int a = 0x64400001 + i % 1000;
        return new Ipv4Address(a).toString();
    }

    private static int clientPort(int i) {
        return 20000 + i / 1000;
    }

    private static Frames lanSide(Frames f) {
        return f.macs(Frames.HOST_MAC, Frames.GATEWAY_MAC);
    }

    private static Frames wanSide(Frames f) {
        return f.macs(WAN_ROUTER_MAC, GATEWAY_WAN_MAC);
    }

    /**
     * The packets that open flow {@code i} and bring it to the state the steady-state frames
     * expect, with their ingress: TCP handshake plus one data segment each way; UDP request and
     * response; ICMP echo and reply.
     */
    public void opening(int i, List<byte[]> frames, List<Interface> ingress) {
        String h = lanHost(i);
        String s = server(i);
        int p = clientPort(i);
        switch (kind[i]) {
            case TCP -> {
                int dp = TCP_PORTS[i % TCP_PORTS.length];
                add(frames, ingress, Interface.LAN, lanSide(Frames.tcp(h, p, s, dp).seq(CLIENT_ISN).syn()).build());
                add(frames, ingress, Interface.WAN, wanSide(Frames.tcp(s, dp, WAN_ADDRESS, p).seq(SERVER_ISN)
                        .synAck(CLIENT_ISN + 1)).build());
                add(frames, ingress, Interface.LAN, lanSide(Frames.tcp(h, p, s, dp).seq(CLIENT_ISN + 1)
                        .ack(SERVER_ISN + 1)).build());
                add(frames, ingress, Interface.LAN, lanSide(Frames.tcp(h, p, s, dp).seq(CLIENT_ISN + 1)
                        .ack(SERVER_ISN + 1).payload(6)).build());
                add(frames, ingress, Interface.WAN, reply[i]);
                add(frames, ingress, Interface.LAN, forward[i]);
            }
            case UDP, ICMP -> {
                add(frames, ingress, Interface.LAN, forward[i]);
                add(frames, ingress, Interface.WAN, reply[i]);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void add(List<byte[]> frames, List<Interface> ingress, Interface in, byte[] frame) {
        frames.add(frame);
        ingress.add(in);
    }

    private byte[] steadyForward(int i) {
        String h = lanHost(i);
        String s = server(i);
        int p = clientPort(i);
        return switch (kind[i]) {
            case TCP -> lanSide(Frames.tcp(h, p, s, TCP_PORTS[i % TCP_PORTS.length]).seq(CLIENT_ISN + 1)
                    .ack(SERVER_ISN + 7).flags(0x18).payload(6)).build();
            case UDP -> lanSide(Frames.udp(h, p, s, UDP_PORTS[i % UDP_PORTS.length]).payload(18)).build();
            default -> lanSide(Frames.icmpEcho(h, s, p).payload(18)).build();
        };
    }

    private byte[] steadyReply(int i) {
        String s = server(i);
        int p = clientPort(i);
        return switch (kind[i]) {
            case TCP -> wanSide(Frames.tcp(s, TCP_PORTS[i % TCP_PORTS.length], WAN_ADDRESS, p).seq(SERVER_ISN + 1)
                    .ack(CLIENT_ISN + 7).flags(0x18).payload(6)).build();
            case UDP -> wanSide(Frames.udp(s, UDP_PORTS[i % UDP_PORTS.length], WAN_ADDRESS, p).payload(18)).build();
            default -> wanSide(Frames.icmpEchoReply(s, WAN_ADDRESS, p).payload(18)).build();
        };
    }

    /** What the engine should do with a mixed-traffic frame. */
    public enum Expected { FORWARD, PRESET_BLOCK, DENYLIST }

    /**
     * Copies the next frame of the mixed traffic to {@code out} at {@code offset} (always
     * {@link #FRAME_LENGTH} bytes) and returns its ingress; {@code expected[0]} gets what should
     * happen to it.
     */
    public Interface nextMixed(SplittableRandom r, byte[] out, int offset, Expected[] expected) {
        int x = r.nextInt(100);
        byte[] frame;
        Interface in;
        if (x < 80) {
            // Pick a flow of the wanted protocol: TCP 55, UDP 17, ICMP 8 (of 100).
            int want = x < 55 ? TCP : x < 72 ? UDP : ICMP;
            int i;
            do {
                i = r.nextInt(flows);
            } while (kind[i] != want && flows >= 10);
            boolean fwd = r.nextBoolean();
            frame = fwd ? forward[i] : reply[i];
            in = fwd ? Interface.LAN : Interface.WAN;
            expected[0] = Expected.FORWARD;
        } else if (x < 95) {
            frame = unsolicited[r.nextInt(unsolicited.length)];
            in = Interface.WAN;
            expected[0] = Expected.PRESET_BLOCK;
        } else {
            frame = denylisted[r.nextInt(denylisted.length)];
            in = Interface.WAN;
            expected[0] = Expected.DENYLIST;
        }
        if (frame.length != FRAME_LENGTH) {
            throw new IllegalStateException("frame of " + frame.length + " bytes");
        }
        System.arraycopy(frame, 0, out, offset, FRAME_LENGTH);
        return in;
    }

    /** A steady-state frame of flow {@code i}: LAN to WAN when {@code forward}, else the reply. */
    public byte[] frame(int i, boolean forwardDirection) {
        return forwardDirection ? forward[i] : reply[i];
    }
}
