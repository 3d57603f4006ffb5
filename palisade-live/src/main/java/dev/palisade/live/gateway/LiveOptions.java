package dev.palisade.live.gateway;

import dev.palisade.engine.EngineEvent;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.policy.PolicySettings;
import java.util.function.Consumer;

/**
 * How a {@link LiveGateway} runs besides its configuration: the number of NFQUEUE queues (one
 * per CPU by default, a thread each), fail-closed or fail-open inspection, the policy facts the
 * configuration document does not hold, the engine's sizing, the network namespace to work in
 * ({@code null}: the one of this process, as in production; tests and the lab name one), what
 * each queue's engine gets before its queue is fed (the industrial IPS as its transit inspector),
 * where the engines' events go, and whether emergency support mode is on from the first load.
 *
 * @param queues NFQUEUE queues and inspector threads, 1-64
 * @param failOpen when true, flows that need inspection pass uninspected while no inspector
 *     listens or a queue is full; the default false drops them (no inspection, no transit)
 * @param settings web service port, Syslog port, IPS running
 * @param engine sizing of each inspector's traffic engine
 * @param namespace named network namespace ({@code ip netns}) holding the interfaces, or null
 * @param engineSetup called once per queue with its engine, on the queue's thread, before any rule
 *     feeds the queue (installs the Network Protector: {@code TrafficEngine.setTransitInspector})
 * @param events where the engines' events go (the audit log); called on the queue threads and on
 *     the thread applying a configuration, so it must be thread-safe and must not block
 * @param emergency emergency support mode from the first ruleset load on
 */
public record LiveOptions(int queues, boolean failOpen, PolicySettings settings, EngineOptions engine, String namespace,
                          EngineSetup engineSetup, Consumer<EngineEvent> events, boolean emergency) {

    /** Prepares one queue's engine (see {@link LiveOptions#engineSetup}). */
    @FunctionalInterface
    public interface EngineSetup {
        EngineSetup NONE = (queue, engine) -> { };

        void prepare(int queue, TrafficEngine engine);
    }

    public LiveOptions {
        if (queues < 1 || queues > 64) {
            throw new IllegalArgumentException("queue count " + queues + " is not within 1-64");
        }
        if (settings == null || engine == null || engineSetup == null || events == null) {
            throw new IllegalArgumentException("policy settings, engine options, engine set-up and event listener are required");
        }
    }

    /** One queue per CPU (at most 64), fail-closed, default policy facts and engine sizing, this namespace, no IPS. */
    public static LiveOptions defaults() {
        return new LiveOptions(Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 64), false, PolicySettings.DEFAULTS,
                EngineOptions.defaults(), null, EngineSetup.NONE, event -> { }, false);
    }

    public LiveOptions withQueues(int count) {
        return new LiveOptions(count, failOpen, settings, engine, namespace, engineSetup, events, emergency);
    }

    public LiveOptions withFailOpen(boolean on) {
        return new LiveOptions(queues, on, settings, engine, namespace, engineSetup, events, emergency);
    }

    public LiveOptions withSettings(PolicySettings other) {
        return new LiveOptions(queues, failOpen, other, engine, namespace, engineSetup, events, emergency);
    }

    public LiveOptions withEngine(EngineOptions other) {
        return new LiveOptions(queues, failOpen, settings, other, namespace, engineSetup, events, emergency);
    }

    public LiveOptions inNamespace(String name) {
        return new LiveOptions(queues, failOpen, settings, engine, name, engineSetup, events, emergency);
    }

    public LiveOptions withEngineSetup(EngineSetup setup) {
        return new LiveOptions(queues, failOpen, settings, engine, namespace, setup, events, emergency);
    }

    public LiveOptions withEvents(Consumer<EngineEvent> listener) {
        return new LiveOptions(queues, failOpen, settings, engine, namespace, engineSetup, listener, emergency);
    }

    public LiveOptions withEmergency(boolean on) {
        return new LiveOptions(queues, failOpen, settings, engine, namespace, engineSetup, events, on);
    }
}
