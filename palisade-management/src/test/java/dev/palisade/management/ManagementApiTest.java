package dev.palisade.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.audit.AuditEventType;
import dev.palisade.config.ConfigDocument;
import dev.palisade.management.account.Role;
import dev.palisade.management.http.Route;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API over real HTTPS on loopback, with real certificates made for each run: the
 * TLS gate, the two sign-in factors, lockout, forced password change, the single session, idle
 * timeout and resume, role enforcement over the whole route table, CSRF, and configuration changes.
 */
class ManagementApiTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";

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

    /** Signs in as the administrator and replaces the first-run password. */
    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    /** Gives the user account credentials and its certificate (as the administrator). */
    void enableUser(ApiClient admin) throws Exception {
        ApiClient.Answer credentials = admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}");
        assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
        ApiClient.Answer certificate = admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()),
                "application/x-pem-file");
        assertThat(certificate.status()).as(certificate.body()).isEqualTo(200);
    }

    @Test
    void aClientWithoutCertificateIsRefusedAtTheHandshake() {
        ApiClient anonymous = gateway.client(null);
        assertThatThrownBy(() -> anonymous.get("/api/openapi.json")).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnotherRootIsRefusedAtTheHandshake() {
        CertificateIssuer.Issued otherRoot = CertificateIssuer.root("Other Root", gateway.clock.instant(), Duration.ofDays(30));
        CertificateIssuer.Issued stranger = CertificateIssuer.client(otherRoot, "admin", gateway.clock.instant(), Duration.ofDays(30));
        ApiClient client = gateway.client(stranger, otherRoot.certificate());
        assertThatThrownBy(() -> client.signIn("admin", "adminadmin")).isInstanceOf(IOException.class);
    }

    @Test
    void aValidCertificateNotUploadedForTheAccountCannotSignIn() throws Exception {
        // Chains to the gateway's root, so TLS accepts it, but no account has it.
        CertificateIssuer.Issued other = CertificateIssuer.client(gateway.root, "admin", gateway.clock.instant(), Duration.ofDays(30));
        ApiClient.Answer answer = gateway.client(other).signIn("admin", "adminadmin");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("sign_in_refused");
        // The user certificate is not uploaded yet either.
        assertThat(gateway.client(gateway.user).signIn("admin", "adminadmin").status()).isEqualTo(401);
        assertThat(gateway.audit.types()).contains(AuditEventType.USER_AUTHENTICATION_ERROR_INVALID_CERTIFICATE);
    }

    @Test
    void aWrongPasswordOrNameIsRefusedWithoutSayingWhich() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        ApiClient.Answer password = client.signIn("admin", "wrong-password");
        ApiClient.Answer name = client.signIn("root", "adminadmin");
        assertThat(password.status()).isEqualTo(401);
        assertThat(name.status()).isEqualTo(401);
        assertThat(password.json().path("error").path("message").asString())
                .isEqualTo(name.json().path("error").path("message").asString());
        assertThat(password.setCookie()).isEmpty();
        assertThat(gateway.audit.types()).contains(AuditEventType.USER_AUTHENTICATION_ERROR_INCORRECT_PASSWORD,
                AuditEventType.USER_AUTHENTICATION_ERROR_UNKNOWN_USER);
    }

    @Test
    void failedAttemptsLockSignInUntilTheLockoutExpires() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        for (int i = 0; i < 4; i++) {
            assertThat(client.signIn("admin", "wrong-" + i).status()).isEqualTo(401);
        }
        assertThat(client.signIn("admin", "wrong-5").status()).isEqualTo(429);
        // Locked: even the right password is refused.
        ApiClient.Answer locked = client.signIn("admin", "adminadmin");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("locked");
        assertThat(gateway.audit.types()).contains(AuditEventType.USER_BLOCKED);
        gateway.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(client.signIn("admin", "adminadmin").status()).isEqualTo(429);
        gateway.clock.advance(Duration.ofSeconds(2));
        assertThat(client.signIn("admin", "adminadmin").status()).isEqualTo(201);
    }

    @Test
    void theLockoutSettingsApply() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer bad = admin.json("PUT", "/api/accounts/settings", "{\"maxFailedAttempts\": 11}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.maxFailedAttempts");
        assertThat(admin.json("PUT", "/api/accounts/settings", "{\"maxFailedAttempts\": 3, \"lockoutMinutes\": 1}").status()).isEqualTo(200);
        admin.send("DELETE", "/api/session", null, null);
        ApiClient client = gateway.client(gateway.admin);
        client.signIn("admin", "x1");
        client.signIn("admin", "x2");
        assertThat(client.signIn("admin", "x3").status()).isEqualTo(429);
        gateway.clock.advance(Duration.ofSeconds(61));
        assertThat(client.signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void theFirstSignInIsConfinedToThePasswordChange() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        ApiClient.Answer signedIn = admin.signIn("admin", "adminadmin");
        assertThat(signedIn.status()).isEqualTo(201);
        assertThat(signedIn.json().path("mustChangePassword").asBoolean()).isTrue();
        String cookie = signedIn.setCookie().orElseThrow();
        assertThat(cookie).startsWith("__Host-palisade-session=").contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(admin.get("/api/config").code()).isEqualTo("password_change_required");
        assertThat(admin.get("/api/session").status()).isEqualTo(200);
        // The rules: eight distinct characters; the confirmation must match.
        ApiClient.Answer weak = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"aaaabbbbcccc\",\"confirmPassword\":\"aaaabbbbcccc\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.newPassword");
        ApiClient.Answer wrongOld = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"nope\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(wrongOld.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.oldPassword");
        ApiClient.Answer badName = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"name\":\"ad min\",\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(badName.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.name");
        // Not the user's credentials first.
        assertThat(admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}").status())
                .isEqualTo(403);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"name\":\"chief\",\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(admin.get("/api/config").status()).isEqualTo(200);
        assertThat(gateway.audit.types()).contains(AuditEventType.CHANGE_CREDENTIALS_INITIAL_PASSWORD, AuditEventType.CHANGE_CREDENTIALS_USER_NAME);
        // A previous password cannot come back.
        String next = "An0ther.Pass";
        assertThat(admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"" + ADMIN_PASSWORD + "\",\"newPassword\":\"" + next + "\",\"confirmPassword\":\"" + next + "\"}").status())
                .isEqualTo(200);
        ApiClient.Answer reuse = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"" + next + "\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.body()).contains("used before");
        // The new name signs in; the stored file holds no password.
        admin.send("DELETE", "/api/session", null, null);
        assertThat(gateway.client(gateway.admin).signIn("chief", next).status()).isEqualTo(201);
        assertThat(java.nio.file.Files.readString(gateway.data.resolve("accounts.json"))).doesNotContain(next, ADMIN_PASSWORD, "adminadmin");
    }

    @Test
    void theUserCannotSignInUntilTheAdministratorSetsItUp() throws Exception {
        ApiClient admin = admin();
        // Certificate uploaded but still the default password: not enabled.
        ApiClient.Answer upload = admin.send("PUT", "/api/certificates/user", gateway.user.certificate().getEncoded(), "application/pkix-cert");
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        admin.send("DELETE", "/api/session", null, null);
        ApiClient.Answer early = gateway.client(gateway.user).signIn("user", "useruser");
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.code()).isEqualTo("account_unavailable");
    }

    @Test
    void anAdministratorSignInEndsTheUserSessionAndAUserCannotPreemptTheAdministrator() throws Exception {
        ApiClient admin = admin();
        enableUser(admin);
        ApiClient user = gateway.client(gateway.user);
        ApiClient.Answer busy = user.signIn("user", USER_PASSWORD);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.code()).isEqualTo("session_busy");
        assertThat(admin.send("DELETE", "/api/session", null, null).status()).isEqualTo(204);
        assertThat(admin.get("/api/session").status()).isEqualTo(401);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        assertThat(user.get("/api/status").status()).isEqualTo(200);
        ApiClient admin2 = gateway.client(gateway.admin);
        assertThat(admin2.signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
        ApiClient.Answer ended = user.get("/api/status");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.code()).isEqualTo("not_signed_in");
    }

    @Test
    void anIdleSessionEndsAndAnActiveOneResumesFromTheSameBrowser() throws Exception {
        ApiClient admin = admin();
        gateway.clock.advance(Duration.ofMinutes(4));
        // A new client with the same certificate and cookie: the browser window was closed and reopened.
        ApiClient reopened = gateway.client(gateway.admin).sharing(admin);
        assertThat(reopened.get("/api/session").status()).isEqualTo(200);
        // The cookie with another certificate (another browser) is not the session.
        CertificateIssuer.Issued other = CertificateIssuer.client(gateway.root, "x", gateway.clock.instant(), Duration.ofDays(30));
        assertThat(gateway.client(other).sharing(admin).get("/api/session").status()).isEqualTo(401);
        gateway.clock.advance(Duration.ofMinutes(5));
        assertThat(reopened.get("/api/session").status()).isEqualTo(200);
        gateway.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(reopened.get("/api/session").status()).isEqualTo(401);
        assertThat(gateway.audit.types()).contains(AuditEventType.CONNECTION_SESSION_LOCK);
    }

    @Test
    void aSessionEndsWhenTheCredentialsExpireDuringIt() throws Exception {
        ApiClient admin = admin();
        enableUser(admin);
        admin.send("DELETE", "/api/session", null, null);
        gateway.clock.advance(Duration.ofDays(180).minusMinutes(1));
        ApiClient user = gateway.client(gateway.user);
        ApiClient.Answer signedIn = user.signIn("user", USER_PASSWORD);
        assertThat(signedIn.status()).isEqualTo(201);
        assertThat(signedIn.json().path("warnings").toString()).contains("expire in 0 days");
        assertThat(user.get("/api/status").status()).isEqualTo(200);
        gateway.clock.advance(Duration.ofMinutes(2));
        ApiClient.Answer ended = user.get("/api/status");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.code()).isEqualTo("credentials_expired");
        assertThat(user.signIn("user", USER_PASSWORD).code()).isEqualTo("account_unavailable");
        // The administrator is let in, confined to renewing the password.
        ApiClient again = gateway.client(gateway.admin);
        assertThat(again.signIn("admin", ADMIN_PASSWORD).json().path("mustChangePassword").asBoolean()).isTrue();
        assertThat(again.get("/api/session").status()).isEqualTo(200);
        assertThat(again.get("/api/config").code()).isEqualTo("password_change_required");
    }

    @Test
    void theUserIsRefusedEveryAdministratorRouteAndAllowedTheOthers() throws Exception {
        ApiClient admin = admin();
        enableUser(admin);
        admin.send("DELETE", "/api/session", null, null);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        String before = gateway.service.history().current().toJson();
        int checked = 0;
        for (Route route : gateway.service.routes().routes().stream().filter(r -> !r.page()).toList()) {
            if (!route.section().needsSession() || route.section() == dev.palisade.management.http.Section.SESSION) {
                continue;
            }
            String path = route.template().replace("{role}", "administrator").replace("{kind}", "root").replace("{number}", "1");
            byte[] body = route.changesState() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            ApiClient.Answer answer = user.send(route.method(), path, body, body == null ? null : "application/json");
            if (route.section().allows(Role.USER)) {
                assertThat(answer.status()).as(route.method() + " " + path).isNotIn(401, 403);
            } else {
                assertThat(answer.status()).as(route.method() + " " + path).isEqualTo(403);
                assertThat(answer.code()).isEqualTo("forbidden");
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
        assertThat(gateway.service.history().current().toJson()).isEqualTo(before);
        assertThat(user.get("/api/session").status()).isEqualTo(200);
    }

    @Test
    void everyRequestWithoutASessionIsRefused() throws Exception {
        ApiClient client = gateway.client(gateway.admin);
        for (Route route : gateway.service.routes().routes().stream().filter(r -> !r.page()).toList()) {
            if (!route.section().needsSession()) {
                continue;
            }
            String path = route.template().replace("{role}", "administrator").replace("{kind}", "root").replace("{number}", "1");
            assertThat(client.send(route.method(), path, null, null).status()).as(route.method() + " " + path).isEqualTo(401);
        }
    }

    @Test
    void stateChangesNeedTheCsrfTokenAndTheSameOrigin() throws Exception {
        ApiClient admin = admin();
        String body = "{\"idleMinutes\": 7}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(admin.send("PUT", "/api/accounts/settings", bytes, "application/json", null, null).code()).isEqualTo("csrf");
        assertThat(admin.send("PUT", "/api/accounts/settings", bytes, "application/json", "A" + admin.csrf.substring(1), null).code())
                .isEqualTo("csrf");
        assertThat(admin.send("PUT", "/api/accounts/settings", bytes, "application/json", admin.csrf, "https://evil.example").code())
                .isEqualTo("csrf");
        assertThat(admin.send("DELETE", "/api/session", null, null, null, null).code()).isEqualTo("csrf");
        assertThat(gateway.service.accounts().settings().idleMinutes()).isEqualTo(5);
        assertThat(admin.send("PUT", "/api/accounts/settings", bytes, "application/json", admin.csrf, gateway.base()).status())
                .isEqualTo(200);
        assertThat(gateway.service.accounts().settings().idleMinutes()).isEqualTo(7);
    }

    @Test
    void anInvalidConfigurationIsRefusedWithItsPathAndChangesNothing() throws Exception {
        ApiClient admin = admin();
        String before = admin.get("/api/config").body();
        int versions = gateway.service.history().versions().size();
        String bad = before.replace("\"192.168.1.1\"", "\"192.168.1.256\"");
        assertThat(bad).isNotEqualTo(before);
        ApiClient.Answer refused = admin.json("PUT", "/api/config", bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("invalid_configuration");
        assertThat(refused.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.NETWORK.LAN.IP");
        assertThat(refused.json().path("error").path("message").asString()).contains("$.NETWORK.LAN.IP");
        assertThat(admin.get("/api/config").body()).isEqualTo(before);
        assertThat(gateway.applied).isEmpty();
        assertThat(gateway.service.history().versions()).hasSize(versions);
        assertThat(admin.json("PUT", "/api/config", "{not json").code()).isEqualTo("invalid_configuration");
    }

    @Test
    void aValidConfigurationIsAppliedStoredAndCanBeRolledBack() throws Exception {
        ApiClient admin = admin();
        String before = admin.get("/api/config").body();
        String changed = before.replace("\"192.168.1.1\"", "\"192.168.1.2\"");
        ApiClient.Answer put = admin.json("PUT", "/api/config?comment=move", changed);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("number").asInt()).isEqualTo(2);
        assertThat(gateway.applied).hasSize(1);
        assertThat(gateway.engine.policy()).isNotNull();
        assertThat(gateway.applied.getFirst().config().network().lan().address().toString()).isEqualTo("192.168.1.2");
        assertThat(ConfigDocument.read(gateway.data.resolve("config.json")).config().network().lan().address().toString())
                .isEqualTo("192.168.1.2");
        ApiClient.Answer diff = admin.get("/api/config/versions/1/diff");
        assertThat(diff.json().path("lines").toString()).contains("-", "192.168.1.1").contains("192.168.1.2");
        ApiClient.Answer list = admin.get("/api/config/versions");
        assertThat(list.json().path("current").asInt()).isEqualTo(2);
        assertThat(list.json().path("versions").get(0).path("comment").asString()).isEqualTo("move");
        assertThat(admin.json("POST", "/api/config/versions/1/rollback", null).status()).isEqualTo(200);
        assertThat(admin.get("/api/config").body()).isEqualTo(before);
        assertThat(gateway.applied).hasSize(2);
        // An engine that refuses leaves the stored document as it was.
        gateway.failApply(true);
        ApiClient.Answer failed = admin.json("PUT", "/api/config", changed);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.code()).isEqualTo("apply_failed");
        assertThat(admin.get("/api/config").body()).isEqualTo(before);
    }

    @Test
    void certificatesAreCheckedAndReplacingTheAdministratorsEndsTheSession() throws Exception {
        ApiClient admin = admin();
        CertificateIssuer.Issued otherRoot = CertificateIssuer.root("Other Root", gateway.clock.instant(), Duration.ofDays(30));
        CertificateIssuer.Issued foreign = CertificateIssuer.client(otherRoot, "user", gateway.clock.instant(), Duration.ofDays(30));
        ApiClient.Answer refused = admin.send("PUT", "/api/certificates/user", Pem.encode(foreign.certificate()), "application/x-pem-file");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("error").path("message").asString()).contains("not signed by the uploaded root");
        assertThat(admin.send("PUT", "/api/certificates/user", "hello".getBytes(StandardCharsets.US_ASCII), "text/plain").code())
                .isEqualTo("certificate_rejected");
        ApiClient.Answer listed = admin.get("/api/certificates");
        assertThat(listed.json().path("root").path("subject").asString()).contains("Test Root");
        assertThat(listed.json().path("webServer").path("subjectAltNames").toString()).contains("127.0.0.1");
        // The LAN address 192.168.1.1 is not in the test server certificate: warned.
        assertThat(listed.json().path("webServer").path("warnings").toString()).contains("192.168.1.1");
        CertificateIssuer.Issued newAdmin = CertificateIssuer.client(gateway.root, "admin2", gateway.clock.instant(), Duration.ofDays(30));
        assertThat(admin.send("PUT", "/api/certificates/administrator", Pem.encode(newAdmin.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        assertThat(admin.get("/api/session").status()).isEqualTo(401);
        assertThat(gateway.client(gateway.admin).signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(401);
        assertThat(gateway.client(newAdmin).signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void aNewRootAndWebServerCertificateTakeEffectForNewConnections() throws Exception {
        ApiClient admin = admin();
        java.time.Instant now = gateway.clock.instant();
        CertificateIssuer.Issued newRoot = CertificateIssuer.root("New Root", now, Duration.ofDays(365));
        CertificateIssuer.Issued newAdmin = CertificateIssuer.client(newRoot, "admin", now, Duration.ofDays(365));
        CertificateIssuer.Issued server = CertificateIssuer.server(newRoot, List.of("gateway"),
                List.of(java.net.InetAddress.getByName("127.0.0.1"), java.net.InetAddress.getByName("192.168.1.1")), now, Duration.ofDays(365));
        // A client certificate is not a root.
        assertThat(admin.send("PUT", "/api/certificates/root", Pem.encode(gateway.user.certificate()), "application/x-pem-file").code())
                .isEqualTo("certificate_rejected");
        ApiClient.Answer root = admin.send("PUT", "/api/certificates/root", newRoot.certificate().getEncoded(), "application/pkix-cert");
        assertThat(root.status()).as(root.body()).isEqualTo(200);
        assertThat(root.body()).contains("upload the administrator certificate");
        // The old administrator certificate no longer passes the handshake on a new connection.
        assertThatThrownBy(() -> gateway.client(gateway.admin).signIn("admin", ADMIN_PASSWORD)).isInstanceOf(IOException.class);
        // The open session (existing connection) uploads the new administrator certificate.
        assertThat(admin.send("PUT", "/api/certificates/administrator", Pem.encode(newAdmin.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        ApiClient fresh = gateway.client(newAdmin, newRoot.certificate());
        assertThat(fresh.signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
        String keyPem = new String(Pem.encode(server.key()), StandardCharsets.US_ASCII);
        String certPem = new String(Pem.encode(server.certificate()), StandardCharsets.US_ASCII);
        ApiClient.Answer mismatch = fresh.json("PUT", "/api/certificates/web-server",
                "{\"certificate\":" + quote(certPem) + ",\"key\":" + quote(new String(Pem.encode(newAdmin.key()), StandardCharsets.US_ASCII)) + "}");
        assertThat(mismatch.code()).isEqualTo("certificate_rejected");
        ApiClient.Answer uploaded = fresh.json("PUT", "/api/certificates/web-server",
                "{\"certificate\":" + quote(certPem) + ",\"key\":" + quote(keyPem) + "}");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.json().path("warnings").toString()).doesNotContain("192.168.1.1");
        assertThat(java.nio.file.Files.readString(gateway.service.pki().serverKey())).isEqualTo(keyPem);
        // A new connection is served with the new certificate (the client checks the name 127.0.0.1 against it).
        // Trusting only the new root: the handshake succeeds only if the server presents the new certificate.
        ApiClient third = new ApiClient(gateway.base(), dev.palisade.management.pki.FirstRunPki.archive("c", newAdmin, newRoot.certificate(), "x"),
                "x", gateway.service.pki().rootCertificate());
        assertThat(third.signIn("admin", ADMIN_PASSWORD).status()).isEqualTo(201);
        assertThat(third.get("/api/certificates").json().path("webServer").path("subjectAltNames").toString()).contains("gateway");
        // A LAN address the certificate does not name is warned about when the configuration changes.
        String config = third.get("/api/config").body();
        ApiClient.Answer moved = third.json("PUT", "/api/config", config.replace("\"192.168.1.1\"", "\"192.168.1.9\""));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("warnings").toString()).contains("192.168.1.9");
    }

    private static String quote(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
    }

    @Test
    void theStatusAndTheOpenApiDocumentDescribeTheService() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer status = admin.get("/api/status");
        assertThat(status.json().path("device").path("type").asString()).isIn("router", "diode");
        assertThat(status.json().path("engine").has("packets")).isTrue();
        var device = status.json().path("device");
        assertThat(device.path("name").asString()).isEqualTo(gateway.service.history().current().settings().deviceName());
        assertThat(device.path("lanAddress").asString()).isEqualTo("192.168.1.1");
        assertThat(device.path("centralManagement").asString()).isEqualTo("not-connected");
        assertThat(device.has("wanAddress")).isTrue();
        String page = admin.get("/").body();
        assertThat(page).contains("<th>Device name</th><td>" + device.path("name").asString() + "</td>")
                .contains("<th>Type</th><td>Network router</td>").contains("<th>Packets processed</th><td>0</td>")
                .contains("No packet has been processed yet.");
        ApiClient.Answer openapi = admin.get("/api/openapi.json");
        assertThat(openapi.json().path("openapi").asString()).startsWith("3.");
        List<Route> routes = gateway.service.routes().routes().stream().filter(r -> !r.page()).toList();
        for (Route route : routes) {
            assertThat(openapi.json().path("paths").path(route.template()).has(route.method().toLowerCase(java.util.Locale.ROOT)))
                    .as(route.method() + " " + route.template()).isTrue();
        }
        assertThat(admin.get("/api/nothing").code()).isEqualTo("not_found");
        assertThat(admin.send("PUT", "/api/accounts/settings", "{}".getBytes(StandardCharsets.UTF_8), "text/plain").code())
                .isEqualTo("unsupported_media_type");
        assertThat(admin.send("PUT", "/api/accounts/settings", new byte[70_000], "application/json").code()).isEqualTo("body_too_large");
        assertThat(admin.json("PUT", "/api/accounts/settings", "{\"idleMinutes\": 5, \"idleMinuts\": 6}").json()
                .path("error").path("details").get(0).path("path").asString()).isEqualTo("$.idleMinuts");
        assertThat(admin.send("PATCH", "/api/config", null, null).code()).isEqualTo("method_not_allowed");
    }

    @Test
    void theOperatingModeIsInTheStatusAndInEveryPageHeader() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.get("/api/status").json().path("device").has("operatingMode")).isFalse();
        gateway.operatingMode = java.util.Optional.of("Emergency support mode");
        assertThat(admin.get("/api/status").json().path("device").path("operatingMode").asString())
                .isEqualTo("Emergency support mode");
        assertThat(admin.get("/").body()).contains("Emergency support mode");
    }

    @Test
    void withALiveDataPlaneTheStatusCarriesTheKernelsCountersToo() throws Exception {
        ApiClient admin = admin();
        assertThat(admin.get("/api/status").json().has("kernel")).as("no live data plane").isFalse();
        assertThat(admin.get("/").body()).doesNotContain("id=\"kernel\"");
        gateway.kernel = java.util.Optional.of(new dev.palisade.management.api.KernelStatus(
                Map.of("fast-path", 123_456L, "custom-allow", 42L, "preset-block", 7L), 99, 3, 1));
        var kernel = admin.get("/api/status").json().path("kernel");
        assertThat(kernel.path("byStage").path("fast-path").asLong()).isEqualTo(123_456);
        assertThat(kernel.path("byStage").path("custom-allow").asLong()).isEqualTo(42);
        assertThat(kernel.path("queued").asLong()).isEqualTo(99);
        assertThat(kernel.path("queueDropped").asLong()).isEqualTo(3);
        assertThat(kernel.path("userDropped").asLong()).isEqualTo(1);
        String page = admin.get("/").body();
        assertThat(page).contains("id=\"kernel\"").contains("<code>fast-path</code></th><td>123456</td>")
                .contains("<th>packets dropped at a full queue</th><td>3</td>");
    }
}
