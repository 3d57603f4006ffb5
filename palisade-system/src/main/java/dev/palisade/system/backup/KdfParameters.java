package dev.palisade.system.backup;

/**
 * Argon2id (version 1.3) cost parameters of a backup's key derivation; they travel in the file's
 * authenticated header so a later release can raise the defaults and still read older backups.
 *
 * @param memoryKiB   memory in KiB
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
    /**
     * RFC 9106 section 4, second recommended option (64 MiB, 3 passes, 4 lanes): memory-hard enough
     * to make password guessing costly, small enough for a gateway with 1 GiB of RAM.
     */
    public static final KdfParameters DEFAULT = new KdfParameters(64 * 1024, 3, 4);
    /** Weakest parameters a reader accepts (OWASP's Argon2id minimum: 19 MiB, 2 passes). */
    public static final KdfParameters MIN_ACCEPTED = new KdfParameters(19 * 1024, 2, 1);
    /** Strongest parameters a reader accepts: a crafted file must not make a restore exhaust memory or time. */
    public static final KdfParameters MAX_ACCEPTED = new KdfParameters(256 * 1024, 10, 16);

    public KdfParameters {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("invalid Argon2 parameters");
        }
    }

    boolean within(KdfParameters min, KdfParameters max) {
        return memoryKiB >= min.memoryKiB && memoryKiB <= max.memoryKiB
                && iterations >= min.iterations && iterations <= max.iterations
                && parallelism >= min.parallelism && parallelism <= max.parallelism;
    }
}
