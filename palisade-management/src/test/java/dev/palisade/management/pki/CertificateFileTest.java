package dev.palisade.management.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upload parsing: DER and PEM accepted, everything else refused with a reason; chain, root and key checks. */
class CertificateFileTest {

    static final Instant NOW = Instant.now();
    static final CertificateIssuer.Issued ROOT = CertificateIssuer.root("R", NOW, Duration.ofDays(10));
    static final CertificateIssuer.Issued CLIENT = CertificateIssuer.client(ROOT, "c", NOW, Duration.ofDays(10));

    @Test
    void derAndPemGiveTheSameCertificate() throws Exception {
        byte[] der = CLIENT.certificate().getEncoded();
        byte[] pem = Pem.encode(CLIENT.certificate());
        assertThat(CertificateFile.parse(der)).isEqualTo(CLIENT.certificate());
        assertThat(CertificateFile.parse(pem)).isEqualTo(CLIENT.certificate());
        // CRLF line ends and surrounding text, as some tools write CRT files.
        String crlf = "Bag Attributes\r\n" + new String(pem, StandardCharsets.US_ASCII).replace("\n", "\r\n");
        assertThat(CertificateFile.parse(crlf.getBytes(StandardCharsets.US_ASCII))).isEqualTo(CLIENT.certificate());
    }

    @Test
    void anythingElseIsRefusedWithAReason() {
        assertThatThrownBy(() -> CertificateFile.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> CertificateFile.parse("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CertificateRejected.class).hasMessageContaining("CRT, CER, DER or PEM");
        assertThatThrownBy(() -> CertificateFile.parse(new byte[CertificateFile.MAX_BYTES + 1])).hasMessageContaining("larger");
        byte[] truncated = java.util.Arrays.copyOf(Pem.encode(CLIENT.certificate()), 200);
        assertThatThrownBy(() -> CertificateFile.parse(truncated)).isInstanceOf(CertificateRejected.class);
        byte[] two = (new String(Pem.encode(CLIENT.certificate()), StandardCharsets.US_ASCII)
                + new String(Pem.encode(ROOT.certificate()), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> CertificateFile.parse(two)).hasMessageContaining("more than one");
        byte[] key = Pem.encode(CLIENT.key());
        assertThatThrownBy(() -> CertificateFile.parse(key)).isInstanceOf(CertificateRejected.class);
    }

    @Test
    void chainRootAndValidityAreChecked() throws Exception {
        CertificateFile.checkSignedBy(CLIENT.certificate(), ROOT.certificate(), NOW);
        CertificateIssuer.Issued other = CertificateIssuer.root("O", NOW, Duration.ofDays(10));
        assertThatThrownBy(() -> CertificateFile.checkSignedBy(CLIENT.certificate(), other.certificate(), NOW))
                .hasMessageContaining("not signed by the uploaded root");
        assertThatThrownBy(() -> CertificateFile.checkSignedBy(CLIENT.certificate(), ROOT.certificate(), NOW.plus(Duration.ofDays(11))))
                .hasMessageContaining("not valid now");
        CertificateFile.checkRoot(ROOT.certificate(), NOW);
        assertThatThrownBy(() -> CertificateFile.checkRoot(CLIENT.certificate(), NOW)).hasMessageContaining("not a CA");
    }

    @Test
    void aKeyMustBelongToItsCertificate() throws Exception {
        CertificateIssuer.Issued server = CertificateIssuer.server(ROOT, List.of("gw"), List.of(InetAddress.getByName("10.0.0.1")), NOW,
                Duration.ofDays(10));
        CertificateFile.checkKeyMatches(CertificateFile.parseKey(Pem.encode(server.key())), server.certificate());
        assertThatThrownBy(() -> CertificateFile.checkKeyMatches(CLIENT.key(), server.certificate()))
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> CertificateFile.parseKey("nope".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("PEM");
        assertThat(CertificateInfo.of(server.certificate()).subjectAltNames()).containsExactly("gw", "10.0.0.1");
    }
}
