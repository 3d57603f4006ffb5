package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.ChainReport;
import dev.palisade.notify.Notifications;
import dev.palisade.notify.NotifierOptions;
import dev.palisade.notify.OverflowReport;
import dev.palisade.engine.EngineEvent;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.engine.EngineCounters;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.management.Feature;
import dev.palisade.management.audit.AuditFeature;
import dev.palisade.management.diagnostics.DiagnosticsFeature;
import dev.palisade.management.diagnostics.ManualIntegrityCheck;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.selftest.IpsCheck;
import dev.palisade.management.ManagementService;
import dev.palisade.management.device.DeviceFeature;
import dev.palisade.management.device.DeviceOptions;
import dev.palisade.management.device.ServiceControl;
import dev.palisade.management.device.Troubleshooter;
import dev.palisade.management.settings.DeliveryState;
import dev.palisade.management.settings.HostClock;
import dev.palisade.management.settings.SettingsFeature;
import dev.palisade.management.api.EngineStatus;
import dev.palisade.management.api.KernelStatus;
import dev.palisade.management.network.BlockedSources;
import dev.palisade.management.network.NetworkFeature;
import dev.palisade.policy.Policy;
import dev.palisade.system.mode.EmergencyCause;
import dev.palisade.system.mode.EmergencySupport;
import dev.palisade.system.backup.RestoreTransaction;
import dev.palisade.system.mode.EmergencyListener;
import dev.palisade.management.account.PasswordHasher;
import dev.palisade.management.pki.FirstRunPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade run}: the gateway service on embedded defaults. It provisions the data directory
 * with the first-run configuration document, loads and validates the stored configuration, starts
 * the traffic engine on it and the management service (HTTPS web interface and API, issue 5), which
 * provisions the first-run certificates and accounts and applies configuration changes to the
 * engine. It stops cleanly on SIGTERM or Ctrl-C. The live data plane (issue 7) attaches here. A service
 * loop restarts everything in-process when the management service asks (the restart command, a
 * restore): stop all, start again from the data directory on the same address and port.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway service.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
    Path data = Path.of("var");

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT",
            description = "address and port of the HTTPS web interface (default ${DEFAULT-VALUE}; e.g. 192.168.1.1:443 on the LAN)")
    String listen = "127.0.0.1:8443";

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

    /** The runner's own signal: stop for good (SIGTERM, Ctrl-C). A restart is signalled by its reason. */
    private static final Optional<String> STOP = Optional.empty();

    @Override
    public Integer call() throws IOException, InterruptedException {
        quietLibraryLogs();
        InetSocketAddress address;
        try {
            address = parseListen(listen);
        } catch (IllegalArgumentException | UnknownHostException e) {
            System.err.println("palisade: --listen " + listen + ": " + e.getMessage() + " (expected ADDRESS:PORT, e.g. 127.0.0.1:8443)");
            return Main.EXIT_BAD_INPUT;
        }
        // The service loop: start everything from the data directory, run until a stop or a restart is
        // asked for (the restart command, a restore), stop everything, and on a restart start again on
        // the port bound the first time.
        BlockingQueue<Optional<String>> signals = new LinkedBlockingQueue<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = null;
        try {
            while (true) {
                Object started = start(address, reason -> signals.offer(Optional.of(reason)));
                if (started instanceof Integer code) {
                    return code;
                }
                Running running = (Running) started;
                if (once) {
                    running.stop(true);
                    return 0;
                }
                if (hook == null) {
                    hook = new Thread(() -> {
                        signals.offer(STOP);
                        try {
                            finished.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "palisade-shutdown");
                    Runtime.getRuntime().addShutdownHook(hook);
                }
                Optional<String> signal = signals.take();
                int port = running.port();
                // On a stop the live data plane's own shutdown hook removes the host rules.
                running.stop(signal.isPresent());
                if (signal.isEmpty()) {
                    System.out.println("palisade: stopped");
                    return 0;
                }
                System.out.println("palisade: restarting (" + signal.get() + ")");
                address = new InetSocketAddress(address.getAddress(), port);
                signals.removeIf(Optional::isPresent);
            }
        } finally {
            finished.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns once finished is counted down
                }
            }
        }
    }

    /** What one start of the service holds, stopped in reverse order. */
    private record Running(ManagementService management, Notifications notifier, EngineAuditRecorder engineAudit, AuditStore audit,
            LiveMode liveMode, BlockedSources blocked, AlertLog alerts) {

        int port() {
            return management.port();
        }

        /** Stops the service; {@code live}: the live data plane too (else its shutdown hook does). */
        void stop(boolean live) {
            if (live && liveMode != null) {
                liveMode.stop();
            }
            blocked.close();
            alerts.close();
            try {
                management.close();
            } catch (IOException e) {
                System.err.println("palisade: " + e.getMessage());
            }
            closeAudit(notifier, engineAudit, audit);
        }
    }

    /**
     * Starts the service from the data directory on {@code address}: a {@link Running} service, or
     * the exit status when it cannot start (printed).
     */
    private Object start(InetSocketAddress address, ServiceControl control) throws IOException {
        Files.createDirectories(data);
        // A restore interrupted by a crash is finished or undone before anything reads the data directory.
        RestoreTransaction.Recovery recovery = RestoreTransaction.recover(data);
        if (recovery != RestoreTransaction.Recovery.NONE) {
            System.out.println("palisade: an interrupted restore was " + (recovery == RestoreTransaction.Recovery.ROLLED_FORWARD
                    ? "completed" : "undone") + " before start");
        }
        Path configFile = data.resolve("config.json");
        if (!Files.exists(configFile)) {
            ConfigDocument.firstRun().writeAtomically(configFile);
            System.out.println("palisade: first run: wrote the first-run configuration to " + configFile);
        }
        ConfigDocument doc;
        try {
            doc = ConfigDocument.read(configFile);
        } catch (ConfigException e) {
            printInvalid(configFile, e);
            return Main.EXIT_BAD_INPUT;
        }
        GatewayConfig config = doc.config();
        AuditStore audit;
        try {
            var capacity = doc.auditLogs();
            audit = AuditStore.open(data.resolve("audit.db"), new AuditLimits(capacity.firewallCapacity(),
                    capacity.operatingSystemCapacity(), capacity.warnFreePercent()), Clock.systemUTC());
        } catch (RuntimeException e) {
            System.err.println("palisade: the audit log " + data.resolve("audit.db") + " could not be opened: " + e.getMessage());
            return 1;
        }
        for (ChainReport report : audit.verificationAtOpen()) {
            if (!report.ok()) {
                // Kept running so the administrator can look; the self-test reports the break as a failure.
                System.err.println("palisade: WARNING: the audit log's hash chain is broken: " + report);
            }
        }
        TrafficEngine engine = new TrafficEngine(config, EngineOptions.defaults(), FrameSink.DISCARD);
        EngineAuditRecorder engineAudit = new EngineAuditRecorder(audit);
        AtomicReference<EmergencySupport> emergencyRef = new AtomicReference<>();
        // A protector failing before the operating mode is established (refused rules at start) waits here for it.
        AtomicReference<String> ipsFailedEarly = new AtomicReference<>();
        // Sources the IPS blocks (here or in the live queue engines) are written into the configuration's denylist.
        BlockedSources blocked = new BlockedSources();
        java.util.function.Consumer<EngineEvent> engineEvents = event -> {
            engineAudit.accept(event);
            blocked.accept(event);
            if (event instanceof EngineEvent.ProtectorFailed failed) {
                EmergencySupport emergency = emergencyRef.get();
                if (emergency != null) {
                    emergency.enter(EmergencyCause.IPS_FAILED, failed.reason());
                } else {
                    ipsFailedEarly.set(failed.reason());
                }
            }
        };
        engine.setEventListener(engineEvents);
        // Emergency support mode switches the engine, and with --live the kernel ruleset and the queue engines too.
        LiveMode.EmergencySwitch emergencySwitch = new LiveMode.EmergencySwitch(engine::setEmergency);
        AtomicReference<LiveMode> liveRef = new AtomicReference<>();
        Notifications notifier;
        try {
            notifier = startNotifier(doc, audit);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("palisade: notifications (Syslog/MQTT) could not start: " + e.getMessage());
            engineAudit.close();
            audit.close();
            return 1;
        }
        AtomicReference<ManagementService> service = new AtomicReference<>();
        // Installed before the self-test, so the start-up self-test diagnoses the protector that will run.
        // What the protector's rules match is recorded under log/ (one file per inspecting engine).
        AlertLog alerts = new AlertLog(data.resolve("log"));
        InstalledProtector ips = InstalledProtector.install(doc, engine, alerts.listener(""));
        // The self-test checks the configuration in force when it runs: the stored one until the service applies another.
        Supplier<GatewayConfig> inForce = () -> {
            ManagementService m = service.get();
            return m == null ? config : m.history().current().config();
        };
        Path distribution = IntegrityCommand.Locations.defaultDistribution();
        StartupChecks.Outcome checks = StartupChecks.run(data, distribution, config, inForce, audit, emergencySwitch,
                new EmergencyListener() {
                    @Override
                    public void endSessions() {
                        ManagementService m = service.get();
                        if (m != null) {
                            m.sessions().closeAll();
                        }
                    }

                    @Override
                    public void stopApplications() {
                        // applications (issue: managed Mosquitto and others) do not exist yet; nothing to stop
                    }
                }, Clock.systemUTC(), ips.check());
        emergencyRef.set(checks.emergency());
        String early = ipsFailedEarly.getAndSet(null);
        if (early != null) {
            checks.emergency().enter(EmergencyCause.IPS_FAILED, early);
        }
        // The management features beyond the core pages; each area wires its own (one line each).
        List<Feature> features = new ArrayList<>();
        features.add(new NetworkFeature(new LiveRouteStates(() -> liveRef.get() == null ? null : liveRef.get().gateway()), blocked));
        features.add(new DeviceFeature(DeviceOptions.of(data, audit, control).withKernelRuleset(live ? Troubleshooter::nftListing : () -> "")));
        features.add(new AuditFeature(audit));
        features.add(new DiagnosticsFeature(checks.selfTest(), checks.emergency(),
                new ManualIntegrityCheck(new InstallationLayout(distribution, data), audit, Clock.systemUTC())));
        features.add(new SettingsFeature(data, HostClock.SYSTEM, () -> notifier.status().stream()
                .map(d -> new DeliveryState(d.destination(), d.connected(), d.pending(), d.delivered(), d.dropped(), d.lastError()))
                .toList()));
        ManagementService management;
        try {
            management = ManagementService.start(
                    new ManagementService.Options(data, address, PasswordHasher.DEFAULT, Clock.systemUTC(), new StoreAuditTrail(audit)),
                    new NotificationsTarget(LiveMode.target(engine, liveRef::get), notifier), new EngineStatus() {
                        @Override
                        public EngineCounters counters() {
                            return engine.counters();
                        }

                        @Override
                        public Optional<String> operatingMode() {
                            return Optional.of(checks.emergency().mode().displayName());
                        }

                        @Override
                        public Optional<KernelStatus> kernel() {
                            return LiveMode.kernelStatus(liveRef.get());
                        }
                    }, features);
        } catch (ConfigException e) {
            printInvalid(configFile, e);
            closeAudit(notifier, engineAudit, audit);
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            System.err.println("palisade: the management service could not start: " + e.getMessage());
            closeAudit(notifier, engineAudit, audit);
            return 1;
        }
        service.set(management);
        var net = config.network();
        System.out.println("palisade: gateway running (" + (config.routerMode() ? "network router" : "unidirectional gateway") + ")");
        System.out.println("  LAN " + net.lan().address() + " " + net.lan().subnet()
                + ", WAN " + net.wan().address().map(Object::toString).orElse(net.wan().dhcp() ? "by DHCP" : "unset"));
        System.out.println("  firewall rules: " + net.firewallRules().size() + ", port forwards: " + net.portForwards().size()
                + ", masquerading " + (net.masquerading() ? "on" : "off"));
        if (ips.summary() != null) {
            System.out.println("  industrial IPS (Network Protector): " + ips.summary());
        }
        if (engine.policy().ipsBlocksTransit()) {
            System.out.println("  industrial IPS installed but not configured: transit traffic is blocked until it is configured");
        }
        System.out.println("  data: " + data.toAbsolutePath());
        System.out.println("  self-test: " + checks.report().overall().label() + " (" + String.join(", ", checks.report().checks().stream()
                .map(c -> c.name() + " " + c.status().label()).toList()) + "), mode: " + checks.emergency().mode().displayName());
        if (checks.emergency().mode().inEmergency()) {
            System.out.println("  EMERGENCY SUPPORT MODE: " + checks.emergency().mode().description()
                    + " (transit traffic is blocked; restart or restore from a backup to leave it)");
        }
        if (management.firstRun()) {
            var pki = management.pki();
            System.out.println("palisade: first run: created the certificates of the distribution kit in " + pki.directory().toAbsolutePath());
            System.out.println("  administrator certificate: " + pki.adminArchive().toAbsolutePath()
                    + " (password " + FirstRunPki.ADMIN_ARCHIVE_PASSWORD + ")");
            System.out.println("  user certificate:          " + pki.userArchive().toAbsolutePath()
                    + " (password " + FirstRunPki.USER_ARCHIVE_PASSWORD + ")");
            System.out.println("  root certificate:          " + pki.rootCertificate().toAbsolutePath()
                    + " (import as a trusted authority so the browser trusts the web server)");
            System.out.println("  import the administrator certificate into the browser, then sign in as admin / adminadmin;"
                    + " the password must be changed at the first sign-in");
        }
        System.out.println("palisade: web interface and API at " + management.url() + " (API description: " + management.url()
                + "api/openapi.json)");
        System.out.println("palisade: audit log " + data.resolve("audit.db").toAbsolutePath()
                + ", forwarded to " + notifier.status().size() + " destination(s)");
        LiveMode liveMode = live ? LiveMode.start(doc, lan, wan, failOpen, emergencySwitch, engineEvents,
                queue -> alerts.listener("-q" + queue)) : null;
        liveRef.set(liveMode);
        if (live && liveMode == null) {
            blocked.close();
            management.close();
            closeAudit(notifier, engineAudit, audit);
            return LiveMode.EXIT_HOST_NOT_READY;
        }
        return new Running(management, notifier, engineAudit, audit, liveMode, blocked, alerts);
    }

    /**
     * Starts delivery to the Syslog and MQTT destinations of the settings (none when both are off),
     * fed by every record the audit store commits; its overflow reports go back into the audit log.
     * A new configuration switches it to the new settings ({@link NotificationsTarget}).
     */
    private Notifications startNotifier(ConfigDocument doc, AuditStore audit) throws IOException {
        Notifications notifier = Notifications.start(data.resolve("notify"), doc.settings(), NotifierOptions.DEFAULT,
                report -> audit.record(OverflowReport.EVENT,
                        Map.of("number", Long.toString(report.dropped()), "destination", report.destination())));
        audit.subscribe(notifier);
        return notifier;
    }

    private static void closeAudit(Notifications notifier, EngineAuditRecorder engineAudit, AuditStore audit) {
        engineAudit.close();
        if (notifier != null) {
            try {
                notifier.close();
            } catch (IOException e) {
                System.err.println("palisade: notifications did not stop cleanly (queued records stay on disk): " + e.getMessage());
            }
        }
        audit.close();
    }

    private static void printInvalid(Path configFile, ConfigException e) {
        System.err.println("palisade: the stored configuration " + configFile + " is invalid:");
        for (ConfigError error : e.errors()) {
            System.err.println("  " + error);
        }
    }

    /** ADDRESS:PORT, with an IPv6 address in brackets. */
    static InetSocketAddress parseListen(String text) throws UnknownHostException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("missing port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0-65535");
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("the address must be an IPv4 or IPv6 address, not a name");
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /**
     * The service logs audit lines at INFO; libraries (Jetty) only from WARN, unless the user set levels.
     * The diagnostic log goes to {@code <data>/log/palisade.log} (the system log archive takes that
     * directory) unless {@code org.slf4j.simpleLogger.logFile} is set; the simple logger truncates its
     * file when it opens it, so the previous run's log is kept as {@code palisade.log.1}. Takes effect
     * when SLF4J initialises, i.e. before the first logger, as in a fresh {@code palisade run}.
     */
    private void quietLibraryLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.palisade.audit", System.getProperty("org.slf4j.simpleLogger.log.palisade.audit", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            try {
                Path log = Files.createDirectories(data.resolve("log")).resolve("palisade.log");
                if (Files.exists(log)) {
                    Files.move(log, log.resolveSibling("palisade.log.1"), StandardCopyOption.REPLACE_EXISTING);
                }
                System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
                System.out.println("palisade: diagnostic log " + log.toAbsolutePath());
            } catch (IOException e) {
                System.err.println("palisade: the log directory " + data.resolve("log") + " is not writable (" + e.getMessage()
                        + "); logging to standard error");
            }
        }
    }
}
