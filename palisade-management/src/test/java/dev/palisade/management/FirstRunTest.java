package dev.palisade.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.pki.CertificateFile;
import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.pki.PkiFiles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own first run: the distribution kit is written under the data directory (owner
 * only), the archives open with the specification's passwords, the web server certificate names
 * the addresses it is reached at, the administrator signs in with the kit's archive and the
 * first-run credentials, and a restart keeps everything.
 */
class FirstRunTest {

    @TempDir
    Path dir;

    @Test
    void theFirstRunKitLetsTheAdministratorSignInAndSurvivesARestart() throws Exception {
        Path data = dir.resolve("var");
        PkiFiles files = PkiFiles.under(data);
        String password = "N3w.Admin-Pw";
        try (TestGateway gateway = TestGateway.firstRun(data)) {
            assertThat(gateway.service.firstRun()).isTrue();
            for (Path secret : new Path[] {files.adminArchive(), files.userArchive(), files.serverKey(), data.resolve("accounts.json")}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.directory()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("config-history")))).isEqualTo("rwx------");
            KeyStore admin = KeyStore.getInstance("PKCS12");
            admin.load(new ByteArrayInputStream(Files.readAllBytes(files.adminArchive())), "adminadmin".toCharArray());
            KeyStore user = KeyStore.getInstance("PKCS12");
            user.load(new ByteArrayInputStream(Files.readAllBytes(files.userArchive())), "useruser".toCharArray());
            X509Certificate root = CertificateFile.parse(Files.readAllBytes(files.rootCertificate()));
            X509Certificate adminCertificate = (X509Certificate) admin.getCertificate(admin.aliases().nextElement());
            adminCertificate.verify(root.getPublicKey());
            X509Certificate server = CertificateFile.parse(Files.readAllBytes(files.serverCertificate()));
            assertThat(CertificateInfo.of(server).subjectAltNames()).contains("localhost", "127.0.0.1", "192.168.1.1");
            assertThat(Files.list(files.directory()).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).contains("cakey") || n.endsWith(".tmp"));

            ApiClient client = new ApiClient(gateway.base(), Files.readAllBytes(files.adminArchive()), "adminadmin", files.rootCertificate());
            ApiClient.Answer signedIn = client.signIn("admin", "adminadmin");
            assertThat(signedIn.status()).isEqualTo(201);
            assertThat(signedIn.json().path("mustChangePassword").asBoolean()).isTrue();
            assertThat(client.json("PUT", "/api/accounts/administrator/credentials",
                    "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + password + "\",\"confirmPassword\":\"" + password + "\"}").status())
                    .isEqualTo(200);
            // The user archive chains to the root, but no certificate is uploaded for the user yet.
            ApiClient asUser = new ApiClient(gateway.base(), Files.readAllBytes(files.userArchive()), "useruser", files.rootCertificate());
            assertThat(asUser.signIn("user", "useruser").status()).isEqualTo(401);
        }
        try (TestGateway again = TestGateway.firstRun(data)) {
            assertThat(again.service.firstRun()).isFalse();
            ApiClient client = new ApiClient(again.base(), Files.readAllBytes(files.adminArchive()), "adminadmin", files.rootCertificate());
            ApiClient.Answer signedIn = client.signIn("admin", password);
            assertThat(signedIn.status()).isEqualTo(201);
            assertThat(signedIn.json().path("mustChangePassword").asBoolean()).isFalse();
        }
    }
}
