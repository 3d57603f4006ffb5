package dev.palisade.ips.detect;

import dev.palisade.ips.rules.Prefilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packet rules of one bucket (a transport and a port, or the catch-all of a transport):
 * rules without a usable payload pattern are always candidates; the others become candidates only
 * when the group's {@link PatternAutomaton} finds their fast pattern in the payload. Identical
 * patterns share one automaton entry. Immutable.
 */
final class RuleGroup {

    final int[] always;
    final PatternAutomaton automaton;
    /** For each automaton pattern id, the rules whose fast pattern it is. */
    final int[][] byPattern;

    private RuleGroup(int[] always, PatternAutomaton automaton, int[][] byPattern) {
        this.always = always;
        this.automaton = automaton;
        this.byPattern = byPattern;
    }

    static RuleGroup of(List<CompiledRule> rules) {
        List<Integer> always = new ArrayList<>();
        Map<String, List<Integer>> byPattern = new LinkedHashMap<>();
        Map<String, byte[]> patterns = new LinkedHashMap<>();
        for (CompiledRule r : rules) {
            Prefilter p = r.rule.prefilter().filter(f -> f.buffer().isPayload()).orElse(null);
            byte[] bytes = p == null ? new byte[0] : p.bytes();
            if (bytes.length == 0) {
                always.add(r.index);
                continue;
            }
            byte[] folded = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                folded[i] = (byte) PatternAutomaton.fold(bytes[i]);
            }
            String key = Arrays.toString(folded);
            patterns.putIfAbsent(key, folded);
            byPattern.computeIfAbsent(key, k -> new ArrayList<>()).add(r.index);
        }
        int[][] table = new int[byPattern.size()][];
        int k = 0;
        for (List<Integer> ids : byPattern.values()) {
            table[k++] = ids.stream().mapToInt(Integer::intValue).toArray();
        }
        PatternAutomaton ac = patterns.isEmpty() ? null : PatternAutomaton.build(new ArrayList<>(patterns.values()));
        return new RuleGroup(always.stream().mapToInt(Integer::intValue).toArray(), ac, table);
    }

    boolean isEmpty() {
        return always.length == 0 && automaton == null;
    }
}
