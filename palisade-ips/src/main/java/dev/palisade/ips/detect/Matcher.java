package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusCondition;
import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttBuffer;
import dev.palisade.ips.mqtt.MqttCondition;
import dev.palisade.ips.mqtt.MqttFrame;
import dev.palisade.ips.mqtt.MqttFrames;
import dev.palisade.ips.mqtt.MqttSlice;
import dev.palisade.ips.mqtt.MqttTransaction;
import dev.palisade.ips.rules.Action;
import dev.palisade.ips.rules.AddressGroup;
import dev.palisade.ips.rules.AppProtocolMatch;
import dev.palisade.ips.rules.Direction;
import dev.palisade.ips.rules.FlowOptions;
import dev.palisade.ips.rules.PortGroup;
import dev.palisade.ips.rules.Rule;
import dev.palisade.ips.rules.Transport;
import java.util.Objects;

/**
 * Evaluates compiled rules against a packet or an application-layer transaction. Packet rules:
 * the packet's buckets are looked up, each bucket's automaton scans the payload once and marks
 * the candidate rules in a bit set, and the candidates are then evaluated fully in rule order
 * (header, flow, dsize, payload steps, threshold). Application-layer rules are evaluated on a
 * transaction when an engine reports a message, at most once per rule and transaction (the
 * caller keeps the transaction's fired set).
 *
 * <p>A matching {@code pass} rule ends the evaluation of the packet or transaction (pass rules
 * come first in rule order, so nothing after it is reported). Not thread-safe: one matcher per
 * thread; steady-state evaluation allocates nothing except inside RE2/J for {@code pcre} and on
 * a threshold's first match per key.
 */
public final class Matcher {

    /** Receives each rule that matched, in rule order. */
    public interface Sink {
        /**
         * @param rule        the rule
         * @param transaction the Modbus or MQTT transaction an app-layer rule matched on, the
         *                    {@link MqttFrame} a frame rule matched on (valid during the call), or null
         */
        void matched(Rule rule, Object transaction);
    }

    private CompiledRules rules;
    private long[] candidates;
    private final PayloadEvaluator evaluator = new PayloadEvaluator();
    private final ThresholdTable thresholds = new ThresholdTable();
    private final MqttSlice slice = new MqttSlice();
    private final MqttFrame frame = new MqttFrame();
    private final PatternAutomaton.Hits hits = this::hit;
    private RuleGroup scanning;
    private long evaluated;

    public Matcher(CompiledRules rules) {
        use(rules);
    }

    /** Switches to another rule set (thresholds restart: their keys are rule positions). */
    public void use(CompiledRules next) {
        this.rules = Objects.requireNonNull(next, "rules");
        this.candidates = new long[(next.size() + 63) >>> 6];
        thresholds.clear();
    }

    public CompiledRules rules() {
        return rules;
    }

    /** Rules evaluated fully so far (candidates that passed the prefilter): a measure of the prefilter's work. */
    public long evaluated() {
        return evaluated;
    }

    /** Runs the packet rules on {@code p}; returns false when a pass rule matched. */
    public boolean packet(PacketMeta p, Sink sink) {
        CompiledRules r = rules;
        int words = candidates.length;
        if (p.ipProtocol == 6) {
            collect(CompiledRules.or(r.tcpByDst[p.destinationPort]), p);
            collect(CompiledRules.or(r.tcpBySrc[p.sourcePort]), p);
            collect(r.tcpAny, p);
        } else if (p.ipProtocol == 17) {
            collect(CompiledRules.or(r.udpByDst[p.destinationPort]), p);
            collect(CompiledRules.or(r.udpBySrc[p.sourcePort]), p);
            collect(r.udpAny, p);
        }
        collect(r.ipAny, p);
        boolean go = true;
        for (int w = 0; w < words; w++) {
            long bits = candidates[w];
            if (bits == 0) {
                continue;
            }
            candidates[w] = 0;
            while (bits != 0 && go) {
                int i = (w << 6) | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                CompiledRule c = r.rules[i];
                evaluated++;
                if (packetMatches(c, p) && report(c, p, null, sink)) {
                    go = false;
                }
            }
        }
        return go;
    }

    /**
     * The reference the prefilter is tested against: every packet rule evaluated in rule order,
     * no buckets, no automaton. Same outcome as {@link #packet}, at a cost linear in the rules.
     */
    boolean packetWithoutPrefilter(PacketMeta p, Sink sink) {
        for (CompiledRule c : rules.rules) {
            if (c.never || c.layer != CompiledRule.Layer.PACKET) {
                continue;
            }
            if (packetMatches(c, p) && report(c, p, null, sink)) {
                return false;
            }
        }
        return true;
    }

    private void collect(RuleGroup g, PacketMeta p) {
        for (int i : g.always) {
            candidates[i >>> 6] |= 1L << i;
        }
        if (g.automaton != null && p.payloadLength > 0) {
            scanning = g;
            g.automaton.scan(p.buffer, p.payloadOffset, p.payloadLength, hits);
        }
    }

    private void hit(int pattern) {
        for (int i : scanning.byPattern[pattern]) {
            candidates[i >>> 6] |= 1L << i;
        }
    }

    private boolean packetMatches(CompiledRule c, PacketMeta p) {
        Rule r = c.rule;
        if (!header(r, p) || !flow(r, p, p.toServer)) {
            return false;
        }
        if (r.payloadSize().isPresent() && !r.payloadSize().get().test(p.payloadLength)) {
            return false;
        }
        return c.payload.length == 0
                || p.payloadLength > 0 && evaluator.matches(c.payload, p.buffer, p.payloadOffset, p.payloadLength);
    }

    /** Runs the Modbus rules on {@code tx}; {@code fired} marks rules already reported on it. Returns false after a pass rule. */
    public boolean modbus(PacketMeta p, ModbusTransaction tx, long[] fired, Sink sink) {
        CompiledRules r = rules;
        for (int i : tx.events() == 0 ? r.modbusRulesWithoutEvents : r.modbusRules) {
            if ((fired[i >>> 6] & (1L << i)) != 0) {
                continue;
            }
            CompiledRule c = r.rules[i];
            evaluated++;
            // the event test first: most protocol-event rules wait for an event that is not there
            if ((tx.events() & c.modbusEvents) != c.modbusEvents || !appHeader(c, p)) {
                continue;
            }
            boolean ok = true;
            for (ModbusCondition m : c.modbus) {
                if (!m.matches(tx)) {
                    ok = false;
                    break;
                }
            }
            if (ok && appPayload(c, p)) {
                fired[i >>> 6] |= 1L << i;
                if (report(c, p, tx, sink)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Runs the MQTT rules on {@code tx}; as {@link #modbus}. */
    public boolean mqtt(PacketMeta p, MqttTransaction tx, long[] fired, Sink sink) {
        CompiledRules r = rules;
        for (int i : tx.events() == 0 ? r.mqttRulesWithoutEvents : r.mqttRules) {
            if ((fired[i >>> 6] & (1L << i)) != 0) {
                continue;
            }
            CompiledRule c = r.rules[i];
            evaluated++;
            if ((tx.events() & c.mqttEvents) != c.mqttEvents || !appHeader(c, p)) {
                continue;
            }
            boolean ok = true;
            for (MqttCondition m : c.mqtt) {
                if (!m.matches(tx)) {
                    ok = false;
                    break;
                }
            }
            for (int b = 0; ok && b < c.mqttBuffers.length; b++) {
                ok = buffer(c.mqttBuffers[b], c.mqttSteps[b], tx);
            }
            if (ok && appPayload(c, p)) {
                fired[i >>> 6] |= 1L << i;
                if (report(c, p, tx, sink)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Runs the {@code frame:} rules on the first {@code count} frames of {@code direction} in
     * {@code frames} (registration order; per frame, rule order), each rule at most once per
     * frame. The caller then consumes them. Returns false after a pass rule.
     */
    public boolean mqttFrames(PacketMeta p, MqttFrames frames, int direction, int count, Sink sink) {
        CompiledRules r = rules;
        // At the end of a flow the other direction's frames are inspected on the last packet too:
        // its addresses are then read the other way round.
        boolean reversed = (direction == 0) != p.toServer;
        for (int k = 0; k < count; k++) {
            frames.frame(direction, k, frame);
            for (int i : r.frameRules[frame.type().ordinal()]) {
                CompiledRule c = r.rules[i];
                evaluated++;
                if (header(c.rule, p, reversed) && flow(c.rule, p, direction == 0)
                        && evaluator.matches(c.frameSteps, frame.array(), frame.offset(), frame.available())
                        && report(c, p, frame, sink)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the current rules inspect MQTT frames. */
    public boolean inspectsFrames() {
        return rules.hasFrameRules();
    }

    /** The number of words a fired set needs for the current rules. */
    public int firedWords() {
        return candidates.length;
    }

    private boolean buffer(MqttBuffer b, CompiledStep[] steps, MqttTransaction tx) {
        int n = b.count(tx);
        for (int k = 0; k < n; k++) {
            if (b.get(tx, k, slice) && evaluator.matches(steps, slice.array(), slice.offset(), slice.length())) {
                return true;
            }
        }
        return false;
    }

    private boolean appHeader(CompiledRule c, PacketMeta p) {
        Rule r = c.rule;
        boolean ends = c.anyEnds
                ? !(r.transport() == Transport.TCP && p.ipProtocol != 6 || r.transport() == Transport.UDP && p.ipProtocol != 17)
                : header(r, p);
        return ends && (c.anyFlow || flow(r, p, p.toServer));
    }

    private boolean appPayload(CompiledRule c, PacketMeta p) {
        Rule r = c.rule;
        if (r.payloadSize().isPresent() && !r.payloadSize().get().test(p.payloadLength)) {
            return false;
        }
        return c.payload.length == 0
                || p.payloadLength > 0 && evaluator.matches(c.payload, p.buffer, p.payloadOffset, p.payloadLength);
    }

    /** Returns true when the rule is a pass rule (evaluation stops). */
    private boolean report(CompiledRule c, PacketMeta p, Object tx, Sink sink) {
        if ((c.rule.threshold().isPresent() || c.rule.detectionFilter().isPresent()) && !thresholds.allow(c, p)) {
            return false;
        }
        if (!c.rule.noalert() || c.rule.action() == Action.PASS) {
            sink.matched(c.rule, tx);
        }
        return c.rule.action() == Action.PASS;
    }

    static boolean header(Rule r, PacketMeta p) {
        return header(r, p, false);
    }

    /** The rule header against {@code p}, or against {@code p} seen in the opposite direction when {@code reversed}. */
    static boolean header(Rule r, PacketMeta p, boolean reversed) {
        if (r.transport() == Transport.TCP && p.ipProtocol != 6 || r.transport() == Transport.UDP && p.ipProtocol != 17) {
            return false;
        }
        if (side(r.source(), r.sourcePorts(), p, !reversed) && side(r.destination(), r.destinationPorts(), p, reversed)) {
            return true;
        }
        return r.direction() == Direction.BOTH
                && side(r.source(), r.sourcePorts(), p, reversed) && side(r.destination(), r.destinationPorts(), p, !reversed);
    }

    private static boolean side(AddressGroup a, PortGroup ports, PacketMeta p, boolean source) {
        if (!a.isAny()) {
            if (p.ipv6 || !a.contains(PacketMeta.v4(source ? p.source : p.destination))) {
                return false;
            }
        }
        if (ports.isAny()) {
            return true;
        }
        if (p.ipProtocol != 6 && p.ipProtocol != 17) {
            return false;
        }
        return ports.contains(source ? p.sourcePort : p.destinationPort);
    }

    static boolean flow(Rule r, PacketMeta p, boolean toServer) {
        FlowOptions f = r.flow();
        if (f.side() == FlowOptions.Side.TO_SERVER && !toServer || f.side() == FlowOptions.Side.TO_CLIENT && toServer) {
            return false;
        }
        Flow flow = p.flow;
        boolean established = flow != null && flow.established;
        if (f.state() == FlowOptions.State.ESTABLISHED && !established
                || f.state() == FlowOptions.State.NOT_ESTABLISHED && established) {
            return false;
        }
        AppProtocolMatch am = r.appLayerProtocol().orElse(null);
        if (am != null) {
            String app = flow == null ? null : flow.appName();
            boolean same = am.protocol().equals(app);
            if (same == am.negated()) {
                return false;
            }
        }
        return true;
    }
}
