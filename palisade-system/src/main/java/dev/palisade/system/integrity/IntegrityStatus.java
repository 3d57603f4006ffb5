package dev.palisade.system.integrity;

/**
 * The outcome of checking one file, with the exact wording the spec's integrity report uses. Every
 * status but {@link #VERIFIED} may indicate a violation the administrator should analyse.
 */
public enum IntegrityStatus {
    /** Reference and calculated checksums match. */
    VERIFIED("File integrity verified successfully"),
    /** The calculated checksum differs from the reference one. */
    CONTENT_CHANGED("File content changed against reference!"),
    /** A file in a controlled directory that the manifest does not list; reference is all zeros. */
    NOT_IN_DATABASE("File isn't present in integrity database!"),
    /** A file the manifest lists is gone; calculated checksum is all zeros. */
    DELETED_OR_MOVED("The file under integrity control was deleted or moved!"),
    /** The manifest itself is missing, corrupt, unsigned or signed by another key. */
    PACKAGE_VIOLATION("Package integrity violation!");

    private final String text;

    IntegrityStatus(String text) {
        this.text = text;
    }

    /** The spec's wording, as printed in the report. */
    public String text() {
        return text;
    }

    /** The status whose {@link #text()} is {@code text}, for parsers of the report. */
    public static IntegrityStatus ofText(String text) {
        for (IntegrityStatus status : values()) {
            if (status.text.equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown integrity status: " + text);
    }
}
