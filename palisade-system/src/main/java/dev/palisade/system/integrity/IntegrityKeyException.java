package dev.palisade.system.integrity;

/** A signing key or pinned public key that is missing, unreadable, malformed or not the expected one. */
public final class IntegrityKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public IntegrityKeyException(String message) {
        super(message);
    }

    public IntegrityKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
