package dev.palisade.management;

import dev.palisade.audit.AuditEventType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the management service reports the audit events of the catalog it causes (sign-ins,
 * failed attempts, lockouts, credential and certificate changes, idle session locks). The values
 * fill the event's text placeholders; {@code actor} is the account name, or the component for
 * system events. Values never carry passwords or keys. Implementations must not throw.
 */
@FunctionalInterface
public interface AuditTrail {

    void record(AuditEventType event, String actor, Map<String, String> values);

    /** Writes each event as one line of the {@code palisade.audit} log (until the audit store attaches). */
    AuditTrail LOG = new AuditTrail() {
        private final Logger log = LoggerFactory.getLogger("palisade.audit");

        @Override
        public void record(AuditEventType event, String actor, Map<String, String> values) {
            String text;
            try {
                text = event.text().render(values);
            } catch (IllegalArgumentException e) {
                text = event.text().template();
            }
            log.info("{} [{}] {}", event.eventName(), actor, text);
        }
    };
}
