package dev.palisade.bench;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.packet.Ipv4;
import dev.palisade.policy.RuleClassifier;
import dev.palisade.testing.Frames;
import dev.palisade.testing.LinearRuleMatcher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The custom-rule lookup alone: {@link RuleClassifier#match} (bit-vector classifier) against
 * {@link LinearRuleMatcher#match} (check every rule in order), for {@code rules} = 8, 64 and 512
 * rules of {@link BenchScenario#customRules} in one group, in the same run.
 *
 * <ul>
 *   <li>{@code *MatchLast}: LAN-to-Internet TCP packets that only the last rule matches (the
 *       linear scan's worst case among matches);
 *   <li>{@code *NoMatch}: unsolicited WAN packets to the WAN address that no rule matches (what
 *       the engine looks up for every untracked packet that reaches the custom stages).
 * </ul>
 *
 * <p>Each operation takes the next of 256 pre-computed packet tuples (varied hosts, servers and
 * ports), so branch prediction does not learn a single packet. Result: ns per lookup.
 *
 * <p>Run: {@code java -jar palisade-benchmarks/target/benchmarks.jar PolicyBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PolicyBenchmark {

    private static final int TUPLES = 256;

    @Param({"8", "64", "512"})
    public int rules;

    private RuleClassifier classifier;
    private LinearRuleMatcher linear;
    private final int[] matchSrc = new int[TUPLES];
    private final int[] matchDst = new int[TUPLES];
    private final int[] matchSport = new int[TUPLES];
    private final int[] matchDport = new int[TUPLES];
    private final int[] missSrc = new int[TUPLES];
    private final int[] missSport = new int[TUPLES];
    private final int[] missDport = new int[TUPLES];
    private int wanAddress;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        List<FirewallRule> list = BenchScenario.customRules(rules);
        int[] indices = new int[list.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        classifier = new RuleClassifier(list, indices);
        linear = new LinearRuleMatcher(list, indices);
        wanAddress = Frames.ip("198.51.100.2");
        int lan = Frames.ip("192.168.1.0");
        int servers = Frames.ip("100.64.0.1");
        int unknown = Frames.ip("45.0.0.1");
        int[] ports = {80, 443, 502, 4840, 8080};
        for (int i = 0; i < TUPLES; i++) {
            matchSrc[i] = lan + 10 + (i * 37) % 200;
            matchDst[i] = servers + (i * 101) % 1000;
            matchSport[i] = 20000 + (i * 13) % 100;
            matchDport[i] = ports[i % ports.length];
            missSrc[i] = unknown + i * 65_537;
            missSport[i] = 1024 + (i * 7919) % 60000;
            missDport[i] = 1024 + (i * 104_729) % 28000;   // below the rules' 30000+ ports
        }
        // The lookups must agree with each other and with the scenario's intent.
        for (int i = 0; i < TUPLES; i++) {
            int a = classifier.match(0, Ipv4.PROTOCOL_TCP, matchSrc[i], matchDst[i], matchSport[i], matchDport[i]);
            int b = linear.match(0, Ipv4.PROTOCOL_TCP, matchSrc[i], matchDst[i], matchSport[i], matchDport[i]);
            int c = classifier.match(1, Ipv4.PROTOCOL_TCP, missSrc[i], wanAddress, missSport[i], missDport[i]);
            int d = linear.match(1, Ipv4.PROTOCOL_TCP, missSrc[i], wanAddress, missSport[i], missDport[i]);
            if (a != rules - 1 || b != rules - 1 || c != -1 || d != -1) {
                throw new IllegalStateException("tuple " + i + ": " + a + " " + b + " " + c + " " + d);
            }
        }
    }

    @Benchmark
    public int classifierMatchLast() {
        int i = cursor++ & (TUPLES - 1);
        return classifier.match(0, Ipv4.PROTOCOL_TCP, matchSrc[i], matchDst[i], matchSport[i], matchDport[i]);
    }

    @Benchmark
    public int linearMatchLast() {
        int i = cursor++ & (TUPLES - 1);
        return linear.match(0, Ipv4.PROTOCOL_TCP, matchSrc[i], matchDst[i], matchSport[i], matchDport[i]);
    }

    @Benchmark
    public int classifierNoMatch() {
        int i = cursor++ & (TUPLES - 1);
        return classifier.match(1, Ipv4.PROTOCOL_TCP, missSrc[i], wanAddress, missSport[i], missDport[i]);
    }

    @Benchmark
    public int linearNoMatch() {
        int i = cursor++ & (TUPLES - 1);
        return linear.match(1, Ipv4.PROTOCOL_TCP, missSrc[i], wanAddress, missSport[i], missDport[i]);
    }
}
