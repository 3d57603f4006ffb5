package dev.palisade.ips.modbus;

import java.util.ArrayList;
import java.util.List;

/**
 * A listener that writes down, in order, what the inspector reports: "anomaly #id name dir",
 * "message #id dir", "completed #id" plus the EVE JSON of each completed transaction (taken at
 * once, since the transaction is reused afterwards).
 */
final class Recorder implements ModbusListener {

    final List<String> log = new ArrayList<>();
    final List<String> eve = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();
    final List<ModbusCondition> conditions = new ArrayList<>();
    final List<String> hits = new ArrayList<>();

    @Override
    public void message(ModbusTransaction tx, int direction) {
        log.add("message #" + tx.id() + " " + direction);
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).matches(tx)) {
                hits.add(i + " #" + tx.id() + " " + direction);
            }
        }
    }

    @Override
    public void anomaly(ModbusTransaction tx, ModbusEvent event, int direction) {
        log.add("anomaly #" + tx.id() + " " + event.ruleName() + " " + direction);
        anomalies.add(event.ruleName());
    }

    @Override
    public void completed(ModbusTransaction tx) {
        log.add("completed #" + tx.id());
        eve.add(Adu.json(tx));
    }

    void clear() {
        log.clear();
        eve.clear();
        anomalies.clear();
        hits.clear();
    }
}
