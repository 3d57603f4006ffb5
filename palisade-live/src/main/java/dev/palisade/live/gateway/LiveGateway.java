package dev.palisade.live.gateway;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineCounters;
import dev.palisade.engine.EngineEvent;
import dev.palisade.live.netlink.NetlinkException;
import dev.palisade.live.netlink.NetworkNamespace;
import dev.palisade.live.netlink.RawIpSocket;
import dev.palisade.live.nfqueue.IngressMap;
import dev.palisade.live.nfqueue.QueueConfig;
import dev.palisade.live.nfqueue.QueueCounters;
import dev.palisade.live.nfqueue.QueueGroup;
import dev.palisade.live.nfqueue.QueueInspector;
import dev.palisade.live.nfqueue.QueueStatus;
import dev.palisade.live.nfqueue.RawIpSender;
import dev.palisade.live.nft.HostCommands;
import dev.palisade.live.nft.KernelRuleset;
import dev.palisade.live.nft.NftRuleset;
import dev.palisade.live.nft.QueueBackend;
import dev.palisade.live.nft.QueueOptions;
import dev.palisade.live.nft.RenderedRuleset;
import dev.palisade.live.nft.RulesetOptions;
import dev.palisade.live.route.KernelRoutes;
import dev.palisade.live.route.RouteStatus;
import dev.palisade.config.model.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A Linux machine's LAN and WAN interfaces enforcing a configuration on live traffic: the
 * kernel ruleset generated from the configuration (nftables, and iptables-nft's NFQUEUE target
 * where nft has no {@code queue}), the configuration's static routes, and one NFQUEUE queue per
 * CPU whose thread runs a {@link QueueInspector} (a {@link dev.palisade.engine.TrafficEngine} on
 * the same configuration) for the flows that need inspection.
 *
 * <p>Order matters so that nothing passes uninspected and nothing is left behind: on start the
 * host is checked (root, tools, interfaces), the ruleset is rendered and checked by the kernel
 * before anything changes, the queues are bound before the rules that feed them are loaded (a
 * fail-closed queue without a consumer drops), then routes. A failure at any step undoes the
 * earlier ones. {@link #stop()} removes the rules first (nothing is queued any more), then stops
 * the queues and removes Palisade's routes: the host is as before, apart from connection
 * tracking entries, which time out.
 *
 * <p>{@link #apply} keeps every engine's connection table (flows under detection go on being
 * inspected) and replaces the kernel ruleset atomically; connection tracking state, and with it
 * the "inspection finished" connection marks, survive the reload. Run-time denylist additions
 * ({@link #addToDenylist}) last until the next ruleset load: the configuration's blocked list is
 * what survives, together with the sources the engines' IPS blocked since start, which are written
 * into every new table again.
 *
 * <p>The industrial IPS runs inside each queue's engine ({@link LiveOptions#engineSetup} installs
 * it as the engine's transit inspector): Modbus/TCP and MQTT flows are queued for their whole
 * life, and when its drop or reject rule blocks a packet the engine raises
 * {@link EngineEvent.SourceBlocked}; the gateway then adds the source to the kernel's
 * {@code denylist} set at once, from a thread of its own (the queue thread never waits for
 * {@code nft}), so the source's next packet, on any connection, is dropped by the kernel before
 * it reaches a queue. Control calls are serialised; {@link #counters()} may be called from any
 * thread.
 */
public final class LiveGateway implements LiveCounterSource, AutoCloseable {

    private final HostCommands commands;
    private final String lan;
    private final String wan;
    private final LiveOptions options;
    private final KernelRuleset kernel;
    private final KernelRoutes routes;
    private final QueueBackend backend;
    private final AtomicReferenceArray<QueueInspector> inspectors;
    private final List<Throwable> queueFailures = new CopyOnWriteArrayList<>();
    private final List<Throwable> denylistFailures = new CopyOnWriteArrayList<>();
    private final AtomicLong denylistAdditions = new AtomicLong();
    /** Adds the sources the IPS blocked to the kernel's denylist, off the queue threads. */
    private final ExecutorService denylistWriter = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("live-denylist").daemon().unstarted(r));
    /** Tests only: edits every rendered ruleset (to make the kernel refuse one). */
    volatile UnaryOperator<RenderedRuleset> rulesetEdit = UnaryOperator.identity();
    private QueueGroup queues;
    private GatewayConfig config;
    private boolean emergency;
    private List<RouteStatus> routeStatus = List.of();
    private boolean stopped;

    private LiveGateway(HostCommands commands, String lan, String wan, LiveOptions options, QueueBackend backend) {
        this.commands = commands;
        this.lan = lan;
        this.wan = wan;
        this.options = options;
        this.kernel = new KernelRuleset(commands);
        this.routes = new KernelRoutes(commands, lan, wan);
        this.backend = backend;
        this.inspectors = new AtomicReferenceArray<>(options.queues());
    }

    /**
     * Attaches to interfaces {@code lan} and {@code wan} and enforces {@code config}.
     *
     * @throws LiveGatewayException when the host is not ready or the kernel refuses; nothing is left behind then
     */
    public static LiveGateway start(GatewayConfig config, String lan, String wan, LiveOptions options) {
        HostReadiness.requireRootAndTools();
        HostReadiness.requireNamespace(options.namespace());
        HostCommands commands = options.namespace() == null ? HostCommands.host() : HostCommands.inNetworkNamespace(options.namespace());
        RulesetOptions probe;
        try {
            probe = RulesetOptions.of(lan, wan);
        } catch (IllegalArgumentException e) {
            throw new LiveGatewayException(e.getMessage(), e);
        }
        int lanIndex = HostReadiness.interfaceIndex(commands, "LAN", probe.lanInterface());
        int wanIndex = HostReadiness.interfaceIndex(commands, "WAN", probe.wanInterface());
        QueueBackend backend = KernelRuleset.detectQueueBackend(commands);
        LiveGateway gateway = new LiveGateway(commands, lan, wan, options, backend);
        gateway.config = config;
        gateway.emergency = options.emergency();
        RenderedRuleset ruleset = gateway.render(config);
        try {
            gateway.kernel.check(ruleset);
            gateway.startQueues(config, new IngressMap(lanIndex, wanIndex));
            gateway.kernel.load(ruleset);
            gateway.routeStatus = gateway.routes.apply(config);
        } catch (RuntimeException e) {
            gateway.stopQuietly(e);
            throw e instanceof LiveGatewayException l ? l
                    : new LiveGatewayException("cannot start the live gateway: " + e.getMessage(), e);
        }
        return gateway;
    }

    /**
     * Enforces a new configuration: the kernel checks the new ruleset first (a refused one
     * changes nothing and throws), then the engines take the configuration (their flows kept)
     * and the ruleset is replaced atomically (a load the kernel refuses after all gives the
     * engines the previous configuration back: the old table is still the kernel's), then the
     * sources the IPS blocked go into the new table's denylist again and the routes follow.
     *
     * @throws LiveGatewayException when the kernel refused; the previous configuration stays in force
     */
    public synchronized List<RouteStatus> apply(GatewayConfig next) {
        requireRunning();
        RenderedRuleset ruleset;
        try {
            ruleset = render(next);
            kernel.check(ruleset);
        } catch (RuntimeException e) {
            throw new LiveGatewayException("the kernel refused the new ruleset; the previous one stays in force: " + e.getMessage(), e);
        }
        try {
            forEachEngine(i -> i.engine().apply(next, options.settings()));
            kernel.load(ruleset);
        } catch (RuntimeException e) {
            forEachEngine(i -> i.engine().apply(config, options.settings()));
            throw new LiveGatewayException("the kernel refused the new ruleset; the previous one stays in force: " + e.getMessage(), e);
        }
        config = next;
        restoreBlockedSources();
        routeStatus = routes.apply(next);
        return routeStatus;
    }

    /** Emergency support mode on or off, in the kernel (no reload) and in every engine. */
    public synchronized void setEmergency(boolean on) {
        requireRunning();
        kernel.setEmergency(on);
        forEachEngine(i -> i.engine().setEmergency(on));
        emergency = on;
    }

    public synchronized boolean emergency() {
        return emergency;
    }

    /**
     * Adds a source to the kernel's denylist at once (its next packet is dropped, open connections
     * included), until {@code timeout} or the next ruleset load; whoever wants it kept writes it
     * into the configuration's blocked list too.
     */
    public synchronized void addToDenylist(Ipv4Address address, Duration timeout) {
        requireRunning();
        kernel.addToDenylist(address, timeout);
    }

    /** Sources the IPS blocked that went into the kernel's denylist set since start. */
    public long denylistAdditions() {
        return denylistAdditions.get();
    }

    /** Failures adding a blocked source to the kernel's denylist (the engines block it all the same). */
    public List<Throwable> denylistFailures() {
        return List.copyOf(denylistFailures);
    }

    /** The state of every static route of the configuration, as last applied. */
    public synchronized List<RouteStatus> routes() {
        return routeStatus;
    }

    /** The configuration in force. */
    public synchronized GatewayConfig config() {
        return config;
    }

    /** How flows are queued on this kernel (iptables-nft's NFQUEUE target here, nft's own {@code queue} elsewhere). */
    public QueueBackend queueBackend() {
        return backend;
    }

    /** Failures of queue threads since start (a socket error ends that queue; fail-closed, its flows are dropped). */
    public List<Throwable> queueFailures() {
        return List.copyOf(queueFailures);
    }

    @Override
    public LiveCounters counters() {
        QueueGroup group;
        synchronized (this) {
            requireRunning();
            group = queues;
        }
        QueueCounters total = group.counters().stream().reduce(QueueCounters::plus)
                .orElse(new QueueCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        long queueDropped = 0;
        long userDropped = 0;
        try {
            for (QueueStatus s : group.status()) {
                if (s.queue() < options.queues()) {
                    queueDropped += s.queueDropped();
                    userDropped += s.userDropped();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kernel's queue status", e);
        }
        List<EngineCounters> engines = new ArrayList<>();
        forEachEngine(i -> engines.add(i.engine().counters()));
        return new LiveCounters(kernel.counters(), total, queueDropped, userDropped, engines);
    }

    /**
     * Removes Palisade's table and queue rules, stops the queues and removes Palisade's routes.
     * Idempotent; the first failure is thrown after every step was tried.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        RuntimeException first = null;
        try {
            kernel.remove();
        } catch (RuntimeException e) {
            first = e;
        }
        denylistWriter.shutdownNow();
        if (queues != null) {
            queues.close();
        }
        try {
            routes.removeAll();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw new LiveGatewayException("stopping the live gateway: " + first.getMessage(), first);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private RenderedRuleset render(GatewayConfig c) {
        RulesetOptions ruleset = RulesetOptions.of(lan, wan).withSettings(options.settings())
                .withQueue(new QueueOptions(options.queues(), options.failOpen(), backend)).withEmergency(emergency);
        return rulesetEdit.apply(NftRuleset.render(c, ruleset));
    }

    /**
     * Binds queues 0..N-1, each on its own thread inside the gateway's namespace, each with its
     * own engine. Queues are always bound, even when nothing needs inspection yet, so that a later
     * {@link #apply} that starts queueing finds its consumers.
     */
    private void startQueues(GatewayConfig c, IngressMap ingress) {
        List<QueueConfig> configs = new ArrayList<>();
        for (int q = 0; q < options.queues(); q++) {
            configs.add(QueueConfig.defaults(q).withFailOpen(options.failOpen()));
        }
        try {
            queues = QueueGroup.start(configs, q -> {
                try {
                    QueueInspector inspector = new QueueInspector(c, options.engine(), ingress, new RawIpSender(RawIpSocket.open()));
                    inspector.engine().apply(c, options.settings());
                    inspector.engine().setEmergency(emergency);
                    inspector.engine().setEventListener(this::engineEvent);
                    options.engineSetup().prepare(q, inspector.engine());
                    inspectors.set(q, inspector);
                    return inspector;
                } catch (NetlinkException e) {
                    throw new UncheckedIOException(e);
                }
            }, options.namespace() == null ? null : NetworkNamespace.named(options.namespace()), queueFailures::add);
        } catch (NetlinkException e) {
            throw new LiveGatewayException("cannot bind the NFQUEUE queues: " + e.getMessage(), e);
        }
    }

    /**
     * An engine's event, on its queue thread (or the thread applying a configuration): a source
     * the IPS blocked goes to the kernel's denylist through {@link #denylistWriter}; every event
     * goes on to {@link LiveOptions#events}.
     */
    private void engineEvent(EngineEvent event) {
        if (event instanceof EngineEvent.SourceBlocked blocked) {
            Ipv4Address source = new Ipv4Address(blocked.source());
            try {
                denylistWriter.execute(() -> denylistSource(source));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // stopping: the table goes away anyway
            }
        }
        options.events().accept(event);
    }

    private void denylistSource(Ipv4Address source) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                kernel.addToDenylist(source, null);
                denylistAdditions.incrementAndGet();
            } catch (RuntimeException e) {
                denylistFailures.add(e);
            }
        }
    }

    /** A new table starts with the configuration's denylist: the sources the IPS blocked since go in again. */
    private void restoreBlockedSources() {
        forEachEngine(i -> {
            for (var entry : i.engine().runtimeDenylist()) {
                try {
                    kernel.addToDenylist(entry.address(), null);
                } catch (RuntimeException e) {
                    denylistFailures.add(e);
                }
            }
        });
    }

    private void forEachEngine(Consumer<QueueInspector> action) {
        for (int q = 0; q < inspectors.length(); q++) {
            QueueInspector i = inspectors.get(q);
            if (i != null) {
                action.accept(i);
            }
        }
    }

    private void stopQuietly(RuntimeException cause) {
        try {
            stop();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void requireRunning() {
        if (stopped) {
            throw new IllegalStateException("the live gateway is stopped");
        }
    }
}
