package dev.palisade.management.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzz target for certificate and key uploads: whatever the bytes, parsing returns a certificate
 * (which then describes itself) or throws {@link CertificateRejected}; no other exception escapes.
 * Inputs start from a real certificate, mutated, half the time.
 */
class CertificateFileFuzzTest {

    private static final CertificateIssuer.Issued ROOT = CertificateIssuer.root("Fuzz Root", Instant.now(), Duration.ofDays(1));
    private static final byte[] DER;
    private static final byte[] PEM = Pem.encode(ROOT.certificate());

    static {
        try {
            DER = ROOT.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void uploadsParseOrAreRejected(FuzzedDataProvider data) {
        byte[] input;
        switch (data.consumeInt(0, 3)) {
            case 0 -> input = mutate(DER, data);
            case 1 -> input = mutate(PEM, data);
            case 2 -> input = ("-----BEGIN CERTIFICATE-----\n" + data.consumeRemainingAsString() + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            default -> input = data.consumeRemainingAsBytes();
        }
        try {
            var certificate = CertificateFile.parse(input);
            CertificateInfo info = CertificateInfo.of(certificate);
            assertThat(info.sha256()).hasSize(64);
            try {
                CertificateFile.checkSignedBy(certificate, ROOT.certificate(), Instant.now());
            } catch (CertificateRejected expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } catch (CertificateRejected expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            CertificateFile.parseKey(input);
        } catch (CertificateRejected expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] mutate(byte[] seed, FuzzedDataProvider data) {
        byte[] copy = seed.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits && data.remainingBytes() > 2; i++) {
            copy[data.consumeInt(0, copy.length - 1)] = data.consumeByte();
        }
        int keep = data.consumeInt(0, copy.length);
        return java.util.Arrays.copyOf(copy, keep);
    }
}
