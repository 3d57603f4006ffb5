package dev.palisade.ips.detect;

import dev.palisade.ips.modbus.ModbusSettings;
import dev.palisade.ips.mqtt.MqttEveOptions;
import dev.palisade.ips.mqtt.MqttLimits;

/**
 * How the {@link Protector} runs. Immutable.
 *
 * @param modbusEnabled    inspect Modbus/TCP (Suricata: {@code app-layer.protocols.modbus.enabled}, off by default there)
 * @param mqttEnabled      inspect MQTT
 * @param modbusPort       the port whose connections are probed for Modbus (Suricata's {@code detection-ports}, 502)
 * @param mqttPort         the port whose connections are MQTT (1883); on other ports a client's CONNECT decides
 * @param modbus           the Modbus engine's limits
 * @param mqtt             the MQTT engine's limits
 * @param mqttEve          options of EVE {@code mqtt} records (string-log-limit, passwords)
 * @param midstream        pick up TCP connections whose handshake was not seen
 * @param maxFlows         flows followed at once (TCP and UDP); beyond, packets are inspected without flow state
 * @param timeouts         idle timeouts of flows (Suricata's {@code flow-timeouts})
 */
public record ProtectorSettings(boolean modbusEnabled, boolean mqttEnabled, int modbusPort, int mqttPort,
        ModbusSettings modbus, MqttLimits mqtt, MqttEveOptions mqttEve, boolean midstream, int maxFlows,
        FlowTimeouts timeouts) {

    /** The gateway's defaults: both protocols on, midstream pickup on, 65,536 flows, the shipped suricata.yaml's timeouts. */
    public static final ProtectorSettings DEFAULTS = new ProtectorSettings(true, true, 502, 1883, ModbusSettings.DEFAULTS,
            MqttLimits.DEFAULTS, MqttEveOptions.DEFAULTS, true, 65_536, FlowTimeouts.SHIPPED);

    public ProtectorSettings {
        if (maxFlows < 1 || maxFlows > 1 << 22) {
            throw new IllegalArgumentException("maxFlows must be 1.." + (1 << 22) + ", got " + maxFlows);
        }
        if (modbusPort < 0 || modbusPort > 65535 || mqttPort < 0 || mqttPort > 65535) {
            throw new IllegalArgumentException("ports must be 0-65535");
        }
        if (timeouts == null) {
            throw new IllegalArgumentException("timeouts must be given");
        }
    }

    public ProtectorSettings withMidstream(boolean on) {
        return new ProtectorSettings(modbusEnabled, mqttEnabled, modbusPort, mqttPort, modbus, mqtt, mqttEve, on, maxFlows, timeouts);
    }

    public ProtectorSettings withMaxFlows(int n) {
        return new ProtectorSettings(modbusEnabled, mqttEnabled, modbusPort, mqttPort, modbus, mqtt, mqttEve, midstream, n, timeouts);
    }

    public ProtectorSettings withTimeouts(FlowTimeouts t) {
        return new ProtectorSettings(modbusEnabled, mqttEnabled, modbusPort, mqttPort, modbus, mqtt, mqttEve, midstream, maxFlows, t);
    }
}
