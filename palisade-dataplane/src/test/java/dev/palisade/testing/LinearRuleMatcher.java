package dev.palisade.testing;

import dev.palisade.config.model.FirewallRule;
import dev.palisade.packet.Ipv4;
import java.util.List;

/**
 * The naive matcher: check every rule in order. The reference the classifier is tested against,
 * and the baseline the benchmarks compare it with.
 */
public final class LinearRuleMatcher {

    private final FirewallRule[] rules;
    private final int[] indices;

    public LinearRuleMatcher(List<FirewallRule> rules, int[] indices) {
        this.rules = rules.toArray(new FirewallRule[0]);
        this.indices = indices.clone();
    }

    public int match(int zone, int protocol, int src, int dst, int sport, int dport) {
        boolean ported = protocol == Ipv4.PROTOCOL_TCP || protocol == Ipv4.PROTOCOL_UDP;
        for (int i = 0; i < rules.length; i++) {
            FirewallRule r = rules[i];
            if ((r.zone() == FirewallRule.Zone.IN ? 0 : 1) != zone) {
                continue;
            }
            int rp = r.protocol().ipProtocol();
            if (rp >= 0 && rp != protocol) {
                continue;
            }
            if (!r.source().contains(src) || !r.destination().contains(dst)) {
                continue;
            }
            if (ported) {
                if (!r.sourcePort().contains(sport) || !r.destinationPort().contains(dport)) {
                    continue;
                }
            } else if (!r.sourcePort().isAny() || !r.destinationPort().isAny()) {
                continue;
            }
            return indices[i];
        }
        return -1;
    }
}
