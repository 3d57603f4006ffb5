package dev.palisade.ips.rules;

import java.util.List;
import java.util.Set;

/**
 * TEST FIXTURE, not a protocol engine: stand-ins for the keyword sets the Modbus and MQTT engines
 * will provide, just detailed enough to show the parser wires sticky buffers, value keywords, their
 * errors and event names correctly. The value syntax checked here is deliberately small.
 */
final class TestProtocolKeywords implements ProtocolKeywords {

    /** What the fixture returns for a parsed keyword: the keyword and the value it was handed. */
    record TestCondition(String keyword, String value) implements ProtocolCondition {
    }

    private final String protocol;
    private final Set<String> buffers;
    private final Set<String> keywords;
    private final Set<String> events;

    TestProtocolKeywords(String protocol, Set<String> buffers, Set<String> keywords, Set<String> events) {
        this.protocol = protocol;
        this.buffers = buffers;
        this.keywords = keywords;
        this.events = events;
    }

    static TestProtocolKeywords modbus() {
        return new TestProtocolKeywords("modbus", Set.of(), Set.of("modbus"),
                Set.of("invalid_protocol_id", "unsolicited_response", "invalid_length", "invalid_unit_identifier",
                        "invalid_function_code", "invalid_value", "invalid_exception_code", "value_mismatch", "flooded"));
    }

    static TestProtocolKeywords mqtt() {
        return new TestProtocolKeywords("mqtt",
                Set.of("mqtt.publish.topic", "mqtt.publish.message", "mqtt.connect.clientid", "mqtt.connect.username",
                        "mqtt.connect.password", "mqtt.connect.willtopic", "mqtt.connect.willmessage",
                        "mqtt.connect.protocol_string", "mqtt.subscribe.topic", "mqtt.unsubscribe.topic",
                        "frame:mqtt.pdu", "frame:mqtt.header", "frame:mqtt.data"),
                Set.of("mqtt.type", "mqtt.flags", "mqtt.qos", "mqtt.protocol_version", "mqtt.reason_code",
                        "mqtt.connect.flags", "mqtt.connack.session_present"),
                Set.of("missing_connect", "missing_publish", "missing_subscribe", "missing_unsubscribe", "double_connect",
                        "unintroduced_message", "invalid_qos_level", "missing_msg_id", "unassigned_msg_type",
                        "too_many_transactions", "malformed_traffic", "too_many_messages"));
    }

    static List<ProtocolKeywords> both() {
        return List.of(modbus(), mqtt());
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public boolean isBuffer(String name) {
        return buffers.contains(name);
    }

    @Override
    public boolean isKeyword(String name) {
        return keywords.contains(name);
    }

    @Override
    public ProtocolCondition parse(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("needs a value");
        }
        if (name.equals("modbus")) {
            String[] words = value.split("[\\s,]+");
            if (!List.of("function", "access", "unit").contains(words[0])) {
                throw new IllegalArgumentException("'" + words[0] + "' is not function, access or unit");
            }
            if (words[0].equals("function") && words.length > 1 && words[1].matches("\\d+")
                    && Integer.parseInt(words[1]) > 255) {
                throw new IllegalArgumentException("function code " + words[1] + " is larger than 255");
            }
        }
        if (name.equals("mqtt.qos") && !value.matches("[012]")) {
            throw new IllegalArgumentException("qos is 0, 1 or 2");
        }
        return new TestCondition(name, value);
    }

    @Override
    public Set<String> eventNames() {
        return events;
    }
}
