package dev.palisade.ips.mqtt;

/**
 * Receives what the MQTT engine decodes, on the thread that feeds the stream, in this order for
 * each packet: {@link #message} (the transaction already carries the packet's events), then
 * {@link #anomaly} for each event the packet raised, then {@link #completed} if the transaction is
 * done. Detection runs on {@code message}; the EVE {@code mqtt} record is written on
 * {@code completed}. Transactions and messages are recycled after {@code completed} returns: copy
 * anything kept longer. Implementations must not throw.
 */
public interface MqttListener {

    /** {@code message} was added to {@code tx} (a new transaction or one it completes). */
    void message(int flow, MqttTransaction tx, MqttMessage message);

    /**
     * {@code event} was raised on {@code tx}. For {@link MqttEvent#MALFORMED_TRAFFIC} the transaction
     * has no message; {@code direction} is the stream the bytes came from.
     */
    void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction);

    /** {@code tx} is complete (or closed by a limit or by the end of the flow): its last call. */
    void completed(int flow, MqttTransaction tx);

    /** A listener that ignores everything. */
    MqttListener NONE = new MqttListener() {
        @Override
        public void message(int flow, MqttTransaction tx, MqttMessage message) {
        }

        @Override
        public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
        }

        @Override
        public void completed(int flow, MqttTransaction tx) {
        }
    };
}
