package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusCondition;
import dev.palisade.ips.modbus.ModbusEvent;
import dev.palisade.ips.mqtt.MqttBuffer;
import dev.palisade.ips.mqtt.MqttCondition;
import dev.palisade.ips.mqtt.MqttEvent;
import dev.palisade.ips.mqtt.MqttFrameType;
import dev.palisade.ips.rules.AppLayerEvent;
import dev.palisade.ips.rules.BufferMatches;
import dev.palisade.ips.rules.FlowOptions;
import dev.palisade.ips.rules.ProtocolCondition;
import dev.palisade.ips.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule prepared for evaluation: its steps per buffer with patterns copied once, its protocol
 * conditions cast to the engine's types, its app-layer events as the engines' bit sets. Rules
 * the protector cannot evaluate (a buffer or protocol it has no engine for) are marked
 * {@link #never}: they load, and never match. Immutable after compilation.
 */
final class CompiledRule {

    /** The application protocol of an app-layer rule. */
    enum Layer { PACKET, MODBUS, MQTT, OTHER_APP }

    final Rule rule;
    final int index;
    final Layer layer;
    final CompiledStep[] payload;
    final MqttBuffer[] mqttBuffers;
    final CompiledStep[][] mqttSteps;
    final ModbusCondition[] modbus;
    final MqttCondition[] mqtt;
    final int modbusEvents;
    final int mqttEvents;
    /** The frame type a {@code frame:} rule inspects, or null for other rules. */
    final MqttFrameType frame;
    final CompiledStep[] frameSteps;
    final boolean never;
    /** Both ends {@code any any}: the header test is the transport alone. */
    final boolean anyEnds;
    /** No {@code flow:} side or state and no {@code app-layer-protocol}: the flow test always passes. */
    final boolean anyFlow;

    CompiledRule(Rule rule, int index) {
        this.rule = rule;
        this.index = index;
        String app = rule.appProtocol().orElse(null);
        Layer l = app == null ? Layer.PACKET : switch (app) {
            case "modbus" -> Layer.MODBUS;
            case "mqtt" -> Layer.MQTT;
            default -> Layer.OTHER_APP;
        };
        boolean bad = l == Layer.OTHER_APP;
        CompiledStep[] pay = new CompiledStep[0];
        List<MqttBuffer> bufs = new ArrayList<>();
        List<CompiledStep[]> steps = new ArrayList<>();
        MqttFrameType ft = null;
        CompiledStep[] fsteps = new CompiledStep[0];
        for (BufferMatches bm : rule.buffers()) {
            if (bm.buffer().isPayload()) {
                pay = CompiledStep.of(bm.matches());
                continue;
            }
            MqttFrameType t = MqttFrameType.byKeyword(bm.buffer().name());
            if (t != null) {
                // One frame type per rule, as Suricata allows.
                bad |= l != Layer.MQTT || ft != null;
                ft = t;
                fsteps = CompiledStep.of(bm.matches());
                continue;
            }
            MqttBuffer b = MqttBuffer.byKeyword(bm.buffer().name());
            if (b == null || l != Layer.MQTT) {
                bad = true;
                continue;
            }
            bufs.add(b);
            steps.add(CompiledStep.of(bm.matches()));
        }
        List<ModbusCondition> mc = new ArrayList<>();
        List<MqttCondition> qc = new ArrayList<>();
        for (ProtocolCondition c : rule.conditions()) {
            if (c instanceof ModbusCondition m && l == Layer.MODBUS) {
                mc.add(m);
            } else if (c instanceof MqttCondition q && l == Layer.MQTT) {
                qc.add(q);
            } else {
                bad = true;
            }
        }
        int me = 0;
        int qe = 0;
        for (AppLayerEvent e : rule.events()) {
            if (e.protocol().equals("modbus") && l == Layer.MODBUS && ModbusEvent.byRuleName(e.name()) != null) {
                me |= ModbusEvent.byRuleName(e.name()).bit();
            } else if (e.protocol().equals("mqtt") && l == Layer.MQTT && MqttEvent.byName(e.name()) != null) {
                qe |= MqttEvent.byName(e.name()).bit();
            } else {
                bad = true;
            }
        }
        // A frame rule is inspected per frame, not per transaction: transaction keywords, events and
        // payload content have nothing to match there, so such a mix never matches (documented).
        if (ft != null && (!bufs.isEmpty() || !qc.isEmpty() || qe != 0 || pay.length > 0)) {
            bad = true;
        }
        this.layer = l;
        this.frame = ft;
        this.frameSteps = fsteps;
        this.payload = pay;
        this.mqttBuffers = bufs.toArray(new MqttBuffer[0]);
        this.mqttSteps = steps.toArray(new CompiledStep[0][]);
        this.modbus = mc.toArray(new ModbusCondition[0]);
        this.mqtt = qc.toArray(new MqttCondition[0]);
        this.modbusEvents = me;
        this.mqttEvents = qe;
        this.never = bad;
        this.anyEnds = rule.source().isAny() && rule.sourcePorts().isAny() && rule.destination().isAny()
                && rule.destinationPorts().isAny();
        this.anyFlow = rule.flow().side() == FlowOptions.Side.ANY && rule.flow().state() == FlowOptions.State.ANY
                && rule.appLayerProtocol().isEmpty();
    }

    /** Suricata's default action order: pass, drop, reject, alert; then priority, then file order. */
    static int actionRank(Rule r) {
        return switch (r.action()) {
            case PASS -> 0;
            case DROP -> 1;
            case REJECT -> 2;
            case ALERT -> 3;
        };
    }
}
