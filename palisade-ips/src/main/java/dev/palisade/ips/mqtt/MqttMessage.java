package dev.palisade.ips.mqtt;

import java.util.Arrays;

/**
 * One decoded MQTT control packet: the fixed header, the scalar fields of its variable header and
 * byte ranges ({@link MqttField}) into its own copy of the packet body. Instances are pooled by
 * their {@link MqttSession}: a message is valid while its transaction is, i.e. until the listener's
 * {@link MqttListener#completed} returns; a consumer that keeps one longer copies what it needs.
 *
 * <p>A packet longer than the session's maximum message length is not decoded: it is kept as a
 * {@linkplain #truncated() truncated} message with its type, fixed-header flags and skipped length.
 */
public final class MqttMessage {

    private static final int[] NO_ITEMS = new int[0];

    MqttType type = MqttType.UNASSIGNED;
    int direction;
    boolean dup;
    int qos;
    boolean retain;
    int remainingLength;
    boolean truncated;
    long skippedLength;

    byte[] body = new byte[0];
    int bodyLength;

    /** Offsets into body per field, -1 when the field is absent. */
    final int[] fieldOffset = new int[MqttField.ALL.length];
    final int[] fieldLength = new int[MqttField.ALL.length];

    int connectVersion;
    int connectFlags;
    int keepAlive;
    boolean sessionPresent;
    int reasonCode = -1;
    int messageId = -1;

    /** SUBSCRIBE/UNSUBSCRIBE: body offset of each topic's length prefix. */
    int[] items = NO_ITEMS;
    int itemCount;

    MqttMessage() {
        Arrays.fill(fieldOffset, -1);
    }

    void clear() {
        type = MqttType.UNASSIGNED;
        direction = 0;
        dup = false;
        qos = 0;
        retain = false;
        remainingLength = 0;
        truncated = false;
        skippedLength = 0;
        bodyLength = 0;
        Arrays.fill(fieldOffset, -1);
        Arrays.fill(fieldLength, 0);
        connectVersion = 0;
        connectFlags = 0;
        keepAlive = 0;
        sessionPresent = false;
        reasonCode = -1;
        messageId = -1;
        itemCount = 0;
    }

    void setField(MqttField field, int offset, int length) {
        fieldOffset[field.ordinal()] = offset;
        fieldLength[field.ordinal()] = length;
    }

    void addItem(int offset) {
        if (itemCount == items.length) {
            items = Arrays.copyOf(items, Math.max(4, itemCount * 2));
        }
        items[itemCount++] = offset;
    }

    /** 0 when the client sent it (to server), 1 when the server did. */
    public int direction() {
        return direction;
    }

    public MqttType type() {
        return type;
    }

    public boolean dup() {
        return dup;
    }

    /** The QoS bits of the fixed header (0..3; 3 is invalid but reported as seen). */
    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    /** The retain and dup flags as Suricata's {@code mqtt.flags} sees them: retain 0x01, dup 0x08. */
    public int headerFlags() {
        return (retain ? 0x01 : 0) | (dup ? 0x08 : 0);
    }

    /** The remaining length of the fixed header. */
    public int remainingLength() {
        return remainingLength;
    }

    /** Whether the packet exceeded the maximum message length and was skipped undecoded. */
    public boolean truncated() {
        return truncated;
    }

    /** For a truncated packet: the bytes skipped, fixed header included. */
    public long skippedLength() {
        return skippedLength;
    }

    /** The packet body (variable header and payload); only the first {@link #bodyLength()} bytes count. */
    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public boolean has(MqttField field) {
        return fieldOffset[field.ordinal()] >= 0;
    }

    /** Offset of the field in {@link #body()}; -1 when absent. */
    public int offset(MqttField field) {
        return fieldOffset[field.ordinal()];
    }

    public int length(MqttField field) {
        return fieldLength[field.ordinal()];
    }

    /** Points {@code out} at the field; false (and {@code out} unchanged) when absent. */
    public boolean field(MqttField field, MqttSlice out) {
        int off = fieldOffset[field.ordinal()];
        if (off < 0) {
            return false;
        }
        out.set(body, off, fieldLength[field.ordinal()]);
        return true;
    }

    /** CONNECT: the protocol level byte (3 for 3.1, 4 for 3.1.1, 5 for 5.0). */
    public int connectProtocolVersion() {
        return connectVersion;
    }

    /** CONNECT: the raw connect flags byte (username 0x80, password 0x40, will retain 0x20, will QoS 0x18, will 0x04, clean session 0x02). */
    public int connectFlags() {
        return connectFlags;
    }

    public int keepAlive() {
        return keepAlive;
    }

    /** CONNACK: the session present flag. */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /**
     * The return or reason code: CONNACK return code, MQTT 5.0 reason code of PUBACK, PUBREC,
     * PUBREL, PUBCOMP, DISCONNECT and AUTH; -1 when the packet has none.
     */
    public int reasonCode() {
        return reasonCode;
    }

    /** The packet identifier, or -1 when the packet has none. */
    public int messageId() {
        return messageId;
    }

    /** SUBSCRIBE/UNSUBSCRIBE: the number of topic filters. */
    public int topicCount() {
        return itemCount;
    }

    /** SUBSCRIBE/UNSUBSCRIBE: topic filter {@code index}. */
    public MqttSlice topic(int index, MqttSlice out) {
        int at = items[index];
        out.set(body, at + 2, MqttDecoder.u16(body, at));
        return out;
    }

    /** SUBSCRIBE: the subscription options byte of topic {@code index} (its low two bits are the QoS). */
    public int topicOptions(int index) {
        int at = items[index];
        return body[at + 2 + MqttDecoder.u16(body, at)] & 0xff;
    }

    /** SUBACK granted QoS / UNSUBACK reason codes: how many. */
    public int codeCount() {
        return fieldLength[MqttField.CODES.ordinal()];
    }

    public int code(int index) {
        return body[fieldOffset[MqttField.CODES.ordinal()] + index] & 0xff;
    }

    @Override
    public String toString() {
        return type.eveName() + (truncated ? "(truncated " + skippedLength + ")" : "(" + bodyLength + " bytes)");
    }
}
