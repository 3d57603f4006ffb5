package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.config.model.Ipv4Prefix;
import dev.palisade.config.model.PortRange;
import dev.palisade.testing.LinearRuleMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bit-vector classifier must agree with the obvious linear scan on every packet: random
 * rule tables (sizes 0 to 512, addresses and ports drawn from small pools so that rules overlap)
 * against random packets, seeded so a failure can be replayed.
 */
class RuleClassifierTest {

    private static final int[] ADDRESS_POOL = {0x0a000000, 0x0a000001, 0x0a0000ff, 0xc0a80100, 0xc0a8011e, 0xcb00710a, 0xffffffff, 0x80000000, 0x7fffffff};

    static FirewallRule randomRule(SplittableRandom r) {
        return new FirewallRule(true,
                r.nextBoolean() ? FirewallRule.Action.ACCEPT : FirewallRule.Action.DENY,
                randomPrefix(r), randomPrefix(r), randomPorts(r), randomPorts(r),
                FirewallRule.RuleProtocol.values()[r.nextInt(4)],
                r.nextBoolean() ? FirewallRule.Zone.IN : FirewallRule.Zone.OUT);
    }

    static Ipv4Prefix randomPrefix(SplittableRandom r) {
        if (r.nextInt(3) == 0) {
            return Ipv4Prefix.ANY;
        }
        int length = new int[] {8, 16, 24, 28, 31, 32}[r.nextInt(6)];
        return Ipv4Prefix.containing(ADDRESS_POOL[r.nextInt(ADDRESS_POOL.length)], length);
    }

    static PortRange randomPorts(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0, 1 -> PortRange.ANY;
            case 2 -> PortRange.single(new int[] {0, 1, 80, 502, 65535}[r.nextInt(5)]);
            default -> {
                int a = r.nextInt(65536);
                int b = r.nextInt(65536);
                yield new PortRange(Math.min(a, b), Math.max(a, b));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 63, 64, 65, 200, 512})
    void agreesWithALinearScan(int size) {
        SplittableRandom r = new SplittableRandom(size * 7919L + 1);
        List<FirewallRule> rules = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rules.add(randomRule(r));
        }
        int[] indices = IntStream.range(0, size).map(i -> i * 2 + 1).toArray();
        RuleClassifier classifier = new RuleClassifier(rules, indices);
        LinearRuleMatcher linear = new LinearRuleMatcher(rules, indices);
        int[] protocols = {1, 6, 17, 47};
        for (int k = 0; k < 20_000; k++) {
            int zone = r.nextInt(2);
            int proto = protocols[r.nextInt(4)];
            int src = r.nextInt(4) == 0 ? r.nextInt() : ADDRESS_POOL[r.nextInt(ADDRESS_POOL.length)] + r.nextInt(3) - 1;
            int dst = r.nextInt(4) == 0 ? r.nextInt() : ADDRESS_POOL[r.nextInt(ADDRESS_POOL.length)] + r.nextInt(3) - 1;
            int sport = r.nextInt(3) == 0 ? r.nextInt(65536) : new int[] {0, 1, 80, 502, 65535}[r.nextInt(5)];
            int dport = r.nextInt(3) == 0 ? r.nextInt(65536) : new int[] {0, 1, 80, 502, 65535}[r.nextInt(5)];
            assertThat(classifier.match(zone, proto, src, dst, sport, dport))
                    .as("rules=%d packet #%d", size, k)
                    .isEqualTo(linear.match(zone, proto, src, dst, sport, dport));
        }
    }
}
