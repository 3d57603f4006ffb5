package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade run}: the gateway service on embedded defaults. Today it provisions the data
 * directory with the first-run configuration document, loads and validates the stored
 * configuration and starts the traffic engine on it; the web interface and API (issue 5) and the
 * live data plane (issue 7) attach here as they land.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway service.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
    Path data = Path.of("var");

    @Option(names = "--once", description = "start, report and exit (for checks)")
    boolean once;

    @Option(names = "--live", description = "enforce the configuration on real interfaces (root; needs --lan and --wan)")
    boolean live;

    @Option(names = "--lan", paramLabel = "IFACE", description = "LAN interface for --live")
    String lan;

    @Option(names = "--wan", paramLabel = "IFACE", description = "WAN interface for --live")
    String wan;

    @Option(names = "--fail-open", description = "with --live: let flows pass uninspected while the inspector cannot take them")
    boolean failOpen;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Files.createDirectories(data);
        Path configFile = data.resolve("config.json");
        if (!Files.exists(configFile)) {
            ConfigDocument.firstRun().writeAtomically(configFile);
            System.out.println("palisade: first run: wrote the first-run configuration to " + configFile);
        }
        ConfigDocument doc;
        try {
            doc = ConfigDocument.read(configFile);
        } catch (ConfigException e) {
            System.err.println("palisade: the stored configuration " + configFile + " is invalid:");
            for (ConfigError error : e.errors()) {
                System.err.println("  " + error);
            }
            return Main.EXIT_BAD_INPUT;
        }
        GatewayConfig config = doc.config();
        TrafficEngine engine = new TrafficEngine(config, EngineOptions.defaults(), FrameSink.DISCARD);
        var net = config.network();
        System.out.println("palisade: gateway running (" + (config.routerMode() ? "network router" : "unidirectional gateway") + ")");
        System.out.println("  LAN " + net.lan().address() + " " + net.lan().subnet()
                + ", WAN " + net.wan().address().map(Object::toString).orElse(net.wan().dhcp() ? "by DHCP" : "unset"));
        System.out.println("  firewall rules: " + net.firewallRules().size() + ", port forwards: " + net.portForwards().size()
                + ", masquerading " + (net.masquerading() ? "on" : "off"));
        if (engine.policy().ipsBlocksTransit()) {
            System.out.println("  industrial IPS installed but not configured: transit traffic is blocked until it is configured");
        }
        System.out.println("  data: " + data.toAbsolutePath());
        LiveMode liveMode = live ? LiveMode.start(config, lan, wan, failOpen) : null;
        if (live && liveMode == null) {
            return LiveMode.EXIT_HOST_NOT_READY;
        }
        if (once) {
            if (liveMode != null) {
                liveMode.stop();
            }
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "palisade-shutdown"));
        stop.await();
        return 0;
    }
}
