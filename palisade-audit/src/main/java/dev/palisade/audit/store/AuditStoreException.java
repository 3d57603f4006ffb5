package dev.palisade.audit.store;

/**
 * The audit store could not do what was asked: the database could not be opened or written (disk
 * full, I/O error, locked beyond the timeout), or its key is missing. A caller that gets this from
 * {@code record} must treat the action as not audited.
 */
public final class AuditStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }
}
