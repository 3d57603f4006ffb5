package dev.palisade.ips.mqtt;

/**
 * The MQTT 5.0 properties (specification section 2.2.2.2): identifier, value encoding and the key
 * Suricata's EVE output gives each. A user property is logged under its own name.
 */
public enum MqttProperty {
    PAYLOAD_FORMAT_INDICATOR(1, Kind.BYTE, "payload_format_indicator"),
    MESSAGE_EXPIRY_INTERVAL(2, Kind.FOUR_BYTE, "message_expiry_interval"),
    CONTENT_TYPE(3, Kind.STRING, "content_type"),
    RESPONSE_TOPIC(8, Kind.STRING, "response_topic"),
    CORRELATION_DATA(9, Kind.BINARY, "correlation_data"),
    SUBSCRIPTION_IDENTIFIER(11, Kind.VARIABLE, "subscription_identifier"),
    SESSION_EXPIRY_INTERVAL(17, Kind.FOUR_BYTE, "session_expiry_interval"),
    ASSIGNED_CLIENT_IDENTIFIER(18, Kind.STRING, "assigned_client_identifier"),
    SERVER_KEEP_ALIVE(19, Kind.TWO_BYTE, "server_keep_alive"),
    AUTHENTICATION_METHOD(21, Kind.STRING, "authentication_method"),
    AUTHENTICATION_DATA(22, Kind.BINARY, "authentication_data"),
    REQUEST_PROBLEM_INFORMATION(23, Kind.BYTE, "request_problem_information"),
    WILL_DELAY_INTERVAL(24, Kind.FOUR_BYTE, "will_delay_interval"),
    REQUEST_RESPONSE_INFORMATION(25, Kind.BYTE, "request_response_information"),
    RESPONSE_INFORMATION(26, Kind.STRING, "response_information"),
    SERVER_REFERENCE(28, Kind.STRING, "server_reference"),
    REASON_STRING(31, Kind.STRING, "reason_string"),
    RECEIVE_MAXIMUM(33, Kind.TWO_BYTE, "receive_maximum"),
    TOPIC_ALIAS_MAXIMUM(34, Kind.TWO_BYTE, "topic_alias_maximum"),
    TOPIC_ALIAS(35, Kind.TWO_BYTE, "topic_alias"),
    MAXIMUM_QOS(36, Kind.BYTE, "maximum_qos"),
    RETAIN_AVAILABLE(37, Kind.BYTE, "retain_available"),
    USER_PROPERTY(38, Kind.STRING_PAIR, null),
    MAXIMUM_PACKET_SIZE(39, Kind.FOUR_BYTE, "maximum_packet_size"),
    WILDCARD_SUBSCRIPTION_AVAILABLE(40, Kind.BYTE, "wildcard_subscription_available"),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(41, Kind.BYTE, "subscription_identifier_available"),
    SHARED_SUBSCRIPTION_AVAILABLE(42, Kind.BYTE, "shared_subscription_available");

    /** How a property value is encoded on the wire. */
    public enum Kind { BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE, STRING, BINARY, STRING_PAIR }

    private static final MqttProperty[] BY_ID = new MqttProperty[43];

    static {
        for (MqttProperty p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Kind kind;
    private final String eveName;

    MqttProperty(int id, Kind kind, String eveName) {
        this.id = id;
        this.kind = kind;
        this.eveName = eveName;
    }

    /** The property of an identifier, or null for an identifier MQTT 5.0 does not assign. */
    public static MqttProperty byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The EVE key; null for {@link #USER_PROPERTY}, logged under the user's own name. */
    public String eveName() {
        return eveName;
    }
}
