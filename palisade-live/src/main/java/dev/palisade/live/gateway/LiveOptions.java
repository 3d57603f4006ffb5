package dev.palisade.live.gateway;

import dev.palisade.engine.EngineOptions;
import dev.palisade.policy.PolicySettings;

/**
 * How a {@link LiveGateway} runs besides its configuration: the number of NFQUEUE queues (one
 * per CPU by default, a thread each), fail-closed or fail-open inspection, the policy facts the
 * configuration document does not hold, the engine's sizing, and the network namespace to work
 * in ({@code null}: the one of this process, as in production; tests and the lab name one).
 *
 * @param queues NFQUEUE queues and inspector threads, 1-64
 * @param failOpen when true, flows that need inspection pass uninspected while no inspector
 *     listens or a queue is full; the default false drops them (no inspection, no transit)
 * @param settings web service port, Syslog port, IPS running
 * @param engine sizing of each inspector's traffic engine
 * @param namespace named network namespace ({@code ip netns}) holding the interfaces, or null
 */
public record LiveOptions(int queues, boolean failOpen, PolicySettings settings, EngineOptions engine, String namespace) {

    public LiveOptions {
        if (queues < 1 || queues > 64) {
            throw new IllegalArgumentException("queue count " + queues + " is not within 1-64");
        }
        if (settings == null || engine == null) {
            throw new IllegalArgumentException("policy settings and engine options are required");
        }
    }

    /** One queue per CPU (at most 64), fail-closed, default policy facts and engine sizing, this namespace. */
    public static LiveOptions defaults() {
        return new LiveOptions(Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 64), false, PolicySettings.DEFAULTS,
                EngineOptions.defaults(), null);
    }

    public LiveOptions withQueues(int count) {
        return new LiveOptions(count, failOpen, settings, engine, namespace);
    }

    public LiveOptions withFailOpen(boolean on) {
        return new LiveOptions(queues, on, settings, engine, namespace);
    }

    public LiveOptions withSettings(PolicySettings other) {
        return new LiveOptions(queues, failOpen, other, engine, namespace);
    }

    public LiveOptions withEngine(EngineOptions other) {
        return new LiveOptions(queues, failOpen, settings, other, namespace);
    }

    public LiveOptions inNamespace(String name) {
        return new LiveOptions(queues, failOpen, settings, engine, name);
    }
}
