package dev.palisade.ips.mqtt;

/**
 * The variable-length fields of a message that are kept as byte ranges of its body: strings,
 * binary data, the PUBLISH payload and the MQTT 5.0 property blocks (the bytes after the property
 * length).
 */
public enum MqttField {
    /** CONNECT protocol name ("MQTT", "MQIsdp"). */
    PROTOCOL_STRING,
    /** CONNECT client identifier. */
    CLIENT_ID,
    /** CONNECT will topic. */
    WILL_TOPIC,
    /** CONNECT will message (binary). */
    WILL_MESSAGE,
    /** CONNECT user name. */
    USERNAME,
    /** CONNECT password (binary). */
    PASSWORD,
    /** PUBLISH topic name. */
    TOPIC,
    /** PUBLISH application message. */
    PAYLOAD,
    /** The message's MQTT 5.0 properties. */
    PROPERTIES,
    /** CONNECT will properties (MQTT 5.0). */
    WILL_PROPERTIES,
    /** SUBACK granted QoS list or UNSUBACK reason codes. */
    CODES;

    static final MqttField[] ALL = values();
}
