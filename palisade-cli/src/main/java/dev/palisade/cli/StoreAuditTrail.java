package dev.palisade.cli;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.Subject;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.AuditTrail;
import java.util.Map;

/**
 * The management service's audit trail written into the durable audit store. System events take
 * the catalog's subject ("System: WebServer"); events of an administrator or user take the account
 * that acted. The service must never fail because of its audit trail, so a refused record is
 * reported on standard error (without its values, which may name an account) instead of thrown.
 */
final class StoreAuditTrail implements AuditTrail {

    private final AuditStore store;

    StoreAuditTrail(AuditStore store) {
        this.store = store;
    }

    @Override
    public void record(AuditEventType event, String actor, Map<String, String> values) {
        String subject = event.subject().kind() == Subject.Kind.SYSTEM ? event.subject().label() : actor;
        try {
            store.record(event, subject, values);
        } catch (RuntimeException e) {
            System.err.println("palisade: could not record " + event + " in the audit log: " + e.getMessage());
        }
    }
}
