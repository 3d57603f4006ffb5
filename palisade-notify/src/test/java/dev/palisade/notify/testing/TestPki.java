package dev.palisade.notify.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real certificates for the TLS tests, made fresh by each test: a CA, and leaf certificates it
 * signs (server with an IP address SAN, client for TLS client authentication). RSA 2048 so both
 * GnuTLS (rsyslog) and OpenSSL (Mosquitto) take them without configuration.
 */
public final class TestPki {

    /** A key pair with its certificate. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certificatePem() {
            return pem(certificate);
        }

        public String keyPem() {
            return pem(key);
        }

        /** Writes {@code <name>.pem} and {@code <name>.key} into {@code dir}; returns the certificate path. */
        public Path write(Path dir, String name) throws IOException {
            Files.writeString(dir.resolve(name + ".key"), keyPem());
            return Files.writeString(dir.resolve(name + ".pem"), certificatePem());
        }
    }

    private final Issued ca;
    private long serial = 2;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new CA named {@code name}. */
    public static TestPki create(String name) throws Exception {
        KeyPair kp = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, notBefore(), notAfter(), subject, kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        return new TestPki(new Issued(sign(b, kp.getPrivate()), kp.getPrivate()));
    }

    public Issued ca() {
        return ca;
    }

    /** A server certificate naming {@code ipAddress} (iPAddress SAN) and, in the CN, {@code cn}. */
    public Issued server(String cn, String ipAddress) throws Exception {
        return leaf(cn, new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)), KeyPurposeId.id_kp_serverAuth);
    }

    /** A server certificate with no subject alternative name at all. */
    public Issued serverWithoutNames(String cn) throws Exception {
        return leaf(cn, null, KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate for TLS client authentication. */
    public Issued client(String cn) throws Exception {
        return leaf(cn, null, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued leaf(String cn, GeneralNames names, KeyPurposeId purpose) throws Exception {
        KeyPair kp = keyPair();
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++), notBefore(), notAfter(),
                new X500Name("CN=" + cn), kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        if (names != null) {
            b.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new Issued(sign(b, ca.key()), kp.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        return g.generateKeyPair();
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
