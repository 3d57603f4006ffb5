package dev.palisade.ips.mqtt;

/**
 * Walks the MQTT 5.0 properties of one property block in place, without allocating: call
 * {@link #reset}, then {@link #next} until it returns false. A property identifier MQTT 5.0 does
 * not assign is reported with {@link #property()} null and no value (Suricata's reading: the
 * identifier alone is consumed). The block was validated when the message was decoded, so the
 * walk cannot run past it.
 */
public final class MqttPropertyCursor {

    private byte[] buf;
    private int pos;
    private int end;
    private MqttProperty property;
    private long number;
    private int valueOffset;
    private int valueLength;
    private int nameOffset;
    private int nameLength;

    /** Starts a walk over the properties of {@code field} ({@link MqttField#PROPERTIES} or WILL_PROPERTIES). */
    public MqttPropertyCursor reset(MqttMessage message, MqttField field) {
        if (message.has(field)) {
            reset(message.body(), message.offset(field), message.length(field));
        } else {
            reset(message.body(), 0, 0);
        }
        return this;
    }

    MqttPropertyCursor reset(byte[] buffer, int offset, int length) {
        this.buf = buffer;
        this.pos = offset;
        this.end = offset + length;
        return this;
    }

    /** Advances to the next property; false at the end of the block (or on a malformed block). */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long id = MqttDecoder.varint(buf, pos, end);
        if (id < 0) {
            pos = end;
            return false;
        }
        pos += MqttDecoder.varintSize(id);
        int after = MqttDecoder.readProperty(buf, pos, end, MqttDecoder.varintValue(id));
        if (after < 0) {
            pos = end;
            return false;
        }
        property = MqttProperty.byId(MqttDecoder.varintValue(id));
        if (property != null) {
            switch (property.kind()) {
                case BYTE -> number = buf[pos] & 0xff;
                case TWO_BYTE -> number = MqttDecoder.u16(buf, pos);
                case FOUR_BYTE -> number = MqttDecoder.u32(buf, pos);
                case VARIABLE -> number = MqttDecoder.varintValue(MqttDecoder.varint(buf, pos, end));
                case STRING, BINARY -> {
                    valueOffset = pos + 2;
                    valueLength = MqttDecoder.u16(buf, pos);
                }
                case STRING_PAIR -> {
                    nameOffset = pos + 2;
                    nameLength = MqttDecoder.u16(buf, pos);
                    int v = nameOffset + nameLength;
                    valueOffset = v + 2;
                    valueLength = MqttDecoder.u16(buf, v);
                }
            }
        }
        pos = after;
        return true;
    }

    /** The current property, or null for an unassigned identifier. */
    public MqttProperty property() {
        return property;
    }

    /** The value of a numeric property. */
    public long number() {
        return number;
    }

    /** The value of a string, binary or user property (the value half). */
    public MqttSlice value(MqttSlice out) {
        out.set(buf, valueOffset, valueLength);
        return out;
    }

    /** The name of a user property. */
    public MqttSlice name(MqttSlice out) {
        out.set(buf, nameOffset, nameLength);
        return out;
    }
}
