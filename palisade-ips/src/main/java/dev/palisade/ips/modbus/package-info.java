/**
 * The Modbus/TCP protocol engine of the Network Protector: MBAP framing over the reassembled byte
 * streams of a connection ({@link dev.palisade.ips.modbus.ModbusInspector}, a
 * {@link dev.palisade.stream.StreamConsumer}), decoding of every public function code's request,
 * response and exception ({@link dev.palisade.ips.modbus.ModbusMessage}), request/response
 * matching by transaction id into pooled {@link dev.palisade.ips.modbus.ModbusTransaction}s, the
 * anomaly events ({@link dev.palisade.ips.modbus.ModbusEvent}), the {@code modbus:} rule keyword
 * ({@link dev.palisade.ips.modbus.ModbusKeywords}, {@link dev.palisade.ips.modbus.ModbusCondition})
 * and the EVE {@code modbus} object ({@link dev.palisade.ips.modbus.ModbusEve}). Names and value
 * formats follow Suricata 7; docs/ips-modbus.md lists where and why the engine differs. Owned by
 * one thread.
 */
package dev.palisade.ips.modbus;
