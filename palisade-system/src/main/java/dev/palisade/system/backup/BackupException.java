package dev.palisade.system.backup;

/**
 * A backup that is refused, with the reason in words an administrator can act on. Nothing has been
 * changed when this is thrown.
 */
public final class BackupException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a backup is refused. */
    public enum Reason {
        /** Not a Palisade backup, or a structure that cannot be one. */
        FORMAT,
        /** Shorter or longer than its header says. */
        TRUNCATED,
        /** Wrong password, or the file was altered (AES-GCM cannot tell the two apart). */
        AUTHENTICATION,
        /** Made by another product version. */
        VERSION,
        /** Key derivation parameters outside what this version accepts. */
        PARAMETERS,
        /** Larger than {@link BackupFormat#MAX_FILE_BYTES}. */
        TOO_LARGE
    }

    private final Reason reason;

    public BackupException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
