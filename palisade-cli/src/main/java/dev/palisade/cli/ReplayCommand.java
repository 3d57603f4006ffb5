package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.config.NetworkProtector;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.InstalledApplication;
import dev.palisade.engine.EngineEvent;
import dev.palisade.engine.EngineOptions;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade replay}: what the gateway would do with the traffic of a capture. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replay a capture through the traffic engine and say, for every packet, which stage decided.",
            "INPUT is a pcapng whose interfaces are named lan, wan and optionally host, or a pcap with --ingress."
        })
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "configuration document (JSON)")
    Path config;

    @Option(names = "--verdicts", required = true, paramLabel = "VERDICTS", description = "where to write one JSON line per packet")
    Path verdicts;

    @Option(names = "--out", paramLabel = "OUT", description = "pcapng of the frames sent out of lan and wan")
    Path out;

    @Option(names = "--emergency", description = "replay in emergency support mode")
    boolean emergency;

    @Option(names = "--ingress", paramLabel = "lan|wan", description = "ingress of every packet (for captures without interface names)")
    String ingress;

    @Option(names = "--no-verify-checksums",
            description = "accept wrong TCP/UDP/ICMP checksums (captures taken before checksum offload filled them in)")
    boolean noVerifyChecksums;

    @Option(names = "--no-app-inspection",
            description = "do not follow TCP flows for application-protocol detection (application-protocol filtering off; for measuring its cost)")
    boolean noAppInspection;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Network Protector rule file (repeatable): installs and configures the protector for this run, "
                    + "instead of the rules in the configuration document")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--ips-monitor", description = "Network Protector monitor switch: drop and reject rules only alert")
    boolean ipsMonitor;

    @Option(names = "--connections", paramLabel = "N", description = "connection table capacity (default ${DEFAULT-VALUE})")
    int connections = 262_144;

    @Parameters(paramLabel = "INPUT")
    Path input;

    @Override
    public Integer call() {
        Interface fixed = null;
        if (ingress != null) {
            fixed = Interface.byKey(ingress);
            if (fixed == null || fixed == Interface.HOST) {
                return fail("--ingress must be lan or wan, not '" + ingress + "'");
            }
        }
        if (connections < 1) {
            return fail("--connections must be at least 1");
        }
        ConfigDocument doc;
        try {
            doc = ConfigDocument.read(config);
        } catch (ConfigException e) {
            StringBuilder sb = new StringBuilder("invalid configuration " + config + ":");
            for (ConfigError error : e.errors()) {
                sb.append(System.lineSeparator()).append("  ").append(error);
            }
            return fail(sb.toString());
        } catch (NoSuchFileException e) {
            return fail("configuration " + config + " does not exist");
        } catch (IOException e) {
            return fail("cannot read configuration " + config + ": " + e.getMessage());
        }
        GatewayConfig gateway = doc.config();
        Replayer.ProtectorPlan plan;
        if (!rules.isEmpty()) {
            List<RuleParser.RuleFile> files = new ArrayList<>();
            for (Path file : rules) {
                try {
                    files.add(new RuleParser.RuleFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return fail("cannot read rules " + file + ": " + e.getMessage());
                }
            }
            gateway = withProtectorConfigured(gateway);
            plan = new Replayer.ProtectorPlan(true, files, ipsMonitor);
        } else if (gateway.application(NetworkProtector.PACKAGE_ID).isPresent()) {
            plan = new Replayer.ProtectorPlan(true,
                    doc.netProtector().map(dev.palisade.ips.gateway.NetworkProtector::files).orElse(List.of()), ipsMonitor);
        } else {
            plan = Replayer.ProtectorPlan.NONE;
        }
        EngineOptions options = EngineOptions.defaults().withConnectionCapacity(connections)
                .withVerifyTransportChecksums(!noVerifyChecksums)
                .withApplicationProtocolInspection(!noAppInspection);
        Replayer.Summary summary;
        try {
            summary = new Replayer(gateway, options, emergency, fixed, plan).replay(input, verdicts, out);
        } catch (NoSuchFileException e) {
            return fail("capture " + input + " does not exist");
        } catch (IOException e) {
            return fail("cannot read capture " + input + ": " + e.getMessage());
        } catch (Replayer.ReplayException e) {
            return fail(input + ": " + e.getMessage());
        }
        printSummary(summary);
        return 0;
    }

    /** The document with the Network Protector installed, configured and running (for --rules). */
    private static GatewayConfig withProtectorConfigured(GatewayConfig config) {
        List<InstalledApplication> apps = new ArrayList<>();
        for (InstalledApplication a : config.applications()) {
            if (!a.packageId().equals(NetworkProtector.PACKAGE_ID)) {
                apps.add(a);
            }
        }
        apps.add(new InstalledApplication(NetworkProtector.PACKAGE_ID, "Network Protector", true, true, 1));
        return new GatewayConfig(config.modeSwitch(), config.network(), apps);
    }

    private static int fail(String message) {
        System.err.println("palisade replay: " + message);
        return Main.EXIT_BAD_INPUT;
    }

    private static void printSummary(Replayer.Summary s) {
        System.err.printf(Locale.ROOT, "palisade replay: %d packets in %.3f s (%.0f packets/s)%n",
                s.packets(), s.elapsedNanos() / 1e9, s.packetsPerSecond());
        for (Map.Entry<Verdict, Map<Stage, Long>> v : s.decisions().entrySet()) {
            for (Map.Entry<Stage, Long> st : v.getValue().entrySet()) {
                System.err.printf(Locale.ROOT, "  %-7s %-22s %d%n", v.getKey().key(), st.getKey().key(), st.getValue());
            }
        }
        for (EngineEvent event : s.events()) {
            System.err.println("  event: " + event);
        }
        if (!s.denylisted().isEmpty()) {
            System.err.println("  denylisted by the Network Protector: " + s.denylisted().size() + " source(s)");
        }
        var c = s.counters();
        System.err.printf(Locale.ROOT, "  connections tracked at end: %d; fragments reassembled: %d%n",
                c.connections(), c.fragmentsReassembled());
        if (!c.malformed().isEmpty()) {
            System.err.println("  malformed: " + c.malformed());
        }
    }
}
