package dev.palisade.notify.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the certificates and keys of the configuration: PEM text (one or more
 * {@code CERTIFICATE} blocks; a {@code PRIVATE KEY}, {@code RSA PRIVATE KEY} or
 * {@code EC PRIVATE KEY} block) or, for a key, bare Base64 of PKCS#8 DER as the specification's
 * "key in Base64" allows. Errors name what is wrong, never the key's content.
 */
public final class PemMaterial {

    private PemMaterial() {
    }

    /** Every certificate in {@code pem}; at least one. */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException e) {
            throw new CertificateException("the certificate is not valid PEM: " + e.getClass().getSimpleName(), e);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM certificate found");
        }
        return List.copyOf(out);
    }

    /** The private key in {@code text} (PEM, unencrypted, or bare Base64 PKCS#8). */
    public static PrivateKey privateKey(String text) throws GeneralSecurityException {
        if (!text.contains("-----BEGIN")) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("the key is neither PEM nor Base64");
            }
            return pkcs8(der);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (PEMException e) {
            throw new GeneralSecurityException("the key could not be read (an encrypted key is not supported)");
        } catch (IOException e) {
            throw new GeneralSecurityException("the key is not valid PEM");
        }
        throw new GeneralSecurityException("no unencrypted private key found in the PEM text");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the Base64 key is not a PKCS#8 RSA, EC or EdDSA key");
    }

    /** A key store holding {@code certificates} as trust anchors. */
    public static KeyStore trustStore(List<X509Certificate> certificates) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate c : certificates) {
            ks.setCertificateEntry("anchor-" + i++, c);
        }
        return ks;
    }

    /** A key store holding one key with its chain, protected by {@code password}. */
    public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry("client", key, password, chain.toArray(X509Certificate[]::new));
        return ks;
    }
}
