package dev.palisade.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as recorded in an audit log: its place in that log, when it happened, which catalog
 * event it is, and the subject and text as rendered at the time. This is what the store keeps,
 * the views list, the CSV export writes and the Syslog and MQTT forwarders deliver; it is
 * immutable so a record can be handed to several consumers at once.
 *
 * @param log      the log the record belongs to (an event listed in both logs is recorded once in each)
 * @param sequence position in that log, from 1, strictly increasing, never reused (also after an overwrite)
 * @param time     when the event happened (UTC)
 * @param event    the catalog entry
 * @param subject  who acted, as shown to the reader: "Administrator", "User", or "System: component"
 * @param text     the event text with every placeholder filled in
 */
public record AuditRecord(AuditLogKind log, long sequence, Instant time, AuditEventType event, String subject, String text) {

    public AuditRecord {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
        if (!event.logs().contains(log)) {
            throw new IllegalArgumentException(event + " is not an event of the " + log.key() + " log");
        }
    }

    /** The catalog's severity of this event. */
    public Severity severity() {
        return event.severity();
    }
}
