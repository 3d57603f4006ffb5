package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a log view shows: one log, optionally a period ({@code from} inclusive, {@code to}
 * exclusive), some severities and some subjects (empty = all), and the page: records with a
 * sequence below {@code before}, at most {@code limit} of them, newest first. Immutable; the
 * {@code with...} methods return changed copies. The CSV export takes the same query and writes
 * every record it matches, ignoring {@code before} and {@code limit}.
 *
 * @param log        the log
 * @param from       earliest time shown (inclusive), or null
 * @param to         time from which nothing is shown (exclusive), or null
 * @param severities severities shown; empty means all
 * @param subjects   subjects shown, exactly as recorded ("Administrator", "System: Audit"); empty means all
 * @param before     only records with a smaller sequence (keyset paging); {@code Long.MAX_VALUE} for the newest
 * @param limit      page size, 1..{@value #PAGE}
 */
public record AuditQuery(AuditLogKind log, Instant from, Instant to, Set<Severity> severities, Set<String> subjects,
        long before, int limit) {

    /** The page size of the specification's views. */
    public static final int PAGE = 1024;

    public AuditQuery {
        Objects.requireNonNull(log, "log");
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        subjects = Set.copyOf(new TreeSet<>(subjects));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: from " + from + " is not before to " + to);
        }
        if (before < 1) {
            throw new IllegalArgumentException("before must be positive: " + before);
        }
        if (limit < 1 || limit > PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + PAGE + ": " + limit);
        }
    }

    /** Everything in one log, newest page first. */
    public static AuditQuery of(AuditLogKind log) {
        return new AuditQuery(log, null, null, Set.of(), Set.of(), Long.MAX_VALUE, PAGE);
    }

    public AuditQuery withFrom(Instant newFrom) {
        return new AuditQuery(log, newFrom, to, severities, subjects, before, limit);
    }

    public AuditQuery withTo(Instant newTo) {
        return new AuditQuery(log, from, newTo, severities, subjects, before, limit);
    }

    /** The days {@code first} to {@code last} inclusive, in UTC (the view's date picker). */
    public AuditQuery withDates(LocalDate first, LocalDate last) {
        return new AuditQuery(log, first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), severities, subjects, before, limit);
    }

    public AuditQuery withSeverities(Set<Severity> newSeverities) {
        return new AuditQuery(log, from, to, newSeverities, subjects, before, limit);
    }

    public AuditQuery withSubjects(Set<String> newSubjects) {
        return new AuditQuery(log, from, to, severities, newSubjects, before, limit);
    }

    /** The next, older page: records with a sequence below {@code sequence}. */
    public AuditQuery before(long sequence) {
        return new AuditQuery(log, from, to, severities, subjects, sequence, limit);
    }

    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(log, from, to, severities, subjects, before, newLimit);
    }
}
