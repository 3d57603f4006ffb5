package dev.palisade.cli;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.model.Ipv4Address;
import dev.palisade.engine.EngineEvent;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records the traffic engine's events in the firewall audit log (TrafficController events). The
 * engine must never wait for a durable commit, so events are handed to one recording thread
 * through a bounded queue; what does not fit is counted, not blocked on.
 */
public final class EngineAuditRecorder implements Consumer<EngineEvent>, AutoCloseable {

    private static final int QUEUE_CAPACITY = 4096;

    private final AuditStore store;
    private final BlockingQueue<EngineEvent> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread recorder;
    private volatile boolean running = true;

    public EngineAuditRecorder(AuditStore store) {
        this.store = store;
        this.recorder = Thread.ofPlatform().name("engine-audit").daemon().start(this::drain);
    }

    @Override
    public void accept(EngineEvent event) {
        if (!pending.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events the queue could not take because the store fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the store refused (each is also reported on standard error). */
    public long failed() {
        return failed.get();
    }

    /** The audit event and values an engine event is recorded as. */
    static Map.Entry<AuditEventType, Map<String, String>> toAudit(EngineEvent event) {
        return switch (event) {
            case EngineEvent.FirewallRulesChanged ignored ->
                    Map.entry(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES, Map.of());
            case EngineEvent.RouteNotApplied r -> Map.entry(AuditEventType.ERROR_CREATING_ROUTE,
                    Map.of("description", r.route().destination() + " via " + r.route().gateway() + ": " + r.reason()));
            case EngineEvent.ConnectionCut c -> Map.entry(AuditEventType.APPLICATION_PROTOCOL_TRAFFIC_BLOCKED, Map.of(
                    "source address", Ipv4Address.format(c.client()),
                    "destination address", Ipv4Address.format(c.server()),
                    "port", Integer.toString(c.serverPort()),
                    "protocol", protocolText(c)));
            case EngineEvent.SourceBlocked b -> Map.entry(AuditEventType.TRAFFIC_BLOCKING,
                    Map.of("IP address", Ipv4Address.format(b.source())));
            case EngineEvent.DenylistFull f -> Map.entry(AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY, Map.of(
                    // the engine rate-limits these; the sources folded into this event are counted here
                    "IP address", f.suppressed() == 0 ? Ipv4Address.format(f.source())
                            : Ipv4Address.format(f.source()) + " (and " + f.suppressed() + " more sources not reported one by one)",
                    "maximum number of rules", Integer.toString(f.limit())));
            case EngineEvent.ProtectorFailed ignored ->
                    Map.entry(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE, Map.of());
        };
    }

    /** The protocol's name; the engine rate-limits cuts, and the ones folded into this event are counted here. */
    private static String protocolText(EngineEvent.ConnectionCut c) {
        String name = c.protocol().key().toUpperCase(Locale.ROOT);
        return c.suppressed() == 0 ? name : name + " (and " + c.suppressed() + " more connections not reported one by one)";
    }

    private void drain() {
        while (running || !pending.isEmpty()) {
            EngineEvent event;
            try {
                event = pending.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                continue;
            }
            var audit = toAudit(event);
            try {
                store.record(audit.getKey(), audit.getValue());
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                System.err.println("palisade: could not record " + audit.getKey() + ": " + e.getMessage());
            }
        }
    }

    /** Records what is still queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            recorder.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
