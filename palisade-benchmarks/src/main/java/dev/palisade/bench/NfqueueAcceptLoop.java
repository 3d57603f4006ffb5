package dev.palisade.bench;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.live.nfqueue.IngressMap;
import dev.palisade.live.nfqueue.PacketInspector;
import dev.palisade.live.nfqueue.PacketVerdict;
import dev.palisade.live.nfqueue.QueueConfig;
import dev.palisade.live.nfqueue.QueueCounters;
import dev.palisade.live.nfqueue.QueueGroup;
import dev.palisade.live.nfqueue.QueueInspector;
import dev.palisade.live.nfqueue.QueueStatus;
import dev.palisade.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The NFQUEUE consumer of the live benchmark ({@code scripts/bench/nfqueue-bench.sh}): binds
 * queues in the current network namespace (start it with {@code ip netns exec}) and answers
 * every packet, either accepting everything ({@code --mode accept}) or through the traffic
 * engine ({@code --mode engine}, the test router configuration with LAN to WAN allowed). Prints
 * one line per second and a summary; the packet rate itself is measured by iperf3 at the
 * receiver. Not a JMH benchmark: the kernel, iperf3 and this loop share the machine.
 *
 * <pre>
 *  ip netns exec GW java -cp palisade-benchmarks/target/benchmarks.jar dev.palisade.bench.NfqueueAcceptLoop \
 *      --queues 1 --batch 32 --seconds 15 [--mode accept|engine --lan IFINDEX --wan IFINDEX] [--no-gso]
 * </pre>
 */
public final class NfqueueAcceptLoop {

    private NfqueueAcceptLoop() {
    }

    public static void main(String[] args) throws Exception {
        int queues = 1;
        int batch = 32;
        int seconds = 15;
        String mode = "accept";
        int lan = 0;
        int wan = 0;
        boolean gso = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--queues" -> queues = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--lan" -> lan = Integer.parseInt(args[++i]);
                case "--wan" -> wan = Integer.parseInt(args[++i]);
                case "--no-gso" -> gso = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<QueueConfig> configs = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            configs.add(QueueConfig.defaults(q).withBatchSize(batch).withGso(gso));
        }
        boolean engine = mode.equals("engine");
        if (!engine && !mode.equals("accept")) {
            throw new IllegalArgumentException("--mode accept|engine");
        }
        GatewayConfig config = TestConfigs.router().masquerading(false).rule("accept", "In", "any", null, null, null, null).build();
        IngressMap ingress = engine ? new IngressMap(lan, wan) : null;
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (QueueGroup group = QueueGroup.start(configs, q -> engine
                ? new QueueInspector(config, EngineOptions.defaults(), ingress, FrameSink.DISCARD)
                : (PacketInspector) p -> PacketVerdict.ACCEPT, null, failures::add)) {
            System.out.printf(Locale.ROOT, "bound %d queue(s), mode %s, batch %d, gso %s%n", queues, mode, batch, gso);
            long last = 0;
            for (int s = 1; s <= seconds && failures.isEmpty(); s++) {
                Thread.sleep(1000);
                QueueCounters c = group.counters().stream().reduce(QueueCounters::plus).orElseThrow();
                System.out.printf(Locale.ROOT, "t=%2ds %,9d pkt/s  total %,d  dropped %d  verdict msgs %,d  sends %,d  overruns %d%n",
                        s, c.packets() - last, c.packets(), c.dropped(), c.verdictMessages(), c.sends(), c.overruns());
                last = c.packets();
            }
            for (QueueStatus st : group.status()) {
                System.out.printf(Locale.ROOT, "kernel queue %d: queue_dropped %d, user_dropped %d, last id %d%n", st.queue(), st.queueDropped(),
                        st.userDropped(), st.lastId());
            }
        }
        for (Throwable t : failures) {
            t.printStackTrace();
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
