package dev.palisade.management.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM text of certificates and keys, for the files under {@code pki/}. */
public final class Pem {

    private Pem() {
    }

    /** PEM encoding of a certificate or a private key (PKCS#8). */
    public static byte[] encode(Object certificateOrKey) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (certificateOrKey instanceof PrivateKey key) {
                // PKCS#8 ("PRIVATE KEY") for every algorithm, rather than the per-algorithm legacy forms.
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(certificateOrKey);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot PEM-encode a " + certificateOrKey.getClass().getSimpleName(), e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
