package dev.palisade.ips.modbus;

/**
 * A Modbus request and its response (either may be missing: a request still waiting or never
 * answered, an unsolicited response), with the anomaly events raised on them. Transactions are
 * pooled by the {@link ModbusInspector} and reused once {@link ModbusListener#completed} returns:
 * a listener that needs anything later copies it.
 */
public final class ModbusTransaction {

    ModbusMessage request = new ModbusMessage();
    ModbusMessage response = new ModbusMessage();
    boolean hasRequest;
    boolean hasResponse;
    int flow;
    long id;
    int events;

    void reset(int flow, long id) {
        this.flow = flow;
        this.id = id;
        hasRequest = false;
        hasResponse = false;
        events = 0;
    }

    /** The connection (flow id of the stream consumer). */
    public int flow() {
        return flow;
    }

    /** Number of the transaction in its connection, from 1 in order of creation (EVE {@code modbus.id}). */
    public long id() {
        return id;
    }

    /** Whether the request was seen. */
    public boolean hasRequest() {
        return hasRequest;
    }

    /** Whether the response was seen. */
    public boolean hasResponse() {
        return hasResponse;
    }

    /** The request; meaningful only when {@link #hasRequest()}. */
    public ModbusMessage request() {
        return request;
    }

    /** The response; meaningful only when {@link #hasResponse()}. */
    public ModbusMessage response() {
        return response;
    }

    /**
     * The message rules inspect: the request when seen, otherwise the response (as Suricata's
     * {@code modbus:} keyword), or null when neither is.
     */
    public ModbusMessage inspected() {
        return hasRequest ? request : hasResponse ? response : null;
    }

    /** The events raised on this transaction, bit {@code 1 << event.ordinal()} each. */
    public int events() {
        return events;
    }

    /** Whether the event was raised on this transaction. */
    public boolean hasEvent(ModbusEvent event) {
        return (events & event.bit()) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tx#").append(id).append(" flow ").append(flow);
        if (hasRequest) {
            sb.append(' ').append(request);
        }
        if (hasResponse) {
            sb.append(' ').append(response);
        }
        for (ModbusEvent e : ModbusEvent.values()) {
            if (hasEvent(e)) {
                sb.append(' ').append(e.ruleName());
            }
        }
        return sb.toString();
    }
}
