package dev.palisade.ips.modbus;

/**
 * The anomaly events of the Modbus engine, named as Suricata names them in
 * {@code app-layer-event:modbus.<name>} ({@link #ruleName()}). A transaction carries the set of
 * its events as bits ({@link ModbusTransaction#events()}, bit {@code 1 << ordinal()}).
 */
public enum ModbusEvent {
    /** The MBAP protocol identifier is not 0. */
    INVALID_PROTOCOL_ID("invalid_protocol_id"),
    /** A response for which no request is waiting (after the midstream grace period). */
    UNSOLICITED_RESPONSE("unsolicited_response"),
    /** The MBAP length is outside 2-254, or the PDU is shorter or longer than its function requires. */
    INVALID_LENGTH("invalid_length"),
    /** A unit identifier in the reserved range 248-254 in a request. */
    INVALID_UNIT_IDENTIFIER("invalid_unit_identifier"),
    /** Function code 0 (either direction), or a request with the exception bit set. */
    INVALID_FUNCTION_CODE("invalid_function_code"),
    /** A field outside its range: quantity 0 or above the limit, coil value not 0000/FF00, byte count wrong... */
    INVALID_VALUE("invalid_value"),
    /** An exception code that is undefined or that the function cannot have. */
    INVALID_EXCEPTION_CODE("invalid_exception_code"),
    /** A response that does not fit its request: echo differs, byte count not the quantity asked for. */
    VALUE_MISMATCH("value_mismatch"),
    /** The number of unanswered requests of a connection reached the request-flood threshold. */
    FLOODED("flooded");

    private static final ModbusEvent[] VALUES = values();

    private final String ruleName;

    ModbusEvent(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The name in rules and EVE anomaly records, e.g. "invalid_protocol_id". */
    public String ruleName() {
        return ruleName;
    }

    /** This event's bit in {@link ModbusTransaction#events()}. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The event of a rule name, or null. */
    public static ModbusEvent byRuleName(String name) {
        for (ModbusEvent e : VALUES) {
            if (e.ruleName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    static ModbusEvent byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
