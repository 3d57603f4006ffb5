package dev.palisade.management.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** Argon2id hashes: PHC format, salted, verified against their own parameters, malformed never matching. */
class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(1024, 2, 1);

    @Test
    void aHashVerifiesOnlyItsPassword() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=2,p=1$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct hors", hash)).isFalse();
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hash);
        // Verification follows the stored parameters, not the verifier's.
        assertThat(new PasswordHasher(2048, 1, 1).verify("correct horse", hash)).isTrue();
    }

    @Test
    void theDerivationIsArgon2idOfRfc9106() {
        // RFC 9106 section 5.3 test vector (Argon2id, with secret and associated data) cannot be fed
        // through the PHC string, so the generator is checked directly on it.
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32).withIterations(3).withParallelism(4)
                .withSalt(HexFormat.of().parseHex("02".repeat(16)))
                .withSecret(HexFormat.of().parseHex("03".repeat(8)))
                .withAdditional(HexFormat.of().parseHex("04".repeat(12))).build());
        byte[] out = new byte[32];
        generator.generateBytes(HexFormat.of().parseHex("01".repeat(32)), out);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void malformedOrHostileEncodingsNeverMatch() {
        String hash = hasher.hash("pw");
        assertThat(hasher.verify("pw", hash.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.verify("pw", hash.replace("m=1024", "m=99999999"))).isFalse();
        assertThat(hasher.verify("pw", hash.replace("t=2", "t=x"))).isFalse();
        assertThat(hasher.verify("pw", "")).isFalse();
        assertThat(hasher.verify("pw", "$argon2id$v=19$m=1024,t=2,p=1$$")).isFalse();
        assertThat(hasher.verify("pw", hash.substring(0, hash.lastIndexOf('$')) + "$!!!")).isFalse();
        assertThatThrownBy(() -> new PasswordHasher(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
