package dev.palisade.ips.mqtt;

/**
 * The MQTT anomaly events, with the names Suricata's {@code app-layer-event:mqtt.<name>} and the
 * EVE {@code anomaly.event} field use (Suricata's shipped rules, sids 2229000-2229011).
 */
public enum MqttEvent {
    /** A CONNACK with no CONNECT waiting for it. */
    MISSING_CONNECT("missing_connect"),
    /** A PUBACK, PUBREC, PUBREL or PUBCOMP whose message id matches no open PUBLISH. */
    MISSING_PUBLISH("missing_publish"),
    /** A SUBACK whose message id matches no open SUBSCRIBE. */
    MISSING_SUBSCRIBE("missing_subscribe"),
    /** An UNSUBACK whose message id matches no open UNSUBSCRIBE. */
    MISSING_UNSUBSCRIBE("missing_unsubscribe"),
    /** A CONNECT after a CONNECT/CONNACK exchange already completed. */
    DOUBLE_CONNECT("double_connect"),
    /** A message other than CONNECT/CONNACK before the connection was accepted. */
    UNINTRODUCED_MESSAGE("unintroduced_message"),
    /** QoS 3 in a PUBLISH, SUBSCRIBE or UNSUBSCRIBE fixed header. */
    INVALID_QOS_LEVEL("invalid_qos_level"),
    /** A PUBLISH with QoS 1 or 2 but no message id. */
    MISSING_MSG_ID("missing_msg_id"),
    /** Control packet type 0. */
    UNASSIGNED_MSG_TYPE("unassigned_msg_type"),
    /** More open transactions than the limit: the oldest one is closed with this event. */
    TOO_MANY_TRANSACTIONS("too_many_transactions"),
    /** A packet that cannot be decoded; inspection of the connection stops. */
    MALFORMED_TRAFFIC("malformed_traffic"),
    /** More messages in one transaction than the limit (repeated PUBREC/PUBREL). */
    TOO_MANY_MESSAGES("too_many_messages");

    static final MqttEvent[] ALL = values();

    private final String eventName;

    MqttEvent(String eventName) {
        this.eventName = eventName;
    }

    /** The name without the protocol prefix, e.g. "missing_connect". */
    public String eventName() {
        return eventName;
    }

    /** The bit of this event in {@link MqttTransaction#events()}. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The event of a name, or null. */
    public static MqttEvent byName(String name) {
        for (MqttEvent e : values()) {
            if (e.eventName.equals(name)) {
                return e;
            }
        }
        return null;
    }
}
