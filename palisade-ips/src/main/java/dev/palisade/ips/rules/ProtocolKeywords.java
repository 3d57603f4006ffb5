package dev.palisade.ips.rules;

import java.util.Set;

/**
 * The rule keywords one application-layer protocol engine contributes to the rule language
 * ({@code modbus:}, {@code mqtt.qos}, the {@code mqtt.publish.topic} sticky buffer...). The rule
 * parser knows the generic language; it asks the engine of each protocol whether a keyword is its
 * own and hands it the value, so the syntax and the meaning of a protocol keyword live in one
 * place, next to the protocol's parser.
 */
public interface ProtocolKeywords {

    /** The protocol as rule headers and {@code app-layer-protocol} name it, e.g. "modbus". */
    String protocol();

    /** Whether {@code name} is a sticky buffer of this protocol (content after it inspects that buffer). */
    boolean isBuffer(String name);

    /** Whether {@code name} is a keyword of this protocol that takes a value (e.g. "modbus", "mqtt.qos"). */
    boolean isKeyword(String name);

    /**
     * Parses the value of one of this protocol's keywords (the text between {@code :} and
     * {@code ;}, unescaped and trimmed; empty when the keyword has no value).
     *
     * @throws IllegalArgumentException with a message a rule author can act on (the parser adds
     *                                  file, line and column)
     */
    ProtocolCondition parse(String name, String value);

    /** Names of this protocol's anomaly events, without the protocol prefix ("invalid_protocol_id"). */
    Set<String> eventNames();
}
