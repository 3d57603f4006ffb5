package dev.palisade.ips.modbus;

/**
 * Receives what the {@link ModbusInspector} makes of a connection, on the inspector's thread and
 * in stream order. For each PDU: {@link #anomaly} once per event the PDU raised, then
 * {@link #message}; then {@link #completed} when the transaction is finished (its response
 * arrived, it was unsolicited or malformed, it was evicted because too many requests wait, or the
 * connection closed). The transaction and its messages are reused after {@code completed} returns.
 * Implementations must not throw and must not call back into the inspector.
 */
public interface ModbusListener {

    /**
     * A request ({@code direction} 0) or response (1) was parsed and attached to {@code tx}: the
     * time to run rules (a request is seen before the server gets it).
     */
    void message(ModbusTransaction tx, int direction);

    /** {@code event} was raised on {@code tx} by the PDU about to be delivered in {@code direction}. */
    void anomaly(ModbusTransaction tx, ModbusEvent event, int direction);

    /** {@code tx} is finished: the time to log it (EVE {@code modbus} record). */
    void completed(ModbusTransaction tx);
}
