package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;

/**
 * How many records each audit log keeps before the oldest are overwritten, and how early the
 * "running out of space" warning comes: when at most {@code warnFreePercent} percent of a log's
 * capacity is still free. Defaults: 65,536 records per log (64 pages of the 1,024-record view),
 * warning at 10 % free.
 */
public record AuditLimits(int firewallCapacity, int operatingSystemCapacity, int warnFreePercent) {

    /** The smallest capacity: room for the notices the store itself writes, and some events. */
    public static final int MIN_CAPACITY = 16;
    /** The largest capacity (about 2 GB at the largest record size). */
    public static final int MAX_CAPACITY = 10_000_000;

    public AuditLimits {
        checkCapacity("firewallCapacity", firewallCapacity);
        checkCapacity("operatingSystemCapacity", operatingSystemCapacity);
        if (warnFreePercent < 1 || warnFreePercent > 50) {
            throw new IllegalArgumentException("warnFreePercent must be 1..50: " + warnFreePercent);
        }
    }

    private static void checkCapacity(String name, int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(name + " must be " + MIN_CAPACITY + ".." + MAX_CAPACITY + ": " + capacity);
        }
    }

    public static AuditLimits defaults() {
        return new AuditLimits(65_536, 65_536, 10);
    }

    public int capacity(AuditLogKind log) {
        return log == AuditLogKind.FIREWALL ? firewallCapacity : operatingSystemCapacity;
    }

    /** The number of free records at or below which the warning is due (at least 1). */
    public int warnThreshold(AuditLogKind log) {
        return Math.max(1, (int) ((long) capacity(log) * warnFreePercent / 100));
    }
}
