package dev.palisade.ips.mqtt;

/**
 * The frame types the MQTT engine registers, as Suricata's {@code MQTTFrameType}: {@link #PDU}
 * (a whole control packet), {@link #HEADER} (two bytes of fixed header) and {@link #DATA} (the
 * remaining-length bytes). A rule selects one with {@code frame:mqtt.pdu} (or {@code frame:pdu}
 * in an {@code mqtt} rule); content after it inspects each frame of that type.
 */
public enum MqttFrameType {
    PDU("pdu"),
    HEADER("header"),
    DATA("data");

    private static final MqttFrameType[] ALL = values();

    private final String frameName;

    MqttFrameType(String frameName) {
        this.frameName = frameName;
    }

    /** The name EVE logs as {@code frame.type} and rules write after {@code frame:mqtt.}. */
    public String frameName() {
        return frameName;
    }

    /** The sticky-buffer name the rule parser hands the engine: {@code frame:mqtt.pdu}. */
    public String keyword() {
        return "frame:mqtt." + frameName;
    }

    /** The type of a sticky-buffer name, or null. */
    public static MqttFrameType byKeyword(String keyword) {
        for (MqttFrameType t : ALL) {
            if (t.keyword().equals(keyword)) {
                return t;
            }
        }
        return null;
    }

    static MqttFrameType of(int ordinal) {
        return ALL[ordinal];
    }
}
