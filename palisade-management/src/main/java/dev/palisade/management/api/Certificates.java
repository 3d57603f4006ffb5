package dev.palisade.management.api;

import dev.palisade.management.account.Accounts;
import dev.palisade.management.account.Role;
import dev.palisade.management.pki.CertificateFile;
import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.pki.CertificateRejected;
import dev.palisade.management.pki.Pem;
import dev.palisade.management.pki.PkiFiles;
import dev.palisade.management.pki.SecureFiles;
import dev.palisade.management.pki.ServerIdentity;
import dev.palisade.management.session.SessionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Certificate uploads and what follows from them, per "Managing connection certificates": a new
 * root must be a self-signed CA and becomes the only trust anchor (new handshakes use it at once);
 * an administrator or user certificate must be signed by the current root and is bound to its
 * account by its SHA-256 (replacing the administrator's ends the session, replacing the user's ends
 * a user session); a web server certificate must come with its key and should name the LAN
 * address. Replaced files are erased by overwriting twice ({@link SecureFiles#replace}).
 */
public final class Certificates {

    /** An accepted upload: what it is, with warnings (e.g. missing LAN address, expiring soon). */
    public record Accepted(CertificateInfo info, List<String> warnings) {
    }

    /** Reloads the TLS server after the root or the web server identity changed. */
    @FunctionalInterface
    public interface TlsReload {
        void reload(ServerIdentity identity) throws Exception;
    }

    private final PkiFiles files;
    private final Accounts accounts;
    private final SessionRegistry sessions;
    private final Clock clock;
    private final Supplier<Optional<String>> lanAddress;
    private final TlsReload tls;

    public Certificates(PkiFiles files, Accounts accounts, SessionRegistry sessions, Clock clock,
            Supplier<Optional<String>> lanAddress, TlsReload tls) {
        this.files = files;
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
        this.lanAddress = lanAddress;
        this.tls = tls;
    }

    public synchronized X509Certificate root() throws IOException, CertificateRejected {
        return CertificateFile.parse(Files.readAllBytes(files.rootCertificate()));
    }

    /** The certificate currently uploaded for {@code role}, if any. */
    public synchronized Optional<X509Certificate> client(Role role) throws IOException, CertificateRejected {
        Path file = role == Role.ADMINISTRATOR ? files.adminCertificate() : files.userCertificate();
        if (!Files.exists(file) || accounts.account(role).certificateSha256().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CertificateFile.parse(Files.readAllBytes(file)));
    }

    public synchronized X509Certificate server() throws IOException, CertificateRejected {
        return CertificateFile.parse(Files.readAllBytes(files.serverCertificate()));
    }

    /** Replaces the root certificate. */
    public synchronized Accepted uploadRoot(byte[] content, String actor) throws CertificateRejected, IOException {
        X509Certificate root = CertificateFile.parse(content);
        Instant now = clock.instant();
        CertificateFile.checkRoot(root, now);
        SecureFiles.replace(files.rootCertificate(), Pem.encode(root));
        reloadTls();
        List<String> warnings = new ArrayList<>(expiry(root));
        warnings.add("upload the administrator certificate signed by this root before signing out, or the administrator cannot sign in again");
        return new Accepted(CertificateInfo.of(root), warnings);
    }

    /** Replaces the certificate of {@code role}'s account. */
    public synchronized Accepted uploadClient(Role role, byte[] content, String actor) throws CertificateRejected, IOException {
        X509Certificate certificate = CertificateFile.parse(content);
        CertificateFile.checkSignedBy(certificate, root(), clock.instant());
        if (certificate.getBasicConstraints() >= 0) {
            throw new CertificateRejected("a CA certificate cannot be an account certificate; upload the administrator's or user's own certificate");
        }
        byte[] sha256 = CertificateInfo.fingerprint(certificate);
        Role other = role == Role.ADMINISTRATOR ? Role.USER : Role.ADMINISTRATOR;
        Optional<String> otherSha = accounts.account(other).certificateSha256();
        if (otherSha.isPresent() && otherSha.get().equals(java.util.HexFormat.of().formatHex(sha256))) {
            throw new CertificateRejected("this certificate is already the " + (other == Role.USER ? "user" : "administrator")
                    + " certificate; each account needs its own, since the certificate decides the role");
        }
        SecureFiles.replace(role == Role.ADMINISTRATOR ? files.adminCertificate() : files.userCertificate(), Pem.encode(certificate));
        accounts.setCertificate(role, actor, sha256);
        if (role == Role.ADMINISTRATOR) {
            sessions.closeAll();
        } else {
            sessions.closeRole(Role.USER);
        }
        return new Accepted(CertificateInfo.of(certificate), expiry(certificate));
    }

    /** Replaces the web server certificate and key. */
    public synchronized Accepted uploadServer(byte[] certificateContent, byte[] keyContent) throws CertificateRejected, IOException {
        X509Certificate certificate = CertificateFile.parse(certificateContent);
        CertificateFile.checkValid(certificate, clock.instant());
        PrivateKey key = CertificateFile.parseKey(keyContent);
        CertificateFile.checkKeyMatches(key, certificate);
        SecureFiles.replace(files.serverKey(), Pem.encode(key));
        SecureFiles.replace(files.serverCertificate(), Pem.encode(certificate));
        reloadTls();
        CertificateInfo info = CertificateInfo.of(certificate);
        List<String> warnings = new ArrayList<>(expiry(certificate));
        lanWarning(info).ifPresent(warnings::add);
        return new Accepted(info, warnings);
    }

    /** The warning shown when a server certificate's subjectAltName lacks the LAN address. */
    public Optional<String> lanWarning(CertificateInfo info) {
        Optional<String> lan = lanAddress.get();
        if (lan.isPresent() && !info.subjectAltNames().contains(lan.get())) {
            return Optional.of("the certificate's subjectAltName does not contain the LAN address " + lan.get()
                    + "; browsers reaching the gateway at that address will refuse it");
        }
        return Optional.empty();
    }

    /** Warnings for a certificate expiring within the configured warning period. */
    public List<String> expiry(X509Certificate certificate) {
        Instant now = clock.instant();
        Instant end = certificate.getNotAfter().toInstant();
        if (now.isAfter(end)) {
            return List.of("the certificate expired on " + end);
        }
        long days = Duration.between(now, end).toDays();
        if (days < accounts.settings().certificateWarningDays()) {
            return List.of("the certificate expires in " + days + " days (" + end + ")");
        }
        return List.of();
    }

    private void reloadTls() throws IOException {
        try {
            tls.reload(ServerIdentity.load(files));
        } catch (Exception e) {
            throw new IOException("the new certificate was stored but the web server could not load it: " + e.getMessage(), e);
        }
    }
}
