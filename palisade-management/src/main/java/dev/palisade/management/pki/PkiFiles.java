package dev.palisade.management.pki;

import java.nio.file.Path;

/**
 * Where the certificate files live under the data directory ({@code <data>/pki}). The names of the
 * client archives and the root certificate are those of the specification's distribution kit.
 *
 * <pre>
 *   CaCert.crt            root certificate (PEM): the only trust anchor for client certificates
 *   TlsClientAdmin.p12    administrator certificate and key for the browser (first run only)
 *   TlsClientUser.p12     user certificate and key for the browser (first run only)
 *   TlsClientAdmin.crt    the administrator certificate currently uploaded (PEM)
 *   TlsClientUser.crt     the user certificate currently uploaded (PEM), absent until set
 *   WebServer.crt         web server certificate (PEM)
 *   WebServer.key         web server private key (PEM, PKCS#8, 0600)
 * </pre>
 */
public record PkiFiles(Path directory) {

    /** The layout under {@code dataDirectory}. */
    public static PkiFiles under(Path dataDirectory) {
        return new PkiFiles(dataDirectory.resolve("pki"));
    }

    public Path rootCertificate() {
        return directory.resolve("CaCert.crt");
    }

    public Path adminArchive() {
        return directory.resolve("TlsClientAdmin.p12");
    }

    public Path userArchive() {
        return directory.resolve("TlsClientUser.p12");
    }

    public Path adminCertificate() {
        return directory.resolve("TlsClientAdmin.crt");
    }

    public Path userCertificate() {
        return directory.resolve("TlsClientUser.crt");
    }

    public Path serverCertificate() {
        return directory.resolve("WebServer.crt");
    }

    public Path serverKey() {
        return directory.resolve("WebServer.key");
    }
}
