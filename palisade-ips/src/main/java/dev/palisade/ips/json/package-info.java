/**
 * Allocation-free JSON output for records written at packet rate ({@link dev.palisade.ips.json.JsonLine}),
 * shared by the EVE writer and the Modbus and MQTT engines' EVE objects.
 */
package dev.palisade.ips.json;
