package dev.palisade.cli;

import dev.palisade.config.ConfigDocument;
import dev.palisade.engine.EngineEvent;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
import dev.palisade.live.gateway.LiveCounters;
import dev.palisade.live.gateway.LiveGateway;
import dev.palisade.live.gateway.LiveGatewayException;
import dev.palisade.live.gateway.LiveOptions;
import dev.palisade.live.route.RouteStatus;
import dev.palisade.management.api.KernelStatus;
import dev.palisade.management.history.ConfigurationTarget;
import dev.palisade.policy.Policy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code palisade run --live}: starts the {@link LiveGateway} on the named interfaces with the
 * Network Protector in every queue's engine (when the document installs, configures and runs it),
 * reports what it did, follows the service (configuration changes through {@link #apply},
 * emergency support mode through {@link EmergencySwitch}) and stops the gateway when the process
 * ends (SIGTERM, SIGINT or a normal exit) through a shutdown hook, so the host is left as it was.
 * Errors the operator can fix (not root, missing interface, nft or iptables not installed, ruleset
 * refused) are printed, not thrown.
 */
final class LiveMode {

    /** Exit status when the host cannot run the live data plane (not root, tools or interfaces missing). */
    static final int EXIT_HOST_NOT_READY = 3;

    private final LiveGateway gateway;
    private final Protectors protectors;
    private final EmergencySwitch emergency;
    private final Thread hook;

    private LiveMode(LiveGateway gateway, Protectors protectors, EmergencySwitch emergency) {
        this.gateway = gateway;
        this.protectors = protectors;
        this.emergency = emergency;
        this.hook = new Thread(this::stopQuietly, "palisade-live-stop");
    }

    /**
     * Switches emergency support mode in the service's engine and, once attached, in the live
     * gateway (kernel ruleset and queue engines): {@code EmergencySupport} is given this instead of
     * {@code engine::setEmergency}. The state is remembered, so a gateway started later starts in it.
     */
    static final class EmergencySwitch implements Consumer<Boolean> {
        private final Consumer<Boolean> engine;
        private boolean on;
        private LiveGateway live;

        EmergencySwitch(Consumer<Boolean> engine) {
            this.engine = engine;
        }

        /** Engine first (no system call), then the kernel; a kernel failure is thrown after the engine switched. */
        @Override
        public synchronized void accept(Boolean value) {
            engine.accept(value);
            on = value;
            if (live != null) {
                live.setEmergency(value);
            }
        }

        synchronized boolean on() {
            return on;
        }

        /** From now on the gateway follows; it is brought to the current state (normally already rendered into its table). */
        synchronized void attach(LiveGateway gateway) {
            live = gateway;
            if (gateway.emergency() != on) {
                gateway.setEmergency(on);
            }
        }

        synchronized void detach() {
            live = null;
        }
    }

    /** Starts the live gateway on the host's interfaces, or prints why it cannot and returns null. */
    static LiveMode start(ConfigDocument doc, String lan, String wan, boolean failOpen, EmergencySwitch emergency,
            Consumer<EngineEvent> events, java.util.function.IntFunction<ProtectorListener> alerts) {
        // The service's engine reports the configuration's events (rules changed, routes refused) once;
        // the queue engines, which take every configuration too, report only what their traffic raised.
        Consumer<EngineEvent> traffic = event -> {
            if (!(event instanceof EngineEvent.FirewallRulesChanged) && !(event instanceof EngineEvent.RouteNotApplied)) {
                events.accept(event);
            }
        };
        return start(doc, lan, wan, LiveOptions.defaults().withFailOpen(failOpen).withEvents(traffic), emergency, alerts);
    }

    /** As above with the given options (tests: a namespace, fewer queues). */
    static LiveMode start(ConfigDocument doc, String lan, String wan, LiveOptions base, EmergencySwitch emergency) {
        return start(doc, lan, wan, base, emergency, queue -> ProtectorListener.NONE);
    }

    /** As above; {@code alerts} gives each queue's protector its listener (the service's {@link AlertLog}). */
    static LiveMode start(ConfigDocument doc, String lan, String wan, LiveOptions base, EmergencySwitch emergency,
            java.util.function.IntFunction<ProtectorListener> alerts) {
        if (lan == null || wan == null) {
            System.err.println("palisade: --live needs --lan IFACE and --wan IFACE");
            return null;
        }
        Protectors protectors = new Protectors(base.queues(), Protectors.filesOf(doc), alerts);
        LiveOptions options = base.withEngineSetup(protectors).withEmergency(emergency.on());
        LiveGateway gateway;
        try {
            gateway = LiveGateway.start(doc.config(), lan, wan, options);
        } catch (LiveGatewayException e) {
            System.err.println("palisade: cannot start the live data plane: " + e.getMessage());
            return null;
        }
        LiveMode mode = new LiveMode(gateway, protectors, emergency);
        try {
            emergency.attach(gateway);
        } catch (RuntimeException e) {
            System.err.println("palisade: live data plane: cannot switch emergency support mode: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(mode.hook);
        System.out.println("  live: LAN " + lan + ", WAN " + wan + ": nftables table inet palisade loaded, "
                + options.queues() + " NFQUEUE queue(s) through " + gateway.queueBackend().name().toLowerCase(Locale.ROOT)
                + ", " + (options.failOpen() ? "fail-open" : "fail-closed")
                + (protectors.files == null ? "" : ", industrial IPS in every queue")
                + (gateway.emergency() ? ", EMERGENCY SUPPORT MODE" : ""));
        for (RouteStatus r : gateway.routes()) {
            System.out.println("  route " + r);
        }
        return mode;
    }

    /**
     * What the management service applies a configuration to: the live gateway first, when one
     * runs, then the service's own engine. A refusal by the live gateway (rules, kernel) throws
     * before the engine changed, so the change is refused as a whole.
     */
    static ConfigurationTarget target(TrafficEngine engine, Supplier<LiveMode> live) {
        return next -> {
            LiveMode l = live.get();
            if (l != null) {
                l.apply(next);
            }
            engine.apply(next.config());
        };
    }

    LiveGateway gateway() {
        return gateway;
    }

    /**
     * The kernel's counters for the Status section, or empty when no gateway runs live or they
     * cannot be read right now (a reload in progress, the gateway stopping): the page then shows
     * the engine's counters alone rather than failing.
     */
    static Optional<KernelStatus> kernelStatus(LiveMode live) {
        if (live == null) {
            return Optional.empty();
        }
        try {
            LiveCounters c = live.gateway.counters();
            Map<String, Long> byStage = new TreeMap<>();
            c.kernel().packetsByStage().forEach((stage, packets) -> {
                if (packets != 0) {
                    byStage.put(stage, packets);
                }
            });
            return Optional.of(new KernelStatus(byStage, c.queues().packets(), c.queueDropped(), c.userDropped()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A configuration change from the web interface or API, before the service's engine takes it:
     * the IPS rules are compiled first, then the gateway checks and loads the new ruleset (the
     * queue engines take the configuration with it), then the queue engines' protectors take the
     * new rules. Any refusal throws before anything changed, so the management service keeps the
     * previous configuration current, in the kernel and in every engine.
     */
    synchronized void apply(ConfigDocument doc) throws NetworkProtector.RulesRejected {
        List<RuleParser.RuleFile> files = Protectors.filesOf(doc);
        if (files != null) {
            NetworkProtector.compile(files);
        }
        gateway.apply(doc.config());
        protectors.update(files);
    }

    /** Stops the gateway now (the shutdown hook then has nothing left to do). */
    void stop() {
        LiveCounters c = gateway.counters();
        emergency.detach();
        gateway.stop();
        System.out.println("  live: stopped; queued " + c.queues().packets() + " packets, queue drops " + c.queueDropped()
                + ", table and queue rules removed");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the gateway stopped
        }
    }

    private void stopQuietly() {
        try {
            emergency.detach();
            gateway.stop();
            System.err.println("palisade: live data plane stopped, host rules removed");
        } catch (RuntimeException e) {
            System.err.println("palisade: stopping the live data plane: " + e.getMessage());
        }
    }

    /**
     * The Network Protector of every queue's engine: one per engine (a protector keeps the stream
     * state of the flows its queue sees, on that queue's thread). Installed when a queue starts,
     * given new rules or installed or removed when the configuration changes.
     */
    private static final class Protectors implements LiveOptions.EngineSetup {
        private final AtomicReferenceArray<TrafficEngine> engines;
        private final AtomicReferenceArray<NetworkProtector> installed;
        private final ProtectorListener[] listeners;
        private volatile List<RuleParser.RuleFile> files;

        Protectors(int queues, List<RuleParser.RuleFile> files, java.util.function.IntFunction<ProtectorListener> alerts) {
            this.engines = new AtomicReferenceArray<>(queues);
            this.installed = new AtomicReferenceArray<>(queues);
            this.files = files;
            this.listeners = new ProtectorListener[queues];
            for (int q = 0; q < queues; q++) {
                listeners[q] = alerts.apply(q);
            }
        }

        /** The rule files when the document installs, configures and runs the IPS, else null (as {@code palisade run} decides). */
        static List<RuleParser.RuleFile> filesOf(ConfigDocument doc) {
            var app = doc.config().application(Policy.NETWORK_PROTECTOR_PACKAGE);
            if (app.isEmpty() || !app.get().configured() || !app.get().execute() || doc.netProtector().isEmpty()) {
                return null;
            }
            return NetworkProtector.files(doc.netProtector().get());
        }

        @Override
        public void prepare(int queue, TrafficEngine engine) {
            engines.set(queue, engine);
            List<RuleParser.RuleFile> f = files;
            if (f != null) {
                installed.set(queue, NetworkProtector.installInto(engine, f, ProtectorSettings.DEFAULTS, listeners[queue]));
            }
        }

        /** New rules (already compiled once by the caller) in every engine, or none. */
        void update(List<RuleParser.RuleFile> next) throws NetworkProtector.RulesRejected {
            files = next;
            for (int q = 0; q < engines.length(); q++) {
                TrafficEngine engine = engines.get(q);
                if (engine == null) {
                    continue;
                }
                NetworkProtector p = installed.get(q);
                if (next == null) {
                    engine.setTransitInspector(null);
                    installed.set(q, null);
                } else if (p != null) {
                    p.reload(next);
                } else {
                    installed.set(q, NetworkProtector.installInto(engine, next, ProtectorSettings.DEFAULTS, listeners[q]));
                }
            }
        }
    }
}
