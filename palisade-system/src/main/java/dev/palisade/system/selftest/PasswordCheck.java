package dev.palisade.system.selftest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The password half of the authentication check. Argon2id (the gateway's password hash) must
 * reproduce the RFC 9106 section 5.3 test vector, and a password hashed with a fresh salt must
 * verify while a password differing in one character must not; hashes are compared in constant
 * time. Proves the hash function and the verification logic on known material, without touching
 * any stored account.
 */
public final class PasswordCheck implements SelfTestCheck {

    public static final String NAME = "authentication: password verification";

    /** Derives {@code length} bytes with Argon2; replaced only by tests simulating a broken hash. */
    @FunctionalInterface
    interface Argon2Function {
        byte[] derive(Argon2Parameters parameters, byte[] password, int length);
    }

    static final Argon2Function BOUNCY_CASTLE = (parameters, password, length) -> {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(parameters);
        byte[] out = new byte[length];
        g.generateBytes(password, out);
        return out;
    };

    // RFC 9106, 5.3 (Argon2id, version 0x13): P = 32 x 0x01, S = 16 x 0x02, K = 8 x 0x03, X = 12 x 0x04, t = 3, m = 32 KiB, p = 4.
    private static final byte[] RFC_TAG = HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");

    private static final byte[] KNOWN_PASSWORD = "Palisade self-test 7#kQ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG_PASSWORD = "Palisade self-test 7#kq".getBytes(StandardCharsets.UTF_8);

    private final Argon2Function argon2;
    private final SecureRandom random = new SecureRandom();

    public PasswordCheck() {
        this(BOUNCY_CASTLE);
    }

    PasswordCheck(Argon2Function argon2) {
        this.argon2 = argon2;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run() {
        List<String> details = new ArrayList<>();
        boolean ok = true;

        Argon2Parameters rfc = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(3).withMemoryAsKB(32).withParallelism(4).withSalt(filled(16, 0x02)).withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04)).build();
        boolean vector = MessageDigest.isEqual(argon2.derive(rfc, filled(32, 0x01), 32), RFC_TAG);
        ok &= vector;
        details.add(vector ? "Argon2id reproduces the RFC 9106 test vector" : "Argon2id does not reproduce the RFC 9106 test vector");

        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(2).withMemoryAsKB(19 * 1024).withParallelism(1).withSalt(salt).build();
        byte[] stored = argon2.derive(p, KNOWN_PASSWORD, 32);
        boolean right = MessageDigest.isEqual(argon2.derive(p, KNOWN_PASSWORD, 32), stored);
        boolean wrong = MessageDigest.isEqual(argon2.derive(p, WRONG_PASSWORD, 32), stored);
        ok &= right && !wrong;
        details.add(right ? "the right password is accepted" : "the right password is refused");
        details.add(wrong ? "a wrong password is ACCEPTED" : "a wrong password is refused");
        return CheckOutcome.of(ok, details);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
