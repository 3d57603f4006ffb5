package dev.palisade.notify.mqtt;

import dev.palisade.audit.AuditRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON message of one audit record (schema in docs/notifications.md):
 *
 * <pre>
 * {"time":"2026-11-25T19:53:24.123456789Z","log":"firewall","sequence":42,
 *  "event":"TrafficController: Traffic blocking","eventId":"TRAFFIC_BLOCKING","severity":"Warning",
 *  "subject":"System: TrafficController","text":"The traffic from the device 192.0.2.7 is blocked",
 *  "host":"gateway1"}
 * </pre>
 */
public final class MqttJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private MqttJson() {
    }

    /** The message fields, in the order they are written. */
    record Message(String time, String log, long sequence, String event, String eventId, String severity,
            String subject, String text, String host) {
    }

    public static String render(AuditRecord r, String hostName) {
        return MAPPER.writeValueAsString(new Message(r.time().toString(), r.log().key(), r.sequence(), r.event().eventName(),
                r.event().name(), r.severity().label(), r.subject(), r.text(), hostName));
    }
}
