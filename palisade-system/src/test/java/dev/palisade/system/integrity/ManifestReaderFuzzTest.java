package dev.palisade.system.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest reader only ever answers a manifest or a {@link ManifestException}. {@link #arbitraryBytes}
 * exercises the framing and signature check; {@link #signedBodies} signs whatever the fuzzer gives
 * with the trusted key, so the entry parser behind the signature is fuzzed too. Fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -pl palisade-system -Dtest=ManifestReaderFuzzTest}.
 */
class ManifestReaderFuzzTest {
    /** Deterministic key so a regression input reproduces. */
    static final KeyPair KEY = fixedKey();

    @TempDir
    Path tmp;

    private static KeyPair fixedKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(20261125L);
            generator.initialize(255, seeded);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void parse(byte[] input) {
        try {
            IntegrityManifest manifest = IntegrityManifest.parse(input, KEY.getPublic());
            assertThat(manifest.entries().size()).isLessThanOrEqualTo(IntegrityManifest.MAX_ENTRIES);
        } catch (ManifestException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    static byte[] signed(byte[] body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(KEY.getPrivate());
            signer.update(body);
            byte[] line = ("signature " + Base64.getEncoder().encodeToString(signer.sign()) + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(body, body.length + line.length);
            System.arraycopy(line, 0, all, body.length, line.length);
            return all;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void arbitraryBytes(byte[] input) {
        parse(input);
    }

    @FuzzTest(maxDuration = "1m")
    void signedBodies(byte[] body) {
        byte[] prefix = ("palisade-integrity-manifest 1\nhash-function SHA-256\nsignature-algorithm Ed25519\nkey-id "
                + IntegrityKeys.keyId(KEY.getPublic()) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, whole, prefix.length, body.length);
        parse(signed(whole));
    }

    @Test
    void seededMutationsOfARealManifest() throws Exception {
        Installation inst = new Installation(tmp);
        IntegrityManifest.build(inst.layout.sections(), KEY, inst.layout.manifest());
        byte[] good = java.nio.file.Files.readAllBytes(inst.layout.manifest());
        assertThat(IntegrityManifest.parse(good, KEY.getPublic()).entries()).hasSize(5);
        String body = new String(good, 0, good.length - 1, StandardCharsets.UTF_8);
        byte[] unsignedBody = body.substring(0, body.lastIndexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20_261_125);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] mutated = mutate(good, random);
            if (!Arrays.equals(mutated, good)) {
                try {
                    IntegrityManifest.parse(mutated, KEY.getPublic());
                    fail("an altered signed manifest was accepted: mutation " + i);
                } catch (ManifestException expected) {
                    // any change to a signed manifest must be refused
                }
            }
            // Re-signed mutations reach the entry parser: accepted or refused, never thrown otherwise.
            byte[] resigned = signed(mutate(unsignedBody, random));
            try {
                IntegrityManifest.parse(resigned, KEY.getPublic());
                accepted++;
            } catch (ManifestException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("mutation " + i + " escaped the reader", e);
            }
        }
        assertThat(accepted).as("some re-signed mutations stay valid (e.g. digest digit changes)").isPositive();
        for (String hostile : List.of("../../etc/passwd", "/etc/passwd", "a//b", "a|b", "a\\b")) {
            String line = "file system " + "0".repeat(64) + " " + hostile + "\n";
            String text = "palisade-integrity-manifest 1\nhash-function SHA-256\nsignature-algorithm Ed25519\nkey-id "
                    + IntegrityKeys.keyId(KEY.getPublic()) + "\ncreated 2026-11-25T20:00:00Z\n" + line;
            try {
                IntegrityManifest.parse(signed(text.getBytes(StandardCharsets.UTF_8)), KEY.getPublic());
                fail("hostile path accepted: " + hostile);
            } catch (ManifestException expected) {
                assertThat(expected.getMessage()).contains("line 6");
            }
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        switch (random.nextInt(4)) {
            case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            default -> {
                int at = random.nextInt(out.length);
                byte[] longer = Arrays.copyOf(out, out.length + 1);
                System.arraycopy(out, at, longer, at + 1, out.length - at);
                longer[at] = (byte) "\n |/.0a".charAt(random.nextInt(7));
                out = longer;
            }
        }
        return out;
    }
}
