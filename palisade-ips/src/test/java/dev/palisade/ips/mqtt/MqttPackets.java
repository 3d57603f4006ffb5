package dev.palisade.ips.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds MQTT control packets byte by byte for tests: a body is assembled field by field
 * ({@link #str}, {@link #u16}, {@link #props}...), then {@link #packet} prefixes the fixed header
 * with its variable-length remaining length.
 */
final class MqttPackets {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static MqttPackets body() {
        return new MqttPackets();
    }

    MqttPackets u8(int v) {
        out.write(v);
        return this;
    }

    MqttPackets u16(int v) {
        out.write(v >> 8);
        out.write(v);
        return this;
    }

    MqttPackets u32(long v) {
        u16((int) (v >>> 16));
        return u16((int) v);
    }

    MqttPackets varint(int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v > 0 ? b | 0x80 : b);
        } while (v > 0);
        return this;
    }

    /** A UTF-8 string with its two-byte length. */
    MqttPackets str(String s) {
        return bin(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary data with its two-byte length. */
    MqttPackets bin(byte[] b) {
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    MqttPackets raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    MqttPackets raw(String s) {
        return raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A property block: its variable-length length, then the properties. */
    MqttPackets props(MqttPackets properties) {
        byte[] p = properties.bytes();
        varint(p.length);
        return raw(p);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The packet: first byte (type << 4 | flags), remaining length, this body. */
    byte[] packet(int type, int flags) {
        byte[] b = bytes();
        MqttPackets p = new MqttPackets().u8(type << 4 | flags).varint(b.length).raw(b);
        return p.bytes();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    // Common packets.

    /** CONNECT of a protocol level (3 uses "MQIsdp") with client id, no will, no credentials, clean session. */
    static byte[] connect(int level, String clientId) {
        MqttPackets b = body().str(level == 3 ? "MQIsdp" : "MQTT").u8(level).u8(0x02).u16(60);
        if (level == 5) {
            b.props(body());
        }
        return b.str(clientId).packet(1, 0);
    }

    static byte[] connack(int level, int code) {
        MqttPackets b = body().u8(0).u8(code);
        if (level == 5) {
            b.props(body());
        }
        return b.packet(2, 0);
    }

    static byte[] publish(int level, int qos, int id, String topic, String payload) {
        MqttPackets b = body().str(topic);
        if (qos > 0) {
            b.u16(id);
        }
        if (level == 5) {
            b.props(body());
        }
        return b.raw(payload).packet(3, qos << 1);
    }

    /** PUBACK (4), PUBREC (5), PUBREL (6), PUBCOMP (7) with just the id. */
    static byte[] ack(int type, int id) {
        return body().u16(id).packet(type, type == 6 ? 0x02 : 0);
    }

    static byte[] subscribe(int level, int id, String... topics) {
        MqttPackets b = body().u16(id);
        if (level == 5) {
            b.props(body());
        }
        for (String t : topics) {
            b.str(t).u8(1);
        }
        return b.packet(8, 0x02);
    }

    static byte[] suback(int level, int id, int... codes) {
        MqttPackets b = body().u16(id);
        if (level == 5) {
            b.props(body());
        }
        for (int c : codes) {
            b.u8(c);
        }
        return b.packet(9, 0);
    }

    static byte[] unsubscribe(int level, int id, String... topics) {
        MqttPackets b = body().u16(id);
        if (level == 5) {
            b.props(body());
        }
        for (String t : topics) {
            b.str(t);
        }
        return b.packet(10, 0x02);
    }

    static byte[] unsuback(int level, int id, int... codes) {
        MqttPackets b = body().u16(id);
        if (level == 5) {
            b.props(body());
            for (int c : codes) {
                b.u8(c);
            }
        }
        return b.packet(11, 0);
    }

    static final byte[] PINGREQ = {(byte) 0xc0, 0};
    static final byte[] PINGRESP = {(byte) 0xd0, 0};
    static final byte[] DISCONNECT = {(byte) 0xe0, 0};
}
