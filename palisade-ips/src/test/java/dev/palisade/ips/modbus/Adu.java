package dev.palisade.ips.modbus;

import dev.palisade.ips.json.JsonLine;
import java.io.ByteArrayOutputStream;

/** Builds Modbus/TCP application data units for tests, and renders messages as EVE JSON. */
final class Adu {

    private Adu() {
    }

    /** MBAP header (transaction id, protocol id 0, length = 2 + pdu), unit id, function, then the PDU data bytes. */
    static byte[] of(int tid, int unit, int function, int... data) {
        return withProtocol(tid, 0, unit, function, data);
    }

    static byte[] withProtocol(int tid, int protocol, int unit, int function, int... data) {
        byte[] b = new byte[8 + data.length];
        int length = 2 + data.length;
        b[0] = (byte) (tid >>> 8);
        b[1] = (byte) tid;
        b[2] = (byte) (protocol >>> 8);
        b[3] = (byte) protocol;
        b[4] = (byte) (length >>> 8);
        b[5] = (byte) length;
        b[6] = (byte) unit;
        b[7] = (byte) function;
        for (int i = 0; i < data.length; i++) {
            b[8 + i] = (byte) data[i];
        }
        return b;
    }

    /** A bare MBAP header with any length field (for framing errors). */
    static byte[] header(int tid, int protocol, int length) {
        return new byte[] {(byte) (tid >>> 8), (byte) tid, (byte) (protocol >>> 8), (byte) protocol,
            (byte) (length >>> 8), (byte) length};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Decodes one ADU in a direction. */
    static ModbusMessage decode(byte[] adu, int direction) {
        ModbusMessage m = new ModbusMessage();
        m.decode(adu, 0, adu.length, direction);
        return m;
    }

    /** The EVE object of one message. */
    static String json(ModbusMessage m) {
        JsonLine g = new JsonLine();
        ModbusEve.writeMessage(g, m);
        return g.toString();
    }

    /** The EVE {@code {"modbus": ...}} object of a transaction. */
    static String json(ModbusTransaction tx) {
        JsonLine g = new JsonLine();
        g.writeStartObject();
        ModbusEve.write(g, tx);
        g.writeEndObject();
        return g.toString();
    }
}
