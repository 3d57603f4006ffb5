package dev.palisade.system.selftest;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate half of the authentication check. At each run it issues a throwaway CA and a
 * client certificate under it (EC P-256, SHA-256), and a second CA with its own client
 * certificate; the JDK's PKIX validator must accept the first chain with the first CA as the
 * only trust anchor, and refuse the second CA's certificate. Proves that certificate-based
 * authentication accepts exactly the chains of the configured CA. The material is generated
 * rather than shipped, so no private key sits in the distribution.
 */
public final class CertificateCheck implements SelfTestCheck {

    public static final String NAME = "authentication: certificate validation";

    private final Clock clock;
    private final Supplier<Instant> validationTime;

    public CertificateCheck(Clock clock) {
        this(clock, clock::instant);
    }

    /** Validation at another time than issuance: only tests simulating a wrong clock or validator. */
    CertificateCheck(Clock clock, Supplier<Instant> validationTime) {
        this.clock = clock;
        this.validationTime = validationTime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run() {
        List<String> details = new ArrayList<>();
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            Instant now = clock.instant();
            KeyPair caKeys = kpg.generateKeyPair();
            X509Certificate ca = issue(new X500Principal("CN=Palisade self-test CA"), caKeys.getPublic(),
                    new X500Principal("CN=Palisade self-test CA"), caKeys.getPrivate(), true, now, 1);
            X509Certificate leaf = issue(new X500Principal("CN=self-test administrator"), kpg.generateKeyPair().getPublic(),
                    ca.getSubjectX500Principal(), caKeys.getPrivate(), false, now, 2);
            KeyPair otherKeys = kpg.generateKeyPair();
            X509Certificate otherCa = issue(new X500Principal("CN=Palisade self-test CA"), otherKeys.getPublic(),
                    new X500Principal("CN=Palisade self-test CA"), otherKeys.getPrivate(), true, now, 1);
            X509Certificate foreign = issue(new X500Principal("CN=self-test administrator"), kpg.generateKeyPair().getPublic(),
                    otherCa.getSubjectX500Principal(), otherKeys.getPrivate(), false, now, 2);

            String own = validate(leaf, ca);
            details.add(own == null ? "a client certificate of the trusted CA is accepted"
                    : "a client certificate of the trusted CA is refused: " + own);
            // Same issuer name, different key: only the signature tells them apart.
            String other = validate(foreign, ca);
            details.add(other != null ? "a client certificate of another CA with the same name is refused"
                    : "a client certificate of another CA with the same name is ACCEPTED");
            return CheckOutcome.of(own == null && other != null, details);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            details.add("cannot issue the test certificates: " + e);
            return CheckOutcome.failed(details);
        }
    }

    /** Null when the chain validates, else why not. */
    private String validate(X509Certificate leaf, X509Certificate anchor) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        CertPath path = cf.generateCertPath(List.of(leaf));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        // Throwaway certificates have no revocation information to consult.
        params.setRevocationEnabled(false);
        params.setDate(Date.from(validationTime.get()));
        try {
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return null;
        } catch (CertPathValidatorException e) {
            return e.getMessage();
        }
    }

    private static X509Certificate issue(X500Principal subject, PublicKey key, X500Principal issuer, PrivateKey issuerKey, boolean ca,
                                         Instant now, long serial) throws OperatorCreationException, CertIOException, GeneralSecurityException {
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofHours(1))), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
