package dev.palisade.bench;

import dev.palisade.config.model.GatewayConfig;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.ips.detect.ProtectorListener;
import dev.palisade.ips.detect.ProtectorSettings;
import dev.palisade.ips.gateway.NetworkProtector;
import dev.palisade.ips.rules.RuleParser;
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
 * engine ({@code --mode engine}, the test router configuration with LAN to WAN allowed), or through
 * the engine with the Network Protector as its transit inspector ({@code --mode ips}, the rules of
 * {@link #IPS_RULES}; {@code scripts/bench/modbus-ips-bench.sh}). Prints
 * one line per second and a summary; the packet rate itself is measured by iperf3 at the
 * receiver. Not a JMH benchmark: the kernel, iperf3 and this loop share the machine.
 *
 * <pre>
 *  ip netns exec GW java -cp palisade-benchmarks/target/benchmarks.jar dev.palisade.bench.NfqueueAcceptLoop \
 *      --queues 1 --batch 32 --seconds 15 [--mode accept|engine|ips --lan IFINDEX --wan IFINDEX] [--no-gso]
 * </pre>
 */
public final class NfqueueAcceptLoop {

    /**
     * An industrial rule set of the kind the Network Protector is given: writes and the risky
     * function codes dropped, unusual reads recorded. The benchmark's traffic (reads of 10 holding
     * registers) matches none of them, so every packet is inspected and passes.
     */
    static final String IPS_RULES = """
            drop modbus any any -> any any (msg:"Modbus write"; modbus: access write; sid:1000002;)
            drop modbus any any -> any any (msg:"Modbus diagnostics"; modbus: function 8; sid:1000003;)
            drop modbus any any -> any any (msg:"Modbus encapsulated interface"; modbus: function 43; sid:1000004;)
            drop modbus any any -> any any (msg:"Modbus program download"; modbus: function 90; sid:1000005;)
            alert modbus any any -> any any (msg:"Modbus read of the configuration block"; modbus: access read holding, address >1000; sid:1000006;)
            alert modbus any any -> any any (msg:"Modbus unit 0 broadcast"; modbus: unit 0; sid:1000007;)
            """;

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
        boolean ips = mode.equals("ips");
        boolean engine = mode.equals("engine") || ips;
        if (!engine && !mode.equals("accept")) {
            throw new IllegalArgumentException("--mode accept|engine|ips");
        }
        var rules = List.of(new RuleParser.RuleFile(NetworkProtector.COMMANDS_FILE, IPS_RULES));
        List<NetworkProtector> protectors = new java.util.concurrent.CopyOnWriteArrayList<>();
        GatewayConfig config = TestConfigs.router().masquerading(false).rule("accept", "In", "any", null, null, null, null).build();
        IngressMap ingress = engine ? new IngressMap(lan, wan) : null;
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (QueueGroup group = QueueGroup.start(configs, q -> {
            if (!engine) {
                return (PacketInspector) p -> PacketVerdict.ACCEPT;
            }
            QueueInspector inspector = new QueueInspector(config, EngineOptions.defaults(), ingress, FrameSink.DISCARD);
            if (ips) {
                try {
                    NetworkProtector protector = NetworkProtector.start(rules, ProtectorSettings.DEFAULTS, ProtectorListener.NONE);
                    protectors.add(protector);
                    inspector.engine().setTransitInspector(protector);
                } catch (NetworkProtector.RulesRejected e) {
                    throw new IllegalStateException(e);
                }
            }
            return inspector;
        }, null, failures::add)) {
            System.out.printf(Locale.ROOT, "bound %d queue(s), mode %s, batch %d, gso %s%n", queues, mode, batch, gso);
            long last = 0;
            for (int s = 1; s <= seconds && failures.isEmpty(); s++) {
                Thread.sleep(1000);
                QueueCounters c = group.counters().stream().reduce(QueueCounters::plus).orElseThrow();
                System.out.printf(Locale.ROOT, "t=%2ds %,9d pkt/s  total %,d  dropped %d  verdict msgs %,d  sends %,d  overruns %d%n",
                        s, c.packets() - last, c.packets(), c.dropped(), c.verdictMessages(), c.sends(), c.overruns());
                last = c.packets();
            }
            for (NetworkProtector p : protectors) {
                // read after the traffic stopped; approximate while a queue thread still runs
                System.out.printf(Locale.ROOT, "protector: %,d packets inspected, %,d Modbus PDUs, %,d rule evaluations, %d malformed%n",
                        p.protector().packets(), p.protector().modbusPdus(), p.protector().rulesEvaluated(), p.protector().malformed());
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
