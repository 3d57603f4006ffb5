package dev.palisade.notify;

import dev.palisade.audit.AuditEventType;
import java.util.Map;

/**
 * Records a destination's full queue could not take. Made once when the queue first refuses a
 * record ({@code ended} false, {@code dropped} 1) and once when it has room again ({@code ended}
 * true, {@code dropped} the number refused in that episode), so a long outage gives two audit
 * events, not one per lost record, and the report of the end itself finds room in the queue.
 *
 * @param destination  the destination's name
 * @param dropped      records refused in this episode so far
 * @param droppedTotal records refused since the notifier started
 * @param ended        whether the queue has room again
 */
public record OverflowReport(String destination, long dropped, long droppedTotal, boolean ended) {

    /** The catalog event the service records for a report. */
    public static final AuditEventType EVENT = AuditEventType.NOTIFICATION_QUEUE_OVERFLOW;

    /** The event text for this report. */
    public String text() {
        return EVENT.text().render(Map.of("number", Long.toString(dropped), "destination", destination));
    }
}
