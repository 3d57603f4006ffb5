package dev.palisade.ips.mqtt;

import dev.palisade.ips.rules.ProtocolCondition;
import dev.palisade.ips.rules.ProtocolKeywords;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code mqtt.*} keywords of the rule language, as Suricata documents them
 * (doc/userguide/rules/mqtt-keywords.rst): the value keywords {@code mqtt.type},
 * {@code mqtt.flags}, {@code mqtt.qos}, {@code mqtt.protocol_version}, {@code mqtt.connect.flags},
 * {@code mqtt.connack.session_present}, {@code mqtt.reason_code} (alias
 * {@code mqtt.connack.return_code}), parsed into {@link MqttCondition}s, and the sticky buffers of
 * {@link MqttBuffer} and the frames of {@link MqttFrameType} ({@code frame:mqtt.pdu}). Stateless and thread-safe.
 */
public final class MqttKeywords implements ProtocolKeywords {

    private static final Set<String> KEYWORDS = Set.of("mqtt.type", "mqtt.flags", "mqtt.qos", "mqtt.protocol_version",
            "mqtt.connect.flags", "mqtt.connack.session_present", "mqtt.reason_code", "mqtt.connack.return_code");

    private static final Set<String> EVENTS = Stream.of(MqttEvent.values()).map(MqttEvent::eventName)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String protocol() {
        return "mqtt";
    }

    @Override
    public boolean isBuffer(String name) {
        return MqttBuffer.byKeyword(name) != null || MqttFrameType.byKeyword(name) != null;
    }

    /** The buffer a sticky-buffer keyword selects, or null. */
    public MqttBuffer buffer(String name) {
        return MqttBuffer.byKeyword(name);
    }

    @Override
    public boolean isKeyword(String name) {
        return KEYWORDS.contains(name);
    }

    @Override
    public Set<String> eventNames() {
        return EVENTS;
    }

    @Override
    public ProtocolCondition parse(String name, String value) {
        String v = value == null ? "" : value.strip();
        return switch (name) {
            case "mqtt.type" -> typeCondition(name, v);
            case "mqtt.reason_code", "mqtt.connack.return_code" -> {
                String[] parts = splitIndex(name, v);
                yield new MqttCondition(name, MqttCondition.Kind.REASON_CODE, MqttUint.parse(name, parts[0], 255), 0, 0, index(name, parts[1]));
            }
            case "mqtt.qos" -> {
                if (!(v.equals("0") || v.equals("1") || v.equals("2"))) {
                    throw new IllegalArgumentException("mqtt.qos must be 0, 1 or 2, got '" + v + "'");
                }
                yield new MqttCondition(name, MqttCondition.Kind.QOS, null, 0, v.charAt(0) - '0', MqttCondition.INDEX_ANY);
            }
            case "mqtt.protocol_version" ->
                    new MqttCondition(name, MqttCondition.Kind.PROTOCOL_VERSION, MqttUint.parse(name, v, 255), 0, 0, MqttCondition.INDEX_ANY);
            case "mqtt.flags" -> flags(name, v, MqttCondition.Kind.FLAGS, new String[] {"dup", "retain"}, new int[] {0x08, 0x01});
            case "mqtt.connect.flags" -> flags(name, v, MqttCondition.Kind.CONNECT_FLAGS,
                    new String[] {"username", "password", "will", "will_retain", "clean_session"},
                    new int[] {0x80, 0x40, 0x04, 0x20, 0x02});
            case "mqtt.connack.session_present" -> {
                int b = switch (v.toLowerCase(Locale.ROOT)) {
                    case "yes", "true", "1" -> 1;
                    case "no", "false", "0" -> 0;
                    default -> throw new IllegalArgumentException(
                            "mqtt.connack.session_present must be yes, true, no or false, got '" + v + "'");
                };
                yield new MqttCondition(name, MqttCondition.Kind.SESSION_PRESENT, null, 1, b, MqttCondition.INDEX_ANY);
            }
            default -> throw new IllegalArgumentException(isBuffer(name)
                    ? name + " is a sticky buffer and takes no value; write '" + name + "; content:...'"
                    : "unknown MQTT keyword " + name);
        };
    }

    private static MqttCondition typeCondition(String name, String v) {
        String[] parts = splitIndex(name, v);
        String t = parts[0].strip();
        MqttUint test;
        MqttType named = typeByName(t);
        if (named != null) {
            test = new MqttUint(MqttUint.Op.EQ, named.code(), 0);
        } else if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || "<>=!".indexOf(t.charAt(0)) >= 0)) {
            test = MqttUint.parse(name, t, 255);
        } else {
            throw new IllegalArgumentException("mqtt.type: unknown message type '" + t
                    + "'; use CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK,"
                    + " UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT, AUTH, UNASSIGNED or a number");
        }
        return new MqttCondition(name, MqttCondition.Kind.TYPE, test, 0, 0, index(name, parts[1]));
    }

    private static MqttType typeByName(String t) {
        for (MqttType type : MqttType.values()) {
            if (type.name().equalsIgnoreCase(t)) {
                return type;
            }
        }
        return null;
    }

    /** Splits "value[,index]". */
    private static String[] splitIndex(String name, String v) {
        int comma = v.indexOf(',');
        if (comma < 0) {
            return new String[] {v, null};
        }
        if (v.indexOf(',', comma + 1) >= 0) {
            throw new IllegalArgumentException(name + ": expected 'value' or 'value,index', got '" + v + "'");
        }
        return new String[] {v.substring(0, comma), v.substring(comma + 1).strip()};
    }

    private static int index(String name, String text) {
        if (text == null || text.equals("any")) {
            return MqttCondition.INDEX_ANY;
        }
        if (text.equals("all")) {
            return MqttCondition.INDEX_ALL;
        }
        try {
            int i = Integer.parseInt(text);
            if (i < -1024 || i > 1024) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": index must be any, all or a position between -1024 and 1024, got '" + text + "'");
        }
    }

    /** A comma-separated list of flag names, each optionally negated with '!'. */
    private static MqttCondition flags(String name, String v, MqttCondition.Kind kind, String[] names, int[] bits) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one flag: " + String.join(", ", names) + " (prefix ! to require it unset)");
        }
        int mask = 0;
        int value = 0;
        for (String raw : v.split(",", -1)) {
            String f = raw.strip();
            boolean not = f.startsWith("!");
            if (not) {
                f = f.substring(1).strip();
            }
            int bit = 0;
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(f)) {
                    bit = bits[i];
                }
            }
            if (bit == 0) {
                throw new IllegalArgumentException(name + ": unknown flag '" + f + "'; valid flags are " + String.join(", ", names));
            }
            if ((mask & bit) != 0) {
                throw new IllegalArgumentException(name + ": flag '" + f + "' is given more than once");
            }
            mask |= bit;
            if (!not) {
                value |= bit;
            }
        }
        return new MqttCondition(name, kind, null, mask, value, MqttCondition.INDEX_ANY);
    }
}
