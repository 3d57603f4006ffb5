/**
 * Network Protector, the industrial IPS: rule language, protocol engines for Modbus/TCP and MQTT, the rule matcher and EVE output.
 */
package dev.palisade.ips;
