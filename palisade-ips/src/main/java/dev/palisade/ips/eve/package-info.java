/**
 * EVE JSON output of the Network Protector ({@link dev.palisade.ips.eve.EveWriter}): alerts,
 * Modbus and MQTT transactions, anomalies and flows with Suricata's field names.
 */
package dev.palisade.ips.eve;
