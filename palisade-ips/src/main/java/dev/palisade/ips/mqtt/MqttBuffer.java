package dev.palisade.ips.mqtt;

/**
 * The MQTT sticky buffers of the rule language ({@code mqtt.publish.topic; content:"x";}). Each
 * buffer yields zero or more byte ranges of a transaction, as Suricata's getters do: the CONNECT
 * and PUBLISH buffers yield the first non-empty field of the transaction; the topic buffers of
 * SUBSCRIBE and UNSUBSCRIBE are multi-buffers, one range per topic filter (at most
 * {@link #TOPIC_MATCH_LIMIT}, Suricata's default {@code subscribe-topic-match-limit}). Reading a
 * range allocates nothing: it points a caller's {@link MqttSlice} into the message.
 */
public enum MqttBuffer {
    CONNECT_CLIENTID("mqtt.connect.clientid", MqttType.CONNECT, MqttField.CLIENT_ID),
    CONNECT_USERNAME("mqtt.connect.username", MqttType.CONNECT, MqttField.USERNAME),
    CONNECT_PASSWORD("mqtt.connect.password", MqttType.CONNECT, MqttField.PASSWORD),
    CONNECT_WILLTOPIC("mqtt.connect.willtopic", MqttType.CONNECT, MqttField.WILL_TOPIC),
    CONNECT_WILLMESSAGE("mqtt.connect.willmessage", MqttType.CONNECT, MqttField.WILL_MESSAGE),
    CONNECT_PROTOCOL_STRING("mqtt.connect.protocol_string", MqttType.CONNECT, MqttField.PROTOCOL_STRING),
    PUBLISH_TOPIC("mqtt.publish.topic", MqttType.PUBLISH, MqttField.TOPIC),
    PUBLISH_MESSAGE("mqtt.publish.message", MqttType.PUBLISH, MqttField.PAYLOAD),
    SUBSCRIBE_TOPIC("mqtt.subscribe.topic", MqttType.SUBSCRIBE, null),
    UNSUBSCRIBE_TOPIC("mqtt.unsubscribe.topic", MqttType.UNSUBSCRIBE, null);

    /** Topic filters inspected per transaction by the multi-buffers. */
    public static final int TOPIC_MATCH_LIMIT = 100;

    private final String keyword;
    private final MqttType type;
    private final MqttField field;

    MqttBuffer(String keyword, MqttType type, MqttField field) {
        this.keyword = keyword;
        this.type = type;
        this.field = field;
    }

    /** The keyword that selects this buffer in a rule. */
    public String keyword() {
        return keyword;
    }

    /** Whether several ranges may exist per transaction (the topic lists). */
    public boolean multi() {
        return field == null;
    }

    /** The buffer of a keyword, or null. */
    public static MqttBuffer byKeyword(String keyword) {
        for (MqttBuffer b : values()) {
            if (b.keyword.equals(keyword)) {
                return b;
            }
        }
        return null;
    }

    /** How many ranges this buffer has in {@code tx}. */
    public int count(MqttTransaction tx) {
        int n = 0;
        for (int i = 0; i < tx.count; i++) {
            MqttMessage m = tx.messages[i];
            if (m.type != type || m.truncated) {
                continue;
            }
            if (field == null) {
                n += m.itemCount;
            } else if (m.has(field) && m.length(field) > 0) {
                return 1;
            }
        }
        return Math.min(n, TOPIC_MATCH_LIMIT);
    }

    /** Points {@code out} at range {@code index} (0 .. count-1) of {@code tx}; false when there is none. */
    public boolean get(MqttTransaction tx, int index, MqttSlice out) {
        if (index < 0 || index >= TOPIC_MATCH_LIMIT) {
            return false;
        }
        int skip = index;
        for (int i = 0; i < tx.count; i++) {
            MqttMessage m = tx.messages[i];
            if (m.type != type || m.truncated) {
                continue;
            }
            if (field == null) {
                if (skip < m.itemCount) {
                    m.topic(skip, out);
                    return true;
                }
                skip -= m.itemCount;
            } else if (index == 0 && m.has(field) && m.length(field) > 0) {
                return m.field(field, out);
            }
        }
        return false;
    }
}
