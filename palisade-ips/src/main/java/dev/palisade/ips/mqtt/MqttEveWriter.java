package dev.palisade.ips.mqtt;

import dev.palisade.ips.json.JsonLine;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@code "mqtt"} member of an EVE record for one transaction, with Suricata's field
 * names and value formats (logger.rs): one object per message keyed by its lower-case type, each
 * with the fixed-header {@code qos}, {@code retain}, {@code dup}; MQTT 5.0 properties under
 * {@code properties} (user properties under their own names); strings cut at the string log limit.
 * Text fields Suricata reads as MQTT strings are decoded as UTF-8 with replacement characters;
 * binary fields (publish and will messages, password, correlation and authentication data) are
 * written as text when they are valid UTF-8, else with every byte above 127 as {@code \xNN}.
 * Not thread-safe (it keeps scratch state); one writer per output thread.
 */
public final class MqttEveWriter {

    private final MqttEveOptions options;
    private final MqttSlice slice = new MqttSlice();
    private final MqttSlice name = new MqttSlice();
    private final MqttPropertyCursor cursor = new MqttPropertyCursor();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public MqttEveWriter(MqttEveOptions options) {
        this.options = options;
    }

    /** Writes {@code "mqtt": {...}} for {@code tx} into the object {@code g} is writing. */
    public void write(MqttTransaction tx, JsonLine g) {
        g.writeName("mqtt");
        g.writeStartObject();
        for (int i = 0; i < tx.messageCount(); i++) {
            message(tx.message(i), g);
        }
        g.writeEndObject();
    }

    private void message(MqttMessage m, JsonLine g) {
        if (m.type() == MqttType.UNASSIGNED) {
            return;
        }
        int limit = options.stringLogLimit();
        g.writeName(m.type().eveName());
        g.writeStartObject();
        g.writeNumberProperty("qos", m.qos());
        g.writeBooleanProperty("retain", m.retain());
        g.writeBooleanProperty("dup", m.dup());
        if (m.truncated()) {
            g.writeBooleanProperty("truncated", true);
            g.writeNumberProperty("skipped_length", m.skippedLength());
            g.writeEndObject();
            return;
        }
        switch (m.type()) {
            case CONNECT -> connect(m, g, limit);
            case CONNACK -> {
                g.writeBooleanProperty("session_present", m.sessionPresent());
                g.writeNumberProperty("return_code", m.reasonCode());
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case PUBLISH -> {
                g.writeStringProperty("topic", text(m, MqttField.TOPIC, limit));
                if (m.messageId() >= 0) {
                    g.writeNumberProperty("message_id", m.messageId());
                }
                m.field(MqttField.PAYLOAD, slice);
                g.writeStringProperty("message", bytes(slice, limit));
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                g.writeNumberProperty("message_id", m.messageId());
                if (m.reasonCode() >= 0) {
                    g.writeNumberProperty("reason_code", m.reasonCode());
                }
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case SUBSCRIBE -> {
                g.writeNumberProperty("message_id", m.messageId());
                g.writeArrayPropertyStart("topics");
                int used = 0;
                for (int i = 0; i < m.topicCount(); i++) {
                    String topic = m.topic(i, slice).toString();
                    int len = Math.min(topic.getBytes(StandardCharsets.UTF_8).length, limit);
                    boolean last = used + len > limit;
                    g.writeStartObject();
                    g.writeStringProperty("topic", limited(topic, last ? limit - used : limit));
                    g.writeNumberProperty("qos", m.topicOptions(i) & 0x03);
                    g.writeEndObject();
                    if (last) {
                        break;
                    }
                    used += len;
                }
                g.writeEndArray();
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case SUBACK -> {
                g.writeNumberProperty("message_id", m.messageId());
                g.writeArrayPropertyStart("qos_granted");
                for (int i = 0; i < m.codeCount(); i++) {
                    g.writeNumber(m.code(i));
                }
                g.writeEndArray();
            }
            case UNSUBSCRIBE -> {
                g.writeNumberProperty("message_id", m.messageId());
                g.writeArrayPropertyStart("topics");
                for (int i = 0; i < m.topicCount(); i++) {
                    g.writeString(m.topic(i, slice).toString());
                }
                g.writeEndArray();
            }
            case UNSUBACK -> {
                g.writeNumberProperty("message_id", m.messageId());
                if (m.codeCount() > 0) {
                    g.writeArrayPropertyStart("reason_codes");
                    for (int i = 0; i < m.codeCount(); i++) {
                        g.writeNumber(m.code(i));
                    }
                    g.writeEndArray();
                }
            }
            case AUTH -> {
                g.writeNumberProperty("reason_code", m.reasonCode());
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case DISCONNECT -> {
                if (m.reasonCode() >= 0) {
                    g.writeNumberProperty("reason_code", m.reasonCode());
                }
                properties(m, MqttField.PROPERTIES, g, limit);
            }
            case PINGREQ, PINGRESP, UNASSIGNED -> {
            }
        }
        g.writeEndObject();
    }

    private void connect(MqttMessage m, JsonLine g, int limit) {
        m.field(MqttField.PROTOCOL_STRING, slice);
        g.writeStringProperty("protocol_string", slice.toString());
        g.writeNumberProperty("protocol_version", m.connectProtocolVersion());
        g.writeStringProperty("client_id", text(m, MqttField.CLIENT_ID, limit));
        int flags = m.connectFlags();
        g.writeObjectPropertyStart("flags");
        g.writeBooleanProperty("username", (flags & 0x80) != 0);
        g.writeBooleanProperty("password", (flags & 0x40) != 0);
        g.writeBooleanProperty("will_retain", (flags & 0x20) != 0);
        g.writeBooleanProperty("will", (flags & 0x04) != 0);
        g.writeBooleanProperty("clean_session", (flags & 0x02) != 0);
        g.writeEndObject();
        if (m.has(MqttField.USERNAME)) {
            g.writeStringProperty("username", text(m, MqttField.USERNAME, limit));
        }
        if (options.logPasswords() && m.field(MqttField.PASSWORD, slice)) {
            g.writeStringProperty("password", bytes(slice, Integer.MAX_VALUE));
        }
        if ((flags & 0x04) != 0) {
            g.writeObjectPropertyStart("will");
            if (m.has(MqttField.WILL_TOPIC)) {
                g.writeStringProperty("topic", text(m, MqttField.WILL_TOPIC, limit));
            }
            if (m.field(MqttField.WILL_MESSAGE, slice)) {
                g.writeStringProperty("message", bytes(slice, limit));
            }
            properties(m, MqttField.WILL_PROPERTIES, g, limit);
            g.writeEndObject();
        }
        properties(m, MqttField.PROPERTIES, g, limit);
    }

    private void properties(MqttMessage m, MqttField field, JsonLine g, int limit) {
        if (!m.has(field)) {
            return;
        }
        g.writeObjectPropertyStart("properties");
        cursor.reset(m, field);
        while (cursor.next()) {
            MqttProperty p = cursor.property();
            if (p == null) {
                continue;
            }
            switch (p.kind()) {
                case BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE -> g.writeNumberProperty(p.eveName(), cursor.number());
                case STRING -> g.writeStringProperty(p.eveName(), limited(cursor.value(slice).toString(), limit));
                case BINARY -> g.writeStringProperty(p.eveName(), bytes(cursor.value(slice), limit));
                case STRING_PAIR -> g.writeStringProperty(cursor.name(name).toString(), limited(cursor.value(slice).toString(), limit));
            }
        }
        g.writeEndObject();
    }

    private String text(MqttMessage m, MqttField field, int limit) {
        return m.field(field, slice) ? limited(slice.toString(), limit) : "";
    }

    /** Suricata's set_string_limited: cut at a character boundary at or just before {@code limit} bytes. */
    static String limited(String s, int limit) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        if (u.length <= limit) {
            return s;
        }
        int extra = u.length - limit;
        for (int i = 0; i <= Math.min(limit, 4); i++) {
            int cut = limit - i;
            if ((u[cut] & 0xc0) != 0x80) {
                return new String(u, 0, cut, StandardCharsets.UTF_8) + truncatedNote(extra);
            }
        }
        return truncatedNote(extra);
    }

    private static String truncatedNote(int extra) {
        return "[truncated " + extra + " additional byte" + (extra != 1 ? "s" : "") + "]";
    }

    /** Suricata's set_string_from_bytes_limited. */
    String bytes(MqttSlice s, int limit) {
        byte[] b = s.array();
        int off = s.offset();
        int len = s.length();
        String note = "";
        if (len > limit) {
            note = truncatedNote(len - limit);
            len = limit;
        }
        try {
            return utf8.decode(ByteBuffer.wrap(b, off, len)).toString() + note;
        } catch (CharacterCodingException e) {
            StringBuilder out = new StringBuilder(len * 2);
            for (int i = 0; i < len; i++) {
                int x = b[off + i] & 0xff;
                if (x < 128) {
                    out.append((char) x);
                } else {
                    out.append("\\x").append(Character.forDigit(x >> 4, 16)).append(Character.forDigit(x & 15, 16));
                }
            }
            return out.append(note).toString();
        }
    }
}
