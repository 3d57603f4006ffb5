package dev.palisade.management.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded Base64), so each hash
 * carries the parameters it was made with and stronger defaults later do not invalidate stored
 * hashes. Verification recomputes and compares in constant time. {@link #DEFAULT} is m=64 MiB, t=3,
 * p=1 (stronger than OWASP's minimum m=19 MiB, t=2 and the cost of one sign-in, ~0.2 s here);
 * tests use a cheaper instance.
 */
public final class PasswordHasher {

    /** The production parameters: 64 MiB, 3 passes, 1 lane, 16-byte salt, 32-byte hash. */
    public static final PasswordHasher DEFAULT = new PasswordHasher(64 * 1024, 3, 1);

    /** Limits on stored parameters, so a tampered account file cannot make verification take minutes or GiBs. */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_PASSES = 16;
    private static final int MAX_LANES = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int passes;
    private final int lanes;

    public PasswordHasher(int memoryKib, int passes, int lanes) {
        if (memoryKib < 8 * lanes || memoryKib > MAX_MEMORY_KIB || passes < 1 || passes > MAX_PASSES || lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalArgumentException("Argon2id parameters out of range: m=" + memoryKib + " t=" + passes + " p=" + lanes);
        }
        this.memoryKib = memoryKib;
        this.passes = passes;
        this.lanes = lanes;
    }

    /** A new salted hash of {@code password}. */
    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, passes, lanes, 32);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + lanes + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; a malformed encoding never matches. */
    public boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            String[] params = parts[3].split(",", -1);
            if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=") || !params[2].startsWith("p=")) {
                return false;
            }
            int m = Integer.parseInt(params[0].substring(2));
            int t = Integer.parseInt(params[1].substring(2));
            int p = Integer.parseInt(params[2].substring(2));
            if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > MAX_PASSES || p < 1 || p > MAX_LANES || m < 8 * p) {
                return false;
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (salt.length < 8 || expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build());
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Argon2id m=" + memoryKib + "KiB t=" + passes + " p=" + lanes;
    }
}
