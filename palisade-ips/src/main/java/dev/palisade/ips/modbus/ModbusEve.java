package dev.palisade.ips.modbus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonGenerator;

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
 * {@code \xNN}. For output byte-identical to Suricata's, build the generator's factory with
 * {@code JsonWriteFeature.WRITE_HEX_UPPER_CASE} disabled (Suricata escapes control characters as
 * {@code \u000e}, Jackson by default as {@code \u000E}; JSON readers see no difference).
 */
public final class ModbusEve {

    private ModbusEve() {
    }

    /** Writes the property {@code "modbus": {...}} into the object {@code g} is in. */
    public static void write(JsonGenerator g, ModbusTransaction tx) {
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
    public static void writeMessage(JsonGenerator g, ModbusMessage m) {
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
                g.writeStringProperty("data", text(m.bytes(), m.dataOffset(), m.dataLength()));
                g.writeEndObject();
            }
            case MEI -> {
                g.writeObjectPropertyStart("mei");
                g.writeNumberProperty("raw", m.meiType());
                g.writeStringProperty("code", ModbusCodes.meiName(m.meiType()));
                g.writeStringProperty("data", text(m.bytes(), m.dataOffset(), m.dataLength()));
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
                g.writeStringProperty("data", text(m.bytes(), m.dataOffset(), m.dataLength()));
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
            case BYTES -> g.writeStringProperty("data", text(m.bytes(), m.dataOffset(), m.dataLength()));
            case EMPTY -> {
                // header only: nothing after the MBAP length was read
            }
        }
        g.writeEndObject();
    }

    private static void writeMultiple(JsonGenerator g, ModbusMessage m) {
        g.writeObjectPropertyStart("write");
        g.writeNumberProperty("address", m.address());
        g.writeNumberProperty("quantity", m.quantity());
        g.writeStringProperty("data", text(m.bytes(), m.dataOffset(), m.dataLength()));
        g.writeEndObject();
    }

    /** Bytes as Suricata's JSON builder renders them: UTF-8 text if valid, else ASCII with {@code \xNN} for the rest. */
    public static String text(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder(len * 2);
            for (int i = off; i < off + len; i++) {
                int v = b[i] & 0xff;
                if (v < 0x80) {
                    sb.append((char) v);
                } else {
                    sb.append("\\x").append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
                }
            }
            return sb.toString();
        }
    }
}
