package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusTransaction;
import dev.palisade.ips.mqtt.MqttTransaction;
import dev.palisade.ips.rules.Rule;

/**
 * What the {@link Protector} reports besides verdicts, on its thread and in packet order: rule
 * matches, finished Modbus and MQTT transactions, application-layer anomalies, and ended flows.
 * The EVE writer ({@code dev.palisade.ips.eve.EveWriter}) is one; the gateway's audit is
 * another. Arguments are valid only during the call (packets, flows and transactions are reused);
 * implementations must not throw.
 */
public interface ProtectorListener {

    /**
     * {@code rule} matched {@code packet}; {@code transaction} is the {@link ModbusTransaction} or
     * {@link MqttTransaction} of an application-layer rule (reported again, complete, to
     * {@link #modbusTransaction}/{@link #mqttTransaction} later), the
     * {@link dev.palisade.ips.mqtt.MqttFrame} a {@code frame:} rule matched (a view valid during
     * the call only), else null.
     */
    default void alert(PacketMeta packet, Flow flow, Rule rule, Object transaction) {
    }

    /** A Modbus transaction is finished. */
    default void modbusTransaction(PacketMeta packet, Flow flow, ModbusTransaction tx) {
    }

    /** An MQTT transaction is finished. */
    default void mqttTransaction(PacketMeta packet, Flow flow, MqttTransaction tx) {
    }

    /**
     * An engine raised {@code event} ({@code invalid_qos_level}...) of protocol {@code app} on
     * transaction {@code txId} (the engine's number, from 1).
     */
    default void anomaly(PacketMeta packet, Flow flow, String app, String event, long txId) {
    }

    /** {@code flow} ended (FIN, RST, eviction or the end of the input). */
    default void flowEnded(Flow flow, long nowNanos) {
    }

    /** A listener that ignores everything. */
    ProtectorListener NONE = new ProtectorListener() {
    };
}
