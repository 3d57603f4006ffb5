package dev.palisade.management.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.Pem;
import dev.palisade.management.settings.Multipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Users page over real HTTPS with real certificates: the connection settings form, name and
 * password changes, certificate uploads (DER and PEM files in multipart forms) with subject, issuer
 * and validity shown, the web server certificate and key, the end of the session when the
 * administrator certificate is replaced, refusals with their JSON paths, and the alarm mark on the
 * Users entry when credentials are about to expire.
 */
class UsersPagesTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";
    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dir;

    TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.withTestPki(dir.resolve("var"));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        assertThat(admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}")
                .status()).isEqualTo(200);
        return admin;
    }

    static ApiClient.Answer post(ApiClient client, String path, String... pairs) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return client.send("POST", path, out.toString().getBytes(StandardCharsets.UTF_8), FORM, null, null);
    }

    static ApiClient.Answer upload(ApiClient client, String path, Multipart body) throws Exception {
        return client.send("POST", path, body.body(), Multipart.TYPE, null, null);
    }

    static String location(ApiClient.Answer answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    @Test
    void thePageShowsSettingsAccountsAndCertificatesAsFormsNotFlattenedJson() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer page = admin.get("/users");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"settings-form\"").contains("id=\"account-administrator\"").contains("id=\"account-user\"")
                .contains("action=\"/users/credentials/user\"").contains("action=\"/users/certificates/root\"")
                .contains("action=\"/users/web-server\"").contains("CN=Test Root").contains("value=\"180\"")
                .doesNotContain("accounts[0]").doesNotContain("settings.idleMinutes");
        assertThat(page.body()).as("no alarm while everything is fresh").doesNotContain("class=\"alarm\"");
        admin.cookie = admin.cookie + "; lang=ru";
        assertThat(admin.get("/users").body()).contains("Корневой сертификат").contains("Параметры веб-сервера").doesNotContain("??");
    }

    @Test
    void connectionSettingsAreSavedOrRefusedWithTheirPath() throws Exception {
        ApiClient admin = admin();
        String[] fields = {"credentialValidityDays", "200", "idleMinutes", "31", "credentialWarningDays", "10", "certificateWarningDays", "10",
            "maxFailedAttempts", "4", "lockoutMinutes", "7"};
        String[] withToken = new String[fields.length + 2];
        withToken[0] = "_csrf";
        withToken[1] = admin.csrf;
        System.arraycopy(fields, 0, withToken, 2, fields.length);
        ApiClient.Answer refused = post(admin, "/users/settings", withToken);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("<code>$.idleMinutes</code>").contains("id=\"failed-form\"");
        withToken[5] = "20";
        ApiClient.Answer saved = post(admin, "/users/settings", withToken);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(location(saved)).isEqualTo("/users?done=settings");
        JsonNode settings = admin.get("/api/accounts").json().path("settings");
        assertThat(settings.path("idleMinutes").asInt()).isEqualTo(20);
        assertThat(settings.path("credentialValidityDays").asInt()).isEqualTo(200);
        assertThat(settings.path("lockoutMinutes").asInt()).isEqualTo(7);
        withToken[3] = "ten";
        assertThat(post(admin, "/users/settings", withToken).body()).contains("<code>$.credentialValidityDays</code>");
    }

    @Test
    void theUserAccountGetsANameAPasswordAndACertificate() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer wrongOld = post(admin, "/users/credentials/user", "_csrf", admin.csrf, "name", "operator", "oldPassword", "nope",
                "newPassword", USER_PASSWORD, "confirmPassword", USER_PASSWORD);
        assertThat(wrongOld.status()).isEqualTo(422);
        assertThat(wrongOld.body()).contains("id=\"errors\"").contains("$.oldPassword");
        ApiClient.Answer changed = post(admin, "/users/credentials/user", "_csrf", admin.csrf, "name", "operator", "oldPassword", "useruser",
                "newPassword", USER_PASSWORD, "confirmPassword", USER_PASSWORD);
        assertThat(location(changed)).isEqualTo("/users?done=credentials");

        ApiClient.Answer garbage = upload(admin, "/users/certificates/user",
                new Multipart().field("_csrf", admin.csrf).file("certificate", "user.crt", "garbage".getBytes(StandardCharsets.US_ASCII)));
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.body()).contains("not an X.509 certificate");
        ApiClient.Answer der = upload(admin, "/users/certificates/user",
                new Multipart().field("_csrf", admin.csrf).file("certificate", "user.der", gateway.user.certificate().getEncoded()));
        assertThat(der.status()).as(der.body()).isEqualTo(303);
        String page = admin.get("/users?done=certificate").body();
        assertThat(page).contains("operator").contains("CN=user,O=Palisade").contains("id=\"done\"");
        assertThat(upload(admin, "/users/certificates/banana", new Multipart().field("_csrf", admin.csrf)
                .file("certificate", "x.der", gateway.user.certificate().getEncoded())).status()).isEqualTo(404);

        admin.send("DELETE", "/api/session", null, null);
        assertThat(gateway.client(gateway.user).signIn("operator", USER_PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void aNewWebServerCertificateAndKeyAreUploadedAndServed() throws Exception {
        ApiClient admin = admin();
        CertificateIssuer.Issued server = CertificateIssuer.server(gateway.root, List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("192.168.1.1")), gateway.clock.instant(), Duration.ofDays(90));
        CertificateIssuer.Issued other = CertificateIssuer.server(gateway.root, List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), gateway.clock.instant(), Duration.ofDays(90));
        ApiClient.Answer mismatch = upload(admin, "/users/web-server", new Multipart().field("_csrf", admin.csrf)
                .file("certificate", "web.crt", Pem.encode(server.certificate())).file("key", "web.key", Pem.encode(other.key())));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).contains("the key does not belong to the certificate");
        ApiClient.Answer ok = upload(admin, "/users/web-server", new Multipart().field("_csrf", admin.csrf)
                .file("certificate", "web.der", server.certificate().getEncoded()).file("key", "web.key", Pem.encode(server.key())));
        assertThat(ok.status()).as(ok.body()).isEqualTo(303);
        // New connections handshake with the new certificate (signed by the trusted root, naming 127.0.0.1).
        assertThat(gateway.client(gateway.admin).get("/api/openapi.json").status()).isEqualTo(401);
        JsonNode shown = admin.get("/api/certificates").json().path("webServer");
        assertThat(shown.path("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
                dev.palisade.management.pki.CertificateInfo.fingerprint(server.certificate())));
    }

    @Test
    void replacingTheAdministratorCertificateEndsTheSession() throws Exception {
        ApiClient admin = admin();
        CertificateIssuer.Issued next = CertificateIssuer.client(gateway.root, "admin2", gateway.clock.instant(), Duration.ofDays(300));
        ApiClient.Answer answer = upload(admin, "/users/certificates/administrator", new Multipart().field("_csrf", admin.csrf)
                .file("certificate", "admin2.pem", Pem.encode(next.certificate())));
        assertThat(answer.status()).isEqualTo(303);
        assertThat(location(answer)).isEqualTo("/sign-in");
        assertThat(answer.setCookie().orElseThrow()).contains("Max-Age=0");
        ApiClient stale = gateway.client(gateway.admin);
        stale.cookie = "__Host-palisade-session=whatever";
        assertThat(location(stale.get("/users"))).isEqualTo("/sign-in");
        assertThat(gateway.client(next).signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
        assertThat(gateway.client(gateway.admin).signIn("admin", ADMIN_PASSWORD).status()).isNotEqualTo(201);
    }

    @Test
    void theUsersEntryShowsTheAlarmMarkWhenCredentialsExpireSoon() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.get("/").body()).doesNotContain("class=\"alarm\"");
        // 180-day credentials, 14-day warning: 170 days later they expire in 10 days.
        gateway.clock.advance(Duration.ofDays(170));
        ApiClient again = gateway.client(gateway.admin);
        ApiClient.Answer signIn = again.signIn("admin", ADMIN_PASSWORD);
        assertThat(signIn.status()).isEqualTo(201);
        String status = again.get("/").body();
        assertThat(status).containsPattern("href=\"/users\"[^>]*>[^<]*<span class=\"alarm\"");
        assertThat(again.get("/users").body()).contains("<strong class=\"alarm\">");
        assertThat(status).contains("title=\"Needs attention\"");
    }

    @Test
    void theUsersAlarmAlsoWatchesCertificates() throws Exception {
        ApiClient admin = admin();
        // A 20-day web server certificate is inside a 30-day certificate warning period.
        assertThat(admin.json("PUT", "/api/accounts/settings", "{\"certificateWarningDays\": 30}").status()).isEqualTo(200);
        assertThat(admin.get("/").body()).doesNotContain("class=\"alarm\"");
        CertificateIssuer.Issued shortLived = CertificateIssuer.server(gateway.root, List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), gateway.clock.instant(), Duration.ofDays(20));
        assertThat(admin.json("PUT", "/api/certificates/web-server", "{\"certificate\":" + dev.palisade.management.web.Pages.jsonString(
                new String(Pem.encode(shortLived.certificate()), StandardCharsets.US_ASCII)) + ",\"key\":"
                + dev.palisade.management.web.Pages.jsonString(new String(Pem.encode(shortLived.key()), StandardCharsets.US_ASCII)) + "}")
                .status()).isEqualTo(200);
        assertThat(admin.get("/").body()).contains("<span class=\"alarm\"");
    }
}
