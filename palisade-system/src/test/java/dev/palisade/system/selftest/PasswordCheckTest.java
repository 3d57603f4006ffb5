package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/** The password check passes with BouncyCastle's Argon2id and fails with hashes that are wrong in telling ways. */
class PasswordCheckTest {

    @Test
    void passesWithArgon2id() {
        CheckOutcome o = new PasswordCheck().run();
        assertThat(o.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(o.details()).containsExactly("Argon2id reproduces the RFC 9106 test vector", "the right password is accepted",
                "a wrong password is refused");
    }

    @Test
    void failsWhenTheHashIgnoresThePassword() {
        // A hash of the salt alone: every password verifies.
        PasswordCheck broken = new PasswordCheck((params, password, length) -> sha256(params.getSalt()));
        CheckOutcome o = broken.run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details()).contains("Argon2id does not reproduce the RFC 9106 test vector", "a wrong password is ACCEPTED");
    }

    @Test
    void failsWhenTheHashIsNotReproducible() {
        PasswordCheck broken = new PasswordCheck((params, password, length) -> {
            byte[] b = new byte[length];
            new java.security.SecureRandom().nextBytes(b);
            return b;
        });
        assertThat(broken.run().details()).contains("the right password is refused");
    }

    @Test
    void failsWhenTheParametersAreIgnored() {
        // Argon2id with the right password, but ignoring the secret and associated data: the RFC vector tells.
        PasswordCheck broken = new PasswordCheck((params, password, length) -> PasswordCheck.BOUNCY_CASTLE.derive(
                new org.bouncycastle.crypto.params.Argon2Parameters.Builder(params.getType()).withVersion(params.getVersion())
                        .withIterations(params.getIterations()).withMemoryAsKB(params.getMemory()).withParallelism(params.getLanes())
                        .withSalt(params.getSalt()).build(), password, length));
        CheckOutcome o = broken.run();
        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.details()).containsExactly("Argon2id does not reproduce the RFC 9106 test vector", "the right password is accepted",
                "a wrong password is refused");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
