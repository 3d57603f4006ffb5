package dev.palisade.config.model;

/**
 * {@code SETTINGS.AUDIT} (a Palisade extension; the specification gives the logs a fixed size): how
 * many records each audit log keeps before its oldest are overwritten, and at how many percent of
 * free room the "running out of space" warning is recorded. Read when the audit store opens, so a
 * change takes effect at the next start.
 */
public record AuditLogSettings(int firewallCapacity, int operatingSystemCapacity, int warnFreePercent) {

    /** The smallest capacity accepted: room for the store's own notices and some events. */
    public static final int MIN_CAPACITY = 16;
    /** The largest capacity accepted (about 2 GB at the largest record size). */
    public static final int MAX_CAPACITY = 10_000_000;
    public static final int MIN_WARN_PERCENT = 1;
    public static final int MAX_WARN_PERCENT = 50;

    /** 65,536 records per log (64 pages of the 1,024-record view), warning at 10 % free. */
    public static final AuditLogSettings DEFAULTS = new AuditLogSettings(65_536, 65_536, 10);
}
