package dev.palisade.management.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads uploaded certificate and key files. A certificate file may be DER (what CER and many CRT
 * files hold) or PEM text (what PEM and other CRT files hold); the format is told from the content,
 * not the name. Exactly one certificate is accepted: a bundle is refused rather than guessing which
 * one was meant. Keys are unencrypted PEM (PKCS#8 "PRIVATE KEY", or "RSA/EC PRIVATE KEY"). Sizes are
 * bounded before parsing; every failure is a {@link CertificateRejected} with a reason.
 */
public final class CertificateFile {

    /** Largest certificate or key file accepted; an 8192-bit RSA certificate is under 3 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final byte[] PEM_BEGIN = "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);

    private CertificateFile() {
    }

    /** Parses one X.509 certificate from DER or PEM bytes. */
    public static X509Certificate parse(byte[] content) throws CertificateRejected {
        if (content.length == 0) {
            throw new CertificateRejected("the file is empty");
        }
        if (content.length > MAX_BYTES) {
            throw new CertificateRejected("the file is larger than " + MAX_BYTES + " bytes; a certificate is a few KiB");
        }
        byte[] der = indexOf(content, PEM_BEGIN) >= 0 ? pemToDer(content) : content;
        if (der.length == 0 || der[0] != 0x30) {
            throw notACertificate(null);
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            var certificates = factory.generateCertificates(new ByteArrayInputStream(der));
            if (certificates.size() != 1) {
                throw new CertificateRejected("the file holds " + certificates.size()
                        + " certificates; upload a file with exactly one");
            }
            return (X509Certificate) certificates.iterator().next();
        } catch (CertificateException | RuntimeException e) {
            throw notACertificate(e);
        }
    }

    /** Checks that {@code certificate} is signed by {@code root} and valid at {@code now}. */
    public static void checkSignedBy(X509Certificate certificate, X509Certificate root, Instant now) throws CertificateRejected {
        try {
            certificate.verify(root.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertificateRejected("the certificate is not signed by the uploaded root certificate ("
                    + root.getSubjectX500Principal().getName() + "); upload the matching root certificate first");
        }
        checkValid(certificate, now);
    }

    /** Checks the validity period. */
    public static void checkValid(X509Certificate certificate, Instant now) throws CertificateRejected {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
            throw new CertificateRejected("the certificate is not valid now: valid from " + certificate.getNotBefore().toInstant()
                    + " to " + certificate.getNotAfter().toInstant());
        }
    }

    /** Checks that a certificate can act as a root: self-signed, a CA, valid now. */
    public static void checkRoot(X509Certificate root, Instant now) throws CertificateRejected {
        if (root.getBasicConstraints() < 0) {
            throw new CertificateRejected("the certificate is not a CA certificate (basicConstraints CA:TRUE is missing)");
        }
        try {
            root.verify(root.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertificateRejected("the certificate is not self-signed; upload the root of the chain");
        }
        checkValid(root, now);
    }

    /** Parses an unencrypted PEM private key. */
    public static PrivateKey parseKey(byte[] content) throws CertificateRejected {
        if (content.length == 0 || content.length > MAX_BYTES) {
            throw new CertificateRejected("the key file is empty or larger than " + MAX_BYTES + " bytes");
        }
        try (PEMParser parser = new PEMParser(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateRejected("the file is not an unencrypted private key in PEM (KEY) format", e);
        }
        throw new CertificateRejected("the file is not an unencrypted private key in PEM (KEY) format");
    }

    /** Checks that {@code key} belongs to {@code certificate} by signing and verifying a challenge. */
    public static void checkKeyMatches(PrivateKey key, X509Certificate certificate) throws CertificateRejected {
        PublicKey publicKey = certificate.getPublicKey();
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new CertificateRejected("unsupported key algorithm " + publicKey.getAlgorithm());
        };
        byte[] challenge = "palisade key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // falls through to the refusal
        }
        throw new CertificateRejected("the key does not belong to the certificate");
    }

    private static byte[] pemToDer(byte[] content) throws CertificateRejected {
        try (PEMParser parser = new PEMParser(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            Object first = parser.readObject();
            if (!(first instanceof org.bouncycastle.cert.X509CertificateHolder holder)) {
                throw notACertificate(null);
            }
            if (parser.readObject() != null) {
                throw new CertificateRejected("the file holds more than one PEM object; upload a file with exactly one certificate");
            }
            return holder.getEncoded();
        } catch (IOException | RuntimeException e) {
            throw notACertificate(e);
        }
    }

    private static CertificateRejected notACertificate(Throwable cause) {
        return new CertificateRejected("the file is not an X.509 certificate in CRT, CER, DER or PEM format", cause);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
