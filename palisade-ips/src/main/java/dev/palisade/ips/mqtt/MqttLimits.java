package dev.palisade.ips.mqtt;

/**
 * Per-flow limits of the MQTT engine, with Suricata's defaults and configuration names
 * ({@code app-layer.protocols.mqtt.max-msg-length}, {@code max-tx}, {@code max-messages}).
 *
 * @param maxMessageLength     a packet whose remaining length exceeds this is not buffered nor
 *                             decoded: it is reported truncated with its skipped length
 * @param maxTransactions      open transactions per flow beyond which the oldest is closed with
 *                             {@link MqttEvent#TOO_MANY_TRANSACTIONS}
 * @param maxMessagesPerTransaction messages one transaction may hold (PUBREC/PUBREL repeats beyond
 *                             it raise {@link MqttEvent#TOO_MANY_MESSAGES} and are dropped)
 */
public record MqttLimits(int maxMessageLength, int maxTransactions, int maxMessagesPerTransaction) {

    /** Suricata's defaults: 1 MiB messages, 1024 transactions, 1024 messages per transaction. */
    public static final MqttLimits DEFAULTS = new MqttLimits(1 << 20, 1024, 1024);

    /** The remaining-length field cannot express more than this (four 7-bit groups). */
    public static final int MAX_REMAINING_LENGTH = 268_435_455;

    public MqttLimits {
        if (maxMessageLength < 0 || maxMessageLength > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("max message length must be 0.." + MAX_REMAINING_LENGTH + ", got " + maxMessageLength);
        }
        if (maxTransactions < 1) {
            throw new IllegalArgumentException("max transactions must be at least 1, got " + maxTransactions);
        }
        if (maxMessagesPerTransaction < 2) {
            throw new IllegalArgumentException("max messages per transaction must be at least 2, got " + maxMessagesPerTransaction);
        }
    }
}
