package dev.palisade.system.integrity;

/**
 * A manifest that cannot be trusted: missing, too large, malformed, signed by another key or with a
 * signature that does not verify. The checker turns it into a "Package integrity violation!" line.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
