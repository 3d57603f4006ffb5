package dev.palisade.management.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * The key material the TLS server is built from, read from the files under {@code pki/}: the web
 * server certificate and key (as an in-memory key store) and the trust store holding the root
 * certificate only, so that client certificates from any other CA fail the handshake.
 */
public record ServerIdentity(KeyStore keyStore, char[] keyStorePassword, KeyStore trustStore, X509Certificate root,
        X509Certificate server) {

    /** Reads the current files. */
    public static ServerIdentity load(PkiFiles files) throws IOException, CertificateRejected {
        X509Certificate root = CertificateFile.parse(Files.readAllBytes(files.rootCertificate()));
        X509Certificate server = CertificateFile.parse(Files.readAllBytes(files.serverCertificate()));
        PrivateKey key = CertificateFile.parseKey(Files.readAllBytes(files.serverKey()));
        CertificateFile.checkKeyMatches(key, server);
        try {
            // The in-memory store needs a password; it never leaves this process, so a random one does.
            char[] password = java.util.UUID.randomUUID().toString().toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password, new Certificate[] {server});
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root);
            return new ServerIdentity(keys, password, trust, root, server);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS key stores", e);
        }
    }
}
