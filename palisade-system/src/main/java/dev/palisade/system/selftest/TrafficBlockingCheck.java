package dev.palisade.system.selftest;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.IdsProxyConfig;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The traffic blocking check. Crafted packets go through a separate engine built from the
 * running configuration (the live engine never sees them, so its connections and counters stay
 * untouched), with the configuration's own admissions removed (custom rules, port forwards, the
 * IPS allow/denylists) so the expected outcome does not depend on what the administrator allowed:
 * <ol>
 *   <li>a TCP SYN from a WAN host to a LAN host must be dropped at preset-block (the default deny);
 *   <li>a TCP SYN from a LAN host to the web interface (the LAN address, port 443) must be
 *       accepted at preset-allow and delivered to the gateway (blocking is not blanket);
 *   <li>router mode: with one WAN address on the IPS denylist, a SYN from it must be dropped at
 *       ip-denylist (the denylist structure blocks what it lists).
 * </ol>
 * Proves that the engine's decision path, compiled from this gateway's addressing and mode, blocks
 * and admits as the procedure says.
 */
public final class TrafficBlockingCheck implements SelfTestCheck {

    public static final String NAME = "traffic blocking";

    /** A fresh engine per configuration: small, sends nothing. */
    public static final Function<GatewayConfig, TrafficEngine> FRESH_ENGINE =
            config -> new TrafficEngine(config, EngineOptions.defaults().withConnectionCapacity(64), FrameSink.DISCARD);

    private static final int PROBE_PORT = 9;      // discard: no service of the gateway listens on it
    private static final int WEB_PORT = 443;

    private final Supplier<GatewayConfig> running;
    private final Function<GatewayConfig, TrafficEngine> engines;

    public TrafficBlockingCheck(Supplier<GatewayConfig> running) {
        this(running, FRESH_ENGINE);
    }

    /** @param engines builds the probe engine; only tests pass another (to simulate a broken path) */
    public TrafficBlockingCheck(Supplier<GatewayConfig> running, Function<GatewayConfig, TrafficEngine> engines) {
        this.running = Objects.requireNonNull(running, "running");
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run() {
        GatewayConfig config = running.get();
        NetworkConfig net = config.network();
        int lanAddress = net.lan().address().value();
        Ipv4Prefix lan = net.lan().subnet();
        int lanHost = lanHost(lan, lanAddress);
        int wanHost = documentationHost(lan, 7);
        int denied = documentationHost(lan, 8);
        List<String> details = new ArrayList<>();
        boolean ok;

        TrafficEngine engine = engines.apply(withoutAdmissions(config, List.of()));
        ok = expect(details, engine, "WAN " + fmt(wanHost) + " -> LAN host " + fmt(lanHost) + ":" + PROBE_PORT + " TCP SYN",
                Interface.WAN, ProbePacket.tcpSyn(wanHost, 40000, lanHost, PROBE_PORT), Verdict.DROP, Stage.PRESET_BLOCK);
        ok &= expect(details, engine, "LAN " + fmt(lanHost) + " -> web interface " + fmt(lanAddress) + ":" + WEB_PORT + " TCP SYN",
                Interface.LAN, ProbePacket.tcpSyn(lanHost, 40001, lanAddress, WEB_PORT), Verdict.ACCEPT, Stage.PRESET_ALLOW);
        if (config.routerMode()) {
            var entry = new IdsProxyConfig.DenylistEntry(new Ipv4Address(denied), 0, "palisade self-test");
            TrafficEngine denying = engines.apply(withoutAdmissions(config, List.of(entry)));
            ok &= expect(details, denying, "denylisted WAN " + fmt(denied) + " -> LAN host " + fmt(lanHost) + ":" + PROBE_PORT + " TCP SYN",
                    Interface.WAN, ProbePacket.tcpSyn(denied, 40002, lanHost, PROBE_PORT), Verdict.DROP, Stage.IP_DENYLIST);
        }
        return CheckOutcome.of(ok, details);
    }

    private static boolean expect(List<String> details, TrafficEngine engine, String what, Interface ingress, byte[] packet,
                                  Verdict verdict, Stage stage) {
        Decision d = engine.process(ingress, LinkLayer.RAW_IP, packet, 0, packet.length, 1_000_000_000L, 0);
        boolean ok = d.verdict() == verdict && d.stage() == stage;
        String got = d.verdict() + " at " + (d.stage() == null ? "no stage" : d.stage().key()) + (d.reason() == null ? "" : " (" + d.reason() + ")");
        details.add(what + ": " + got + (ok ? "" : ", expected " + verdict + " at " + stage.key()));
        return ok;
    }

    /** The running configuration without what an administrator admits, plus {@code denylist}. */
    static GatewayConfig withoutAdmissions(GatewayConfig config, List<IdsProxyConfig.DenylistEntry> denylist) {
        NetworkConfig n = config.network();
        IdsProxyConfig ids = new IdsProxyConfig(!denylist.isEmpty(), n.idsProxy().statusFlag(), !denylist.isEmpty(), denylist, List.of());
        NetworkConfig probe = new NetworkConfig(n.lan(), n.wan(), n.masquerading(), List.of(), List.of(), ids, n.filteredProtocols(),
                n.routes(), n.carp());
        return new GatewayConfig(config.modeSwitch(), probe, config.applications());
    }

    /** A host of the LAN other than the gateway; the gateway's own address if the subnet has none. */
    private static int lanHost(Ipv4Prefix lan, int gateway) {
        for (int candidate = lan.address() + 1; candidate != lan.broadcast() && lan.contains(candidate); candidate++) {
            if (candidate != gateway) {
                return candidate;
            }
        }
        return gateway;
    }

    /** A host of TEST-NET-3 (RFC 5737), or of TEST-NET-2 should the LAN use TEST-NET-3. */
    private static int documentationHost(Ipv4Prefix lan, int host) {
        int testNet3 = Ipv4Address.of(203, 0, 113, host).value();
        return lan.contains(testNet3) ? Ipv4Address.of(198, 51, 100, host).value() : testNet3;
    }

    private static String fmt(int address) {
        return Ipv4Address.format(address);
    }
}
