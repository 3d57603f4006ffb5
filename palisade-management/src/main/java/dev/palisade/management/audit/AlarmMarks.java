package dev.palisade.management.audit;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import dev.palisade.audit.store.AuditPage;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.web.NavEntry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alarm icon beside Events and Audit: shown to an account while its log holds a critical event
 * newer than what that account last viewed. The newest critical sequence of each log is kept in
 * memory from a subscription to the store (one query at start), so a page render costs two map
 * reads and no database access. What an account has viewed is kept in memory only: after a restart
 * every critical event still in the log marks the section again until it is viewed, which errs on
 * the side of showing the alarm. Thread-safe.
 */
final class AlarmMarks {

    static final String REASON = "audit.alarm";

    private final Map<AuditLogKind, AtomicLong> newestCritical = new EnumMap<>(AuditLogKind.class);
    /** Keyed by log and account name: the newest critical sequence the account has viewed. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    AlarmMarks(AuditStore store) {
        for (AuditLogKind log : AuditLogKind.values()) {
            newestCritical.put(log, new AtomicLong());
        }
        // Subscribed before the query, so a critical event committed in between is not missed.
        store.subscribe(this::recorded);
        for (AuditLogKind log : AuditLogKind.values()) {
            AuditPage page = store.page(AuditQuery.of(log).withSeverities(Set.of(Severity.CRITICAL)).withLimit(1));
            if (!page.records().isEmpty()) {
                newestCritical.get(log).accumulateAndGet(page.records().getFirst().sequence(), Math::max);
            }
        }
    }

    private void recorded(AuditRecord r) {
        if (r.severity() == Severity.CRITICAL) {
            newestCritical.get(r.log()).accumulateAndGet(r.sequence(), Math::max);
        }
    }

    /** The account has viewed the log: its critical events up to now no longer mark the section. */
    void viewed(AuditLogKind log, String account) {
        seen.merge(log.key() + "\n" + account, newestCritical.get(log).get(), Math::max);
    }

    boolean marked(AuditLogKind log, String account) {
        return newestCritical.get(log).get() > seen.getOrDefault(log.key() + "\n" + account, 0L);
    }

    /** The navigation mark of a log's section. */
    NavEntry.Mark mark(AuditLogKind log) {
        return session -> marked(log, session.accountName()) ? Optional.of(REASON) : Optional.empty();
    }
}
