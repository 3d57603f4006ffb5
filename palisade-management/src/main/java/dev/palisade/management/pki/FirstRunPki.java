package dev.palisade.management.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Provisions what the specification's distribution kit ships, on the first run: the root CA
 * certificate {@code CaCert.crt}, the administrator and user client archives
 * {@code TlsClientAdmin.p12} (password {@value #ADMIN_ARCHIVE_PASSWORD}) and {@code TlsClientUser.p12}
 * (password {@value #USER_ARCHIVE_PASSWORD}), and the web server certificate and key. The root's
 * private key exists only in memory while the kit is made and is never written: the gateway then
 * trusts client certificates but cannot mint new ones, so a copied data directory does not let
 * anyone issue themselves an administrator certificate. Certificates from the administrator's own
 * CA replace these through the API.
 */
public final class FirstRunPki {

    /** Password of {@code TlsClientAdmin.p12}, as in the specification ("Default certificate password"). */
    public static final String ADMIN_ARCHIVE_PASSWORD = "adminadmin";

    /**
     * Password of {@code TlsClientUser.p12}. The specification names no password for this archive;
     * the user account's default password is used so that there is one thing less to remember.
     */
    public static final String USER_ARCHIVE_PASSWORD = "useruser";

    /** Validity of the first-run certificates: long enough for a first setup, short enough to force replacing them. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    /** What was provisioned: the certificates whose hashes the account store records. */
    public record Provisioned(X509Certificate root, X509Certificate admin, X509Certificate user, X509Certificate server) {
    }

    private FirstRunPki() {
    }

    /** Whether the kit is present (the root certificate is the marker). */
    public static boolean provisioned(PkiFiles files) {
        return Files.exists(files.rootCertificate());
    }

    /**
     * Makes and writes the kit. The server certificate names {@code localhost} and every address in
     * {@code serverAddresses}. Files are written atomically, owner-only; the root certificate last,
     * so an interrupted run is redone completely on the next start.
     */
    public static Provisioned provision(PkiFiles files, List<InetAddress> serverAddresses, Instant now) throws IOException {
        SecureFiles.createPrivateDirectory(files.directory());
        CertificateIssuer.Issued root = CertificateIssuer.root("Palisade Root CA", now, VALIDITY);
        CertificateIssuer.Issued admin = CertificateIssuer.client(root, "admin", now, VALIDITY);
        CertificateIssuer.Issued user = CertificateIssuer.client(root, "user", now, VALIDITY);
        CertificateIssuer.Issued server = CertificateIssuer.server(root, List.of("localhost"), serverAddresses, now, VALIDITY);
        SecureFiles.writeAtomically(files.adminArchive(), archive("TlsClientAdmin", admin, root.certificate(), ADMIN_ARCHIVE_PASSWORD));
        SecureFiles.writeAtomically(files.userArchive(), archive("TlsClientUser", user, root.certificate(), USER_ARCHIVE_PASSWORD));
        SecureFiles.writeAtomically(files.adminCertificate(), Pem.encode(admin.certificate()));
        SecureFiles.writeAtomically(files.serverKey(), Pem.encode(server.key()));
        SecureFiles.writeAtomically(files.serverCertificate(), Pem.encode(server.certificate()));
        SecureFiles.writeAtomically(files.rootCertificate(), Pem.encode(root.certificate()));
        return new Provisioned(root.certificate(), admin.certificate(), user.certificate(), server.certificate());
    }

    /** A PKCS#12 archive holding {@code issued} with its chain, protected by {@code password}. */
    public static byte[] archive(String alias, CertificateIssuer.Issued issued, X509Certificate root, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, issued.key(), password.toCharArray(), new Certificate[] {issued.certificate(), root});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write a PKCS#12 archive", e);
        }
    }
}
