package dev.palisade.management;

import dev.palisade.audit.AuditEventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the audit events the service reports, rendering each text so a wrong placeholder fails the test. */
public final class RecordingAudit implements AuditTrail {

    /** One reported event with its rendered text. */
    public record Event(AuditEventType type, String actor, String text) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEventType event, String actor, Map<String, String> values) {
        events.add(new Event(event, actor, event.text().render(values)));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<AuditEventType> types() {
        return events.stream().map(Event::type).toList();
    }
}
