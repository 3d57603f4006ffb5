package dev.palisade.system.integrity;

/**
 * One file under integrity control: its section, its path relative to the section root and the
 * reference SHA-256 digest (64 lower-case hex digits).
 */
public record ManifestEntry(String section, String path, String sha256) {
    public ManifestEntry {
        ManifestPaths.requireValid(path);
        if (!Digests.isHex(sha256)) {
            throw new IllegalArgumentException("digest must be 64 lower-case hex digits");
        }
    }
}
