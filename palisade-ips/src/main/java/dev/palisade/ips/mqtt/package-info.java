/**
 * The MQTT protocol engine of the Network Protector: framing of MQTT 3.1, 3.1.1 and 5.0 control
 * packets over reassembled TCP streams ({@link dev.palisade.ips.mqtt.MqttEngine},
 * {@link dev.palisade.ips.mqtt.MqttSession}), transactions grouped as Suricata groups them
 * ({@link dev.palisade.ips.mqtt.MqttTransaction}), the anomaly events
 * ({@link dev.palisade.ips.mqtt.MqttEvent}), the {@code mqtt.*} rule keywords and sticky buffers
 * ({@link dev.palisade.ips.mqtt.MqttKeywords}) and the EVE {@code mqtt} record
 * ({@link dev.palisade.ips.mqtt.MqttEveWriter}). docs/ips-mqtt.md describes the behaviour and the
 * differences from Suricata 7.
 */
package dev.palisade.ips.mqtt;
