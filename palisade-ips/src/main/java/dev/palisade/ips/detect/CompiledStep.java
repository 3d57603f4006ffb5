package dev.palisade.ips.detect;

import dev.palisade.ips.rules.ContentMatch;
import dev.palisade.ips.rules.PayloadMatch;

/**
 * One inspection step prepared for evaluation: the step, the content bytes copied once (the rule
 * model hands out copies), and whether a relative step follows it, which is when backtracking
 * over this content's other occurrences can change the outcome.
 */
final class CompiledStep {

    final PayloadMatch match;
    final byte[] pattern;
    boolean laterRelative;

    CompiledStep(PayloadMatch match) {
        this.match = match;
        this.pattern = match instanceof ContentMatch c ? c.pattern() : null;
    }

    static CompiledStep[] of(java.util.List<PayloadMatch> matches) {
        CompiledStep[] s = new CompiledStep[matches.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = new CompiledStep(matches.get(i));
        }
        for (int i = 0; i < s.length; i++) {
            for (int k = i + 1; k < s.length; k++) {
                if (s[k].match.relative()) {
                    s[i].laterRelative = true;
                    break;
                }
            }
        }
        return s;
    }
}
