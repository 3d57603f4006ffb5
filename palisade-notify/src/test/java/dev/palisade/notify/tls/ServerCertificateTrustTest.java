package dev.palisade.notify.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.notify.testing.TestPki;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trust decision for each case the documentation names, on real certificates. */
class ServerCertificateTrustTest {

    @Test
    void issuedCertificatesMustNameTheAddress() throws Exception {
        TestPki pki = TestPki.create("CA");
        X509Certificate named = pki.server("s", "192.0.2.10").certificate();
        ServerCertificateTrust trust = ServerCertificateTrust.of(List.of(pki.ca().certificate()), "192.0.2.10");
        trust.checkServerTrusted(new X509Certificate[] {named}, "RSA");
        ServerCertificateTrust elsewhere = ServerCertificateTrust.of(List.of(pki.ca().certificate()), "192.0.2.11");
        assertThatThrownBy(() -> elsewhere.checkServerTrusted(new X509Certificate[] {named}, "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("does not name 192.0.2.11");
    }

    @Test
    void aForeignCaIsRefusedAndAPinnedCertificateIsTrustedAsIs() throws Exception {
        TestPki pki = TestPki.create("CA");
        TestPki other = TestPki.create("Other");
        X509Certificate unnamed = pki.serverWithoutNames("s").certificate();
        assertThatThrownBy(() -> ServerCertificateTrust.of(List.of(other.ca().certificate()), "192.0.2.10")
                .checkServerTrusted(new X509Certificate[] {unnamed}, "RSA")).isInstanceOf(CertificateException.class);
        ServerCertificateTrust.of(List.of(unnamed), "192.0.2.10").checkServerTrusted(new X509Certificate[] {unnamed}, "RSA");
        assertThatThrownBy(() -> ServerCertificateTrust.of(List.of(pki.ca().certificate()), "192.0.2.10")
                .checkServerTrusted(new X509Certificate[] {unnamed}, "RSA")).hasMessageContaining("does not name");
    }

    @Test
    void literalsAreNeverLookedUp() {
        assertThat(ServerCertificateTrust.literal("192.0.2.1")).isNotNull();
        assertThat(ServerCertificateTrust.literal("2001:db8::1")).isNotNull();
        assertThat(ServerCertificateTrust.literal("cafe.de")).isNull();
        assertThat(ServerCertificateTrust.literal("syslog.example")).isNull();
    }
}
