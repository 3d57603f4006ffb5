package dev.palisade.ips.mqtt;

/**
 * An MQTT transaction as Suricata groups messages: CONNECT with its CONNACK, PUBLISH with its
 * acknowledgements by QoS (PUBACK; PUBREC, PUBREL, PUBCOMP), SUBSCRIBE with SUBACK, UNSUBSCRIBE with
 * UNSUBACK; every other message (PINGREQ, PINGRESP, DISCONNECT, AUTH, an acknowledgement nothing
 * waits for, a truncated or unassigned packet) is a transaction of its own. A transaction carries
 * the anomaly events raised on it.
 *
 * <p>Owned and pooled by its {@link MqttSession}: valid from the first listener call that hands it
 * out until {@link MqttListener#completed} returns.
 */
public final class MqttTransaction {

    /** Pseudo packet id of a CONNECT waiting for its CONNACK: outside the 16-bit id space. */
    static final int CONNECT_PACKET_ID = 0x10000;

    long id;
    MqttMessage[] messages = new MqttMessage[2];
    int count;
    boolean complete;
    int events;
    int direction;
    int packetId = -1;
    int protocolVersion;

    void clear() {
        for (int i = 0; i < count; i++) {
            messages[i] = null;
        }
        count = 0;
        complete = false;
        events = 0;
        direction = 0;
        packetId = -1;
        protocolVersion = 0;
    }

    void add(MqttMessage m) {
        if (count == messages.length) {
            MqttMessage[] bigger = new MqttMessage[count * 2];
            System.arraycopy(messages, 0, bigger, 0, count);
            messages = bigger;
        }
        messages[count++] = m;
    }

    /** The transaction number within its flow, from 1, in creation order. */
    public long id() {
        return id;
    }

    public int messageCount() {
        return count;
    }

    public MqttMessage message(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        return messages[index];
    }

    /** The first message of a type in this transaction, or null. */
    public MqttMessage first(MqttType type) {
        for (int i = 0; i < count; i++) {
            if (messages[i].type == type) {
                return messages[i];
            }
        }
        return null;
    }

    /** Whether nothing more will be added (acknowledged, needs no acknowledgement, or closed). */
    public boolean complete() {
        return complete;
    }

    /** The events raised on this transaction, a mask of {@link MqttEvent#bit()}. */
    public int events() {
        return events;
    }

    public boolean hasEvent(MqttEvent event) {
        return (events & event.bit()) != 0;
    }

    /** The direction of the message that opened it: 0 client to server, 1 server to client. */
    public int direction() {
        return direction;
    }

    /** The session's protocol version (from its CONNECT; 0 when none was seen) when last updated. */
    public int protocolVersion() {
        return protocolVersion;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("tx ").append(id).append(' ');
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : "+").append(messages[i]);
        }
        for (MqttEvent e : MqttEvent.values()) {
            if (hasEvent(e)) {
                s.append(" !").append(e.eventName());
            }
        }
        return s.toString();
    }
}
