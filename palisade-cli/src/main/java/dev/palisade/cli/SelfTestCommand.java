package dev.palisade.cli;

import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStoreException;
import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.system.selftest.AuditCheck;
import dev.palisade.system.selftest.CertificateCheck;
import dev.palisade.system.selftest.PasswordCheck;
import dev.palisade.system.selftest.SelfTest;
import dev.palisade.system.selftest.SelfTestReport;
import dev.palisade.system.selftest.TrafficBlockingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade selftest}: runs the self-test against a data directory (its configuration
 * document and audit log), prints the report and exits 1 when a check failed. It reports only:
 * entering emergency support mode on a failure is the running service's job. The industrial IPS
 * check starts the Network Protector the document configures in a throwaway engine (nothing
 * reaches the network) and sends it the known-bad packet, as the service's check does.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Run the self-test (audit, authentication, traffic blocking, industrial IPS); exit status 1 when a check failed.")
final class SelfTestCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
    Path data = Path.of("var");

    @Override
    public Integer call() {
        Path configFile = data.resolve("config.json");
        if (!Files.exists(configFile)) {
            System.err.println("palisade: no configuration at " + configFile + " (start the gateway once with 'palisade run')");
            return Main.EXIT_BAD_INPUT;
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
        } catch (IOException e) {
            System.err.println("palisade: cannot read " + configFile + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        GatewayConfig config = doc.config();
        InstalledProtector ips = InstalledProtector.install(doc,
                new TrafficEngine(config, EngineOptions.defaults().withConnectionCapacity(1024), FrameSink.DISCARD));
        try (AuditStore audit = AuditStore.openForTool(data.resolve("audit.db"), Clock.systemUTC())) {
            SelfTest test = new SelfTest(List.of(new AuditCheck(audit), new PasswordCheck(), new CertificateCheck(Clock.systemUTC()),
                    new TrafficBlockingCheck(() -> config), ips.check()), audit, Clock.systemUTC());
            // The command line is the administrator's tool (it needs the data directory, which only root reads).
            SelfTestReport report = test.run("Administrator");
            System.out.print(report.format());
            return report.passed() ? 0 : EXIT_FAILED;
        } catch (AuditStoreException e) {
            System.err.println("palisade: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }
}
