package dev.palisade.ips.detect;

import dev.palisade.ips.rules.Direction;
import dev.palisade.ips.rules.Rule;
import dev.palisade.ips.rules.RuleSet;
import dev.palisade.ips.rules.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RuleSet} compiled into the matcher's decision structures, built once per rule load and
 * then read-only (so a reload builds a new one and swaps it in; see {@link Protector#reload}).
 *
 * <p>Rules are numbered in evaluation order, Suricata's default: {@code pass} first, then
 * {@code drop}, {@code reject}, {@code alert}; within an action by priority, then file order.
 * Packet rules are bucketed by transport and port: a {@code ->} rule with a single destination
 * port goes to that port's bucket, else one with a single source port to that source port's
 * bucket, else to its transport's catch-all; {@code ip} rules to the IP catch-all. A packet
 * consults at most four buckets (destination port, source port, transport catch-all, IP
 * catch-all), and in each only the rules whose fast pattern the bucket's Aho-Corasick automaton
 * found, plus the few without a pattern. Application-layer rules are grouped by protocol and
 * evaluated on the engines' transactions.
 */
public final class CompiledRules {

    private static final RuleGroup EMPTY = RuleGroup.of(List.of());

    final CompiledRule[] rules;
    final RuleGroup[] tcpByDst = new RuleGroup[65536];
    final RuleGroup[] tcpBySrc = new RuleGroup[65536];
    final RuleGroup[] udpByDst = new RuleGroup[65536];
    final RuleGroup[] udpBySrc = new RuleGroup[65536];
    final RuleGroup tcpAny;
    final RuleGroup udpAny;
    final RuleGroup ipAny;
    final int[] modbusRules;
    final int[] mqttRules;
    /**
     * The same rules without those that need an app-layer event, in the same order: most
     * transactions raise no event, and then the event rules cannot match.
     */
    final int[] modbusRulesWithoutEvents;
    final int[] mqttRulesWithoutEvents;
    /** Frame rules per {@link dev.palisade.ips.mqtt.MqttFrameType} ordinal, in evaluation order. */
    final int[][] frameRules;
    private final int patternCount;
    private final int groups;

    private CompiledRules(List<Rule> input) {
        List<Rule> ordered = new ArrayList<>(input);
        ordered.sort(Comparator.comparingInt(CompiledRule::actionRank).thenComparingInt(Rule::priority));
        rules = new CompiledRule[ordered.size()];
        Map<Integer, List<CompiledRule>> tcpDst = new HashMap<>();
        Map<Integer, List<CompiledRule>> tcpSrc = new HashMap<>();
        Map<Integer, List<CompiledRule>> udpDst = new HashMap<>();
        Map<Integer, List<CompiledRule>> udpSrc = new HashMap<>();
        List<CompiledRule> tcp = new ArrayList<>();
        List<CompiledRule> udp = new ArrayList<>();
        List<CompiledRule> ip = new ArrayList<>();
        List<Integer> modbus = new ArrayList<>();
        List<Integer> mqtt = new ArrayList<>();
        List<List<Integer>> frames = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < rules.length; i++) {
            CompiledRule r = new CompiledRule(ordered.get(i), i);
            rules[i] = r;
            if (r.never) {
                continue;
            }
            switch (r.layer) {
                case MODBUS -> modbus.add(i);
                case MQTT -> {
                    if (r.frame != null) {
                        frames.get(r.frame.ordinal()).add(i);
                    } else {
                        mqtt.add(i);
                    }
                }
                case OTHER_APP -> { }
                case PACKET -> {
                    Rule rule = r.rule;
                    if (rule.transport() == Transport.ANY) {
                        ip.add(r);
                        continue;
                    }
                    boolean isTcp = rule.transport() == Transport.TCP;
                    int dp = rule.direction() == Direction.ONE_WAY ? rule.destinationPorts().singlePort() : -1;
                    int sp = rule.direction() == Direction.ONE_WAY ? rule.sourcePorts().singlePort() : -1;
                    if (dp >= 0) {
                        (isTcp ? tcpDst : udpDst).computeIfAbsent(dp, k -> new ArrayList<>()).add(r);
                    } else if (sp >= 0) {
                        (isTcp ? tcpSrc : udpSrc).computeIfAbsent(sp, k -> new ArrayList<>()).add(r);
                    } else {
                        (isTcp ? tcp : udp).add(r);
                    }
                }
            }
        }
        int g = 0;
        int p = 0;
        for (var e : List.of(Map.entry(tcpDst, tcpByDst), Map.entry(tcpSrc, tcpBySrc), Map.entry(udpDst, udpByDst),
                Map.entry(udpSrc, udpBySrc))) {
            for (var b : e.getKey().entrySet()) {
                RuleGroup rg = RuleGroup.of(b.getValue());
                e.getValue()[b.getKey()] = rg;
                g++;
                p += rg.byPattern.length;
            }
        }
        tcpAny = RuleGroup.of(tcp);
        udpAny = RuleGroup.of(udp);
        ipAny = RuleGroup.of(ip);
        p += tcpAny.byPattern.length + udpAny.byPattern.length + ipAny.byPattern.length;
        groups = g + 3;
        patternCount = p;
        modbusRules = modbus.stream().mapToInt(Integer::intValue).toArray();
        mqttRules = mqtt.stream().mapToInt(Integer::intValue).toArray();
        modbusRulesWithoutEvents = java.util.Arrays.stream(modbusRules).filter(i -> rules[i].modbusEvents == 0).toArray();
        mqttRulesWithoutEvents = java.util.Arrays.stream(mqttRules).filter(i -> rules[i].mqttEvents == 0).toArray();
        frameRules = new int[frames.size()][];
        for (int k = 0; k < frameRules.length; k++) {
            frameRules[k] = frames.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Whether any rule inspects MQTT frames (the engine registers frames only then). */
    public boolean hasFrameRules() {
        for (int[] f : frameRules) {
            if (f.length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Compiles the rules of {@code set} (its skipped and refused rules are not part of it). */
    public static CompiledRules compile(RuleSet set) {
        return new CompiledRules(set.rules());
    }

    /** Compiles a list of rules. */
    public static CompiledRules compile(List<Rule> rules) {
        return new CompiledRules(rules);
    }

    /** Number of rules, in evaluation order. */
    public int size() {
        return rules.length;
    }

    /** The rule at a position of the evaluation order. */
    public Rule rule(int index) {
        return rules[index].rule;
    }

    /** Rules that load but can never match here (a buffer or protocol without an engine). */
    public List<Rule> unmatchable() {
        List<Rule> out = new ArrayList<>();
        for (CompiledRule r : rules) {
            if (r.never) {
                out.add(r.rule);
            }
        }
        return out;
    }

    /** One line for logs: rules, buckets, distinct fast patterns. */
    public String summary() {
        return rules.length + " rules, " + groups + " packet buckets, " + patternCount + " fast patterns, "
                + modbusRules.length + " modbus and " + mqttRules.length + " mqtt rules"
                + (hasFrameRules() ? ", " + (frameRules[0].length + frameRules[1].length + frameRules[2].length) + " mqtt frame rules" : "");
    }

    static RuleGroup or(RuleGroup g) {
        return g == null ? EMPTY : g;
    }
}
