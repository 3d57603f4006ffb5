package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;
import java.util.Objects;

/**
 * The result of verifying one log's hash chain: either intact (with the number of records
 * checked and the sequence range), or the first break found, what kind it is and why.
 *
 * @param log            the log verified
 * @param breakKind      null when the chain is intact
 * @param brokenSequence the first sequence at which the chain breaks (0 when intact)
 * @param checked        records whose MAC was checked before the break (all of them when intact)
 * @param firstSequence  the oldest sequence present (0 when the log is empty)
 * @param lastSequence   the newest sequence present (0 when the log is empty)
 * @param detail         a sentence for the administrator
 */
public record ChainReport(AuditLogKind log, Break breakKind, long brokenSequence, long checked, long firstSequence,
        long lastSequence, String detail) {

    /** What kind of break the verification found. */
    public enum Break {
        /** A record's fields were changed in place. */
        MODIFIED,
        /** Records are missing: a gap, a renumbered removal, or the oldest records gone without the store's anchor. */
        DELETED,
        /** A record that the chain does not contain was added. */
        INSERTED,
        /** Records are present but in another order. */
        REORDERED,
        /** The newest records are gone: the head kept outside the database is ahead of the log. */
        TRUNCATED,
        /** The store's bookkeeping (chain state, head file, key) does not agree with the records. */
        INCONSISTENT
    }

    public ChainReport {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean ok() {
        return breakKind == null;
    }

    @Override
    public String toString() {
        return log.key() + ": " + (ok() ? "intact" : breakKind.name().toLowerCase(java.util.Locale.ROOT) + " at " + brokenSequence)
                + " - " + detail;
    }
}
