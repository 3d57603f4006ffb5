package dev.palisade.ips.rules;

import java.util.Objects;

/**
 * What a content, pcre or byte keyword inspects: the packet/stream payload ({@link #PAYLOAD},
 * Suricata's {@code pkt_data}), a protocol engine's sticky buffer such as
 * {@code mqtt.publish.topic}, or a frame {@code frame:mqtt.pdu}. The protocol engine that declared
 * the buffer fills it for each transaction.
 */
public record Buffer(String name) {

    /** The payload, where content goes when no sticky buffer precedes it. */
    public static final Buffer PAYLOAD = new Buffer("pkt_data");

    public Buffer {
        Objects.requireNonNull(name, "name");
    }

    public boolean isPayload() {
        return this.equals(PAYLOAD);
    }

    @Override
    public String toString() {
        return name;
    }
}
