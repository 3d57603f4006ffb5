package dev.palisade.system.selftest;

import dev.palisade.audit.store.AuditSelfTest;
import dev.palisade.audit.store.AuditStore;
import java.util.Objects;

/**
 * The audit subsystem check: writes the audit test message to both logs, reads each record back
 * and verifies both hash chains ({@link AuditStore#selfTest()}). Proves that events are recorded
 * durably and that neither log has been altered, truncated or had its head removed.
 */
public final class AuditCheck implements SelfTestCheck {

    public static final String NAME = "audit";

    private final AuditStore store;

    public AuditCheck(AuditStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run() {
        AuditSelfTest t = store.selfTest();
        return CheckOutcome.of(t.ok(), t.details());
    }
}
