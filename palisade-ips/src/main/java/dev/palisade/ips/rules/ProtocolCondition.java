package dev.palisade.ips.rules;

/**
 * A parsed protocol keyword of a rule, such as {@code modbus: access write holding, address <100}.
 * Immutable. Only the protocol engine that produced it knows how to evaluate it against that
 * protocol's transactions; the rule language carries it unchanged to the matcher.
 */
public interface ProtocolCondition {

    /** The keyword as written in the rule, e.g. "modbus" or "mqtt.qos". */
    String keyword();
}
