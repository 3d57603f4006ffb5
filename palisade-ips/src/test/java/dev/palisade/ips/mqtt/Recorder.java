package dev.palisade.ips.mqtt;

import dev.palisade.ips.json.JsonLine;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A listener for tests: keeps, for every completed transaction, its summary (message types and
 * events) and its EVE {@code mqtt} object, and every anomaly in order. Copies what it keeps,
 * since the session recycles transactions after {@code completed}.
 */
final class Recorder implements MqttListener {

    record Tx(int flow, long id, String types, List<String> events, JsonNode eve, int direction) {
    }

    final List<Tx> completed = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    private final MqttEveWriter writer;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    Recorder() {
        this(MqttEveOptions.SURICATA);
    }

    Recorder(MqttEveOptions options) {
        this.writer = new MqttEveWriter(options);
    }

    @Override
    public void message(int flow, MqttTransaction tx, MqttMessage message) {
        messages.add(message.type().eveName());
    }

    @Override
    public void anomaly(int flow, MqttTransaction tx, MqttEvent event, int direction) {
        anomalies.add(event.eventName());
    }

    @Override
    public void completed(int flow, MqttTransaction tx) {
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < tx.messageCount(); i++) {
            types.append(i == 0 ? "" : "+").append(tx.message(i).type().eveName());
        }
        List<String> events = new ArrayList<>();
        for (MqttEvent e : MqttEvent.values()) {
            if (tx.hasEvent(e)) {
                events.add(e.eventName());
            }
        }
        completed.add(new Tx(flow, tx.id(), types.toString(), events, eve(writer, tx), tx.direction()));
    }

    static JsonNode eve(MqttEveWriter writer, MqttTransaction tx) {
        JsonLine g = new JsonLine();
        g.writeStartObject();
        writer.write(tx, g);
        g.writeEndObject();
        return MAPPER.readTree(g.toString()).get("mqtt");
    }

    List<String> types() {
        return completed.stream().map(Tx::types).toList();
    }

    Tx only() {
        if (completed.size() != 1) {
            throw new AssertionError("expected one transaction, got " + types());
        }
        return completed.get(0);
    }
}
