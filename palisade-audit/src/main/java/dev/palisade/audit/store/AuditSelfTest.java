package dev.palisade.audit.store;

import java.util.List;

/**
 * The audit part of the self-test: a test message written to both logs and read back, and both
 * chains verified. {@code details} has one line per check, as the self-test table shows them.
 */
public record AuditSelfTest(boolean ok, List<String> details) {

    public AuditSelfTest {
        details = List.copyOf(details);
    }
}
