package dev.palisade.ips.modbus;

import dev.palisade.ips.json.JsonLine;

/**
 * Writes a transaction as the {@code modbus} object of an EVE record, with Suricata 7's field
 * names and value formats:
 *
 * <pre>
 * "modbus": {"id": 1,
 *   "request":  {"transaction_id", "protocol_id", "unit_id", "function_raw", "function_code": "RdCoils",
 *                "access_type": "READ | COILS", "category": "PUBLIC_ASSIGNED", "error_flags": "NONE",
 *                one of: "read": {"address", "quantity"} | "read": {"data"} | "write": {...} | "read" + "write"
 *                        | "diagnostic": {"raw", "code", "data"} | "mei": {"raw", "code", "data"}
 *                        | "exception": {"raw", "code"} | "data"},
 *   "response": {... the same ...}}
 * </pre>
 *
 * Byte strings ({@code data}) are written as Suricata writes them: as text when they are valid
 * UTF-8, otherwise byte by byte, ASCII as itself and every other byte as the four characters
 * {@code \xNN} ({@link JsonLine#writeBytes}, which also escapes control characters in lower-case
 * hex, {@code \u000e}, as Suricata does).
 */
public final class ModbusEve {

    private ModbusEve() {
    }

    /** Writes the property {@code "modbus": {...}} into the object {@code g} is in. */
    public static void write(JsonLine g, ModbusTransaction tx) {
        g.writeName("modbus");
        g.writeStartObject();
        g.writeNumberProperty("id", tx.id());
        if (tx.hasRequest()) {
            g.writeName("request");
            writeMessage(g, tx.request());
        }
        if (tx.hasResponse()) {
            g.writeName("response");
            writeMessage(g, tx.response());
        }
        g.writeEndObject();
    }

    /** Writes one message as an object (the value of {@code request} or {@code response}). */
    public static void writeMessage(JsonLine g, ModbusMessage m) {
        g.writeStartObject();
        g.writeNumberProperty("transaction_id", m.transactionId());
        g.writeNumberProperty("protocol_id", m.protocolId());
        g.writeNumberProperty("unit_id", m.unitId());
        g.writeNumberProperty("function_raw", m.functionRaw());
        g.writeStringProperty("function_code", ModbusCodes.functionName(m.function()));
        g.writeStringProperty("access_type", ModbusCodes.accessString(m.access()));
        g.writeStringProperty("category", ModbusCodes.categoryString(m.category()));
        g.writeStringProperty("error_flags", ModbusCodes.errorString(m.errors()));
        switch (m.kind()) {
            case EXCEPTION -> {
                g.writeObjectPropertyStart("exception");
                g.writeNumberProperty("raw", m.exceptionCode());
                g.writeStringProperty("code", ModbusCodes.exceptionName(m.exceptionCode()));
                g.writeEndObject();
            }
            case DIAGNOSTIC -> {
                g.writeObjectPropertyStart("diagnostic");
                g.writeNumberProperty("raw", m.subfunction());
                g.writeStringProperty("code", ModbusCodes.diagnosticName(m.subfunction()));
                g.writeBytesProperty("data", m.bytes(), m.dataOffset(), m.dataLength());
                g.writeEndObject();
            }
            case MEI -> {
                g.writeObjectPropertyStart("mei");
                g.writeNumberProperty("raw", m.meiType());
                g.writeStringProperty("code", ModbusCodes.meiName(m.meiType()));
                g.writeBytesProperty("data", m.bytes(), m.dataOffset(), m.dataLength());
                g.writeEndObject();
            }
            case READ_REQUEST -> {
                g.writeObjectPropertyStart("read");
                g.writeNumberProperty("address", m.address());
                g.writeNumberProperty("quantity", m.quantity());
                g.writeEndObject();
            }
            case READ_RESPONSE -> {
                g.writeObjectPropertyStart("read");
                g.writeBytesProperty("data", m.bytes(), m.dataOffset(), m.dataLength());
                g.writeEndObject();
            }
            case WRITE_MULTIPLE -> writeMultiple(g, m);
            case WRITE_MASK -> {
                g.writeObjectPropertyStart("write");
                g.writeNumberProperty("address", m.address());
                g.writeNumberProperty("and_mask", m.andMask());
                g.writeNumberProperty("or_mask", m.orMask());
                g.writeEndObject();
            }
            case WRITE_SINGLE -> {
                g.writeObjectPropertyStart("write");
                g.writeNumberProperty("address", m.address());
                g.writeNumberProperty("data", m.value());
                g.writeEndObject();
            }
            case READ_WRITE -> {
                g.writeObjectPropertyStart("read");
                g.writeNumberProperty("address", m.readAddress());
                g.writeNumberProperty("quantity", m.readQuantity());
                g.writeEndObject();
                writeMultiple(g, m);
            }
            case BYTES -> g.writeBytesProperty("data", m.bytes(), m.dataOffset(), m.dataLength());
            case EMPTY -> {
                // header only: nothing after the MBAP length was read
            }
        }
        g.writeEndObject();
    }

    private static void writeMultiple(JsonLine g, ModbusMessage m) {
        g.writeObjectPropertyStart("write");
        g.writeNumberProperty("address", m.address());
        g.writeNumberProperty("quantity", m.quantity());
        g.writeBytesProperty("data", m.bytes(), m.dataOffset(), m.dataLength());
        g.writeEndObject();
    }
}
