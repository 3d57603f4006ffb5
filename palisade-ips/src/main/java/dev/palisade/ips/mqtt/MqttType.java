package dev.palisade.ips.mqtt;

import java.util.Locale;

/**
 * The MQTT control packet types (the high nibble of the fixed header). Code 0 is reserved in every
 * protocol version and is reported as {@link #UNASSIGNED}; 15 is AUTH (MQTT 5.0, reserved before).
 * The lower-case name is the key of the message in the EVE {@code mqtt} record.
 */
public enum MqttType {
    UNASSIGNED, CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK,
    UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT, AUTH;

    private static final MqttType[] BY_CODE = values();

    private final String eveName = name().toLowerCase(Locale.ROOT);

    /** The type of a 4-bit code (0..15). */
    public static MqttType of(int code) {
        return BY_CODE[code & 0x0f];
    }

    /** The wire code, 0..15. */
    public int code() {
        return ordinal();
    }

    /** The key of this message in the EVE {@code mqtt} object ("connect", "puback"...). */
    public String eveName() {
        return eveName;
    }
}
