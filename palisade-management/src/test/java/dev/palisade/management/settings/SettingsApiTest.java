package dev.palisade.management.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.config.ConfigDocument;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Settings API over real HTTPS with real certificates: device name and clock (the clock a
 * recording stand-in), Syslog and MQTT settings written to the document keys and applied through
 * the configuration target, refusals with the JSON paths of the request or the document, the
 * central management address and certificate (replaced files erased), roles and CSRF.
 */
class SettingsApiTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";

    @TempDir
    Path dir;

    TestGateway gateway;
    final RecordingHostClock hostClock = new RecordingHostClock();
    volatile List<DeliveryState> delivery = List.of();

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("var");
        gateway = TestGateway.withTestPki(data, List.of(new SettingsFeature(data, hostClock, () -> delivery)));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    static ApiClient admin(TestGateway gateway) throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    /** Enables the user account and signs it in (the administrator is signed out by then). */
    static ApiClient user(TestGateway gateway, ApiClient admin) throws Exception {
        assertThat(admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}")
                .status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        admin.send("DELETE", "/api/session", null, null);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        return user;
    }

    static String path(ApiClient.Answer answer) {
        return answer.json().path("error").path("details").path(0).path("path").asString();
    }

    ConfigDocument current() {
        return gateway.service.history().current();
    }

    String pem(CertificateIssuer.Issued issued) {
        return new String(Pem.encode(issued.certificate()), StandardCharsets.US_ASCII);
    }

    static String json(String text) {
        return dev.palisade.management.web.Pages.jsonString(text);
    }

    @Test
    void theDeviceNameIsLettersAndDigitsAtMost32AndEveryChangeIsAVersionWithItsAuthor() throws Exception {
        ApiClient admin = admin(gateway);
        int before = gateway.service.history().currentVersion();
        for (String bad : new String[] {"", "gate way", "gateway-1", "Шлюз", "a".repeat(33), "gw;rm"}) {
            ApiClient.Answer refused = admin.json("PUT", "/api/settings/general", "{\"deviceName\":" + json(bad) + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(path(refused)).isEqualTo("$.deviceName");
        }
        assertThat(admin.json("PUT", "/api/settings/general", "{\"deviceName\":\"gw\",\"extra\":1}").status()).isEqualTo(400);
        assertThat(gateway.service.history().currentVersion()).isEqualTo(before);

        String name = "Substation7" + "a".repeat(21);
        ApiClient.Answer ok = admin.json("PUT", "/api/settings/general", "{\"deviceName\":\"" + name + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("deviceName").asString()).isEqualTo(name);
        assertThat(current().settings().deviceName()).isEqualTo(name);
        assertThat(gateway.applied.getLast().settings().deviceName()).as("applied through the target").isEqualTo(name);
        var version = gateway.service.history().versions().getFirst();
        assertThat(version.author()).isEqualTo("admin");
        assertThat(version.comment()).contains("device name").contains(name);
        assertThat(admin.get("/api/settings/general").json().path("deviceName").asString()).isEqualTo(name);
    }

    @Test
    void settingTheClockSetsTheHostClockInUtcAndIsAudited() throws Exception {
        ApiClient admin = admin(gateway);
        for (String bad : new String[] {"yesterday", "2026-11-25 14:30", "2026-13-01T00:00:00Z", "1999-12-31T23:59:59Z",
            "2100-01-01T00:00:00Z"}) {
            ApiClient.Answer refused = admin.json("PUT", "/api/settings/time", "{\"time\":" + json(bad) + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(path(refused)).isEqualTo("$.time");
        }
        assertThat(hostClock.set).isEmpty();
        ApiClient.Answer ok = admin.json("PUT", "/api/settings/time", "{\"time\":\"2027-03-01T08:15:00Z\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(hostClock.set).containsExactly(Instant.parse("2027-03-01T08:15:00Z"));
        assertThat(ok.json().path("time").asString()).isEqualTo("2027-03-01T08:15:00Z");
        assertThat(gateway.audit.events()).filteredOn(e -> e.type() == AuditEventType.DATE_AND_TIME_CHANGE)
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));

        hostClock.refuse("date: cannot set date: Operation not permitted");
        ApiClient.Answer refused = admin.json("PUT", "/api/settings/time", "{\"time\":\"2027-03-02T08:15:00Z\"}");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.code()).isEqualTo("clock_not_set");
        assertThat(refused.json().path("error").path("message").asString()).contains("Operation not permitted");
        assertThat(gateway.audit.types()).filteredOn(t -> t == AuditEventType.DATE_AND_TIME_CHANGE).hasSize(1);
    }

    @Test
    void syslogSettingsGoToTheDocumentKeysAndRefusalsNameTheirPath() throws Exception {
        ApiClient admin = admin(gateway);
        ApiClient.Answer loopback = admin.json("PUT", "/api/settings/notifications/syslog",
                "{\"enabled\":true,\"host\":\"127.0.0.1:514\",\"mode\":\"udp\"}");
        assertThat(loopback.status()).isEqualTo(422);
        assertThat(path(loopback)).isEqualTo("$.SETTINGS.SYSLOG.host");
        ApiClient.Answer noHost = admin.json("PUT", "/api/settings/notifications/syslog", "{\"enabled\":true,\"host\":\"\",\"mode\":\"udp\"}");
        assertThat(path(noHost)).isEqualTo("$.SETTINGS.SYSLOG.host");
        ApiClient.Answer tlsWithout = admin.json("PUT", "/api/settings/notifications/syslog",
                "{\"enabled\":true,\"host\":\"192.0.2.10:6514\",\"mode\":\"tls\"}");
        assertThat(tlsWithout.status()).isEqualTo(422);
        assertThat(path(tlsWithout)).isEqualTo("$.SETTINGS.SYSLOG.certificate");
        ApiClient.Answer badMode = admin.json("PUT", "/api/settings/notifications/syslog", "{\"enabled\":true,\"mode\":\"smtp\"}");
        assertThat(path(badMode)).isEqualTo("$.mode");
        ApiClient.Answer badCertificate = admin.json("PUT", "/api/settings/notifications/syslog",
                "{\"enabled\":true,\"host\":\"192.0.2.10:6514\",\"mode\":\"tls\",\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"}");
        assertThat(badCertificate.status()).isEqualTo(422);
        assertThat(path(badCertificate)).isEqualTo("$.certificate");
        assertThat(current().settings().syslog().enabled()).isFalse();

        Instant now = gateway.clock.instant();
        CertificateIssuer.Issued syslogCa = CertificateIssuer.root("Syslog CA", now, Duration.ofDays(100));
        ApiClient.Answer ok = admin.json("PUT", "/api/settings/notifications/syslog",
                "{\"enabled\":true,\"host\":\"192.0.2.10:6514\",\"mode\":\"tls\",\"certificate\":" + json(pem(syslogCa)) + "}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        var syslog = current().settings().syslog();
        assertThat(syslog.enabled()).isTrue();
        assertThat(syslog.server().orElseThrow()).hasToString("192.0.2.10");
        assertThat(syslog.port()).isEqualTo(6514);
        assertThat(syslog.certificate()).contains("BEGIN CERTIFICATE");
        assertThat(gateway.applied.getLast().settings().syslog()).isEqualTo(syslog);
        JsonNode shown = admin.get("/api/settings/notifications").json().path("syslog");
        assertThat(shown.path("host").asString()).isEqualTo("192.0.2.10:6514");
        assertThat(shown.path("mode").asString()).isEqualTo("tls");
        assertThat(shown.path("certificate").path("subject").asString()).isEqualTo("CN=Syslog CA,O=Palisade");

        // Switching to UDP keeps the certificate; a DER upload is accepted as Base64 and stored as PEM.
        String der = java.util.Base64.getEncoder().encodeToString(syslogCa.certificate().getEncoded());
        assertThat(admin.json("PUT", "/api/settings/notifications/syslog",
                "{\"enabled\":true,\"host\":\"192.0.2.11\",\"mode\":\"udp\",\"certificate\":\"" + der + "\"}").status()).isEqualTo(200);
        assertThat(current().settings().syslog().port()).isEqualTo(6514);
        assertThat(current().settings().syslog().certificate()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void mqttSettingsKeepTheirSecretsOutOfAnswersAndKeepThemWhenNotResent() throws Exception {
        ApiClient admin = admin(gateway);
        ApiClient.Answer wildcard = admin.json("PUT", "/api/settings/notifications/mqtt",
                "{\"enabled\":true,\"serverAddress\":\"192.0.2.20\",\"serverPort\":1883,\"eventTopic\":\"gw/#\"}");
        assertThat(wildcard.status()).isEqualTo(422);
        assertThat(path(wildcard)).isEqualTo("$.SETTINGS.MQTT_NOTIFICATION.event_topic");
        ApiClient.Answer noPassword = admin.json("PUT", "/api/settings/notifications/mqtt",
                "{\"enabled\":true,\"serverAddress\":\"192.0.2.20\",\"serverPort\":1883,\"eventTopic\":\"gw/events\",\"authEnabled\":true,\"login\":\"gw\"}");
        assertThat(path(noPassword)).isEqualTo("$.SETTINGS.MQTT_NOTIFICATION.password");
        ApiClient.Answer port = admin.json("PUT", "/api/settings/notifications/mqtt", "{\"enabled\":true,\"serverPort\":\"x\"}");
        assertThat(path(port)).isEqualTo("$.serverPort");

        String secret = "broker-Secret-9";
        ApiClient.Answer ok = admin.json("PUT", "/api/settings/notifications/mqtt",
                "{\"enabled\":true,\"serverAddress\":\"192.0.2.20\",\"serverPort\":8883,\"eventTopic\":\"gw/events\",\"authEnabled\":true,"
                        + "\"login\":\"gw\",\"password\":\"" + secret + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).doesNotContain(secret);
        assertThat(current().settings().mqttNotification().password()).isEqualTo(secret);
        JsonNode shown = admin.get("/api/settings/notifications").json().path("mqtt");
        assertThat(shown.path("passwordSet").asBoolean()).isTrue();
        assertThat(shown.toString()).doesNotContain(secret);

        // A change without the password keeps it; TLS with the CA, client certificate and key.
        Instant now = gateway.clock.instant();
        CertificateIssuer.Issued ca = CertificateIssuer.root("Broker CA", now, Duration.ofDays(100));
        CertificateIssuer.Issued client = CertificateIssuer.client(ca, "gateway", now, Duration.ofDays(100));
        String key = new String(Pem.encode(client.key()), StandardCharsets.US_ASCII);
        ApiClient.Answer badKey = admin.json("PUT", "/api/settings/notifications/mqtt",
                "{\"enabled\":true,\"tlsEnabled\":true,\"rootCertificate\":" + json(pem(ca)) + ",\"clientKey\":\"not a key\"}");
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(path(badKey)).isEqualTo("$.clientKey");
        ApiClient.Answer tls = admin.json("PUT", "/api/settings/notifications/mqtt",
                "{\"enabled\":true,\"serverAddress\":\"192.0.2.21\",\"serverPort\":8883,\"eventTopic\":\"gw/events\",\"authEnabled\":true,"
                        + "\"login\":\"gw\",\"tlsEnabled\":true,\"rootCertificate\":" + json(pem(ca)) + ",\"clientCertificate\":"
                        + json(pem(client)) + ",\"clientKey\":" + json(key) + "}");
        assertThat(tls.status()).as(tls.body()).isEqualTo(200);
        var mqtt = current().settings().mqttNotification();
        assertThat(mqtt.password()).isEqualTo(secret);
        assertThat(mqtt.tlsEnabled()).isTrue();
        assertThat(mqtt.server().orElseThrow()).hasToString("192.0.2.21");
        assertThat(mqtt.clientKey()).contains("PRIVATE KEY");
        assertThat(tls.body()).doesNotContain("PRIVATE KEY");
        JsonNode after = tls.json().path("mqtt");
        assertThat(after.path("rootCertificate").path("subject").asString()).isEqualTo("CN=Broker CA,O=Palisade");
        assertThat(after.path("clientCertificate").path("subject").asString()).isEqualTo("CN=gateway,O=Palisade");
        assertThat(after.path("clientKeySet").asBoolean()).isTrue();
        assertThat(gateway.applied.getLast().settings().mqttNotification()).isEqualTo(mqtt);
    }

    @Test
    void theDeliveryStateOfTheRunningNotifierIsShown() throws Exception {
        ApiClient admin = admin(gateway);
        assertThat(admin.get("/api/settings/notifications").json().path("delivery").isEmpty()).isTrue();
        delivery = List.of(new DeliveryState("syslog+tcp://192.0.2.10:514", false, 7, 3, 0, "connection refused"));
        JsonNode state = admin.get("/api/settings/notifications").json().path("delivery").path(0);
        assertThat(state.path("destination").asString()).isEqualTo("syslog+tcp://192.0.2.10:514");
        assertThat(state.path("pending").asInt()).isEqualTo(7);
        assertThat(state.path("lastError").asString()).isEqualTo("connection refused");
    }

    @Test
    void centralManagementNeedsItsCertificateFirstAndAReplacedCertificateIsErased() throws Exception {
        ApiClient admin = admin(gateway);
        JsonNode empty = admin.get("/api/settings/central-management").json();
        assertThat(empty.path("certificate").isNull()).isTrue();
        assertThat(empty.path("port").asInt()).isEqualTo(13294);
        ApiClient.Answer first = admin.json("PUT", "/api/settings/central-management", "{\"address\":\"ksc.example.org\"}");
        assertThat(first.status()).isEqualTo(409);
        assertThat(first.code()).isEqualTo("certificate_required");

        Instant now = gateway.clock.instant();
        CertificateIssuer.Issued ksc = CertificateIssuer.root("KSC Server", now, Duration.ofDays(10));
        ApiClient.Answer garbage = admin.send("PUT", "/api/settings/central-management/certificate", "hello".getBytes(StandardCharsets.US_ASCII),
                "application/octet-stream");
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.code()).isEqualTo("certificate_rejected");
        CertificateIssuer.Issued expired = CertificateIssuer.root("Old KSC", now.minus(Duration.ofDays(30)), Duration.ofDays(10));
        assertThat(admin.send("PUT", "/api/settings/central-management/certificate", expired.certificate().getEncoded(),
                "application/pkix-cert").status()).isEqualTo(422);

        ApiClient.Answer uploaded = admin.send("PUT", "/api/settings/central-management/certificate", ksc.certificate().getEncoded(),
                "application/pkix-cert");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.json().path("subject").asString()).isEqualTo("CN=KSC Server,O=Palisade");
        assertThat(uploaded.json().path("warnings").path(0).asString()).as("10 days < 14-day warning").contains("expires in");
        Path file = gateway.data.resolve("central-management").resolve("server.crt");
        byte[] firstFile = Files.readAllBytes(file);

        CertificateIssuer.Issued next = CertificateIssuer.root("KSC Server 2", now, Duration.ofDays(365));
        assertThat(admin.send("PUT", "/api/settings/central-management/certificate", Pem.encode(next.certificate()),
                "application/x-pem-file").status()).isEqualTo(200);
        assertThat(Files.readAllBytes(file)).isNotEqualTo(firstFile).isEqualTo(Pem.encode(next.certificate()));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("server.crt");
        }

        ApiClient.Answer badAddress = admin.json("PUT", "/api/settings/central-management", "{\"address\":\"ksc example!\"}");
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(path(badAddress)).isEqualTo("$.address");
        ApiClient.Answer badHeartbeat = admin.json("PUT", "/api/settings/central-management",
                "{\"address\":\"ksc.example.org\",\"heartbeatSeconds\":0}");
        assertThat(badHeartbeat.status()).isEqualTo(422);
        assertThat(path(badHeartbeat)).isEqualTo("$.SETTINGS.KSC.heartbeat");
        ApiClient.Answer ok = admin.json("PUT", "/api/settings/central-management", "{\"address\":\"ksc.example.org\",\"heartbeatSeconds\":60}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("address").asString()).isEqualTo("ksc.example.org");
        assertThat(ok.json().path("connectionPossible").asBoolean()).isTrue();
        assertThat(current().settings().kscHeartbeatSeconds()).isEqualTo(60);
        assertThat(ok.json().path("certificate").path("subject").asString()).isEqualTo("CN=KSC Server 2,O=Palisade");

        assertThat(admin.send("DELETE", "/api/settings/central-management/certificate", null, null).status()).isEqualTo(204);
        assertThat(file).doesNotExist();
        JsonNode after = admin.get("/api/settings/central-management").json();
        assertThat(after.path("certificate").isNull()).isTrue();
        assertThat(after.path("connectionPossible").asBoolean()).isFalse();
        assertThat(admin.send("DELETE", "/api/settings/central-management/certificate", null, null).status()).isEqualTo(404);
    }

    @Test
    void onlyTheAdministratorReachesSettingsAndChangesNeedTheCsrfToken() throws Exception {
        ApiClient admin = admin(gateway);
        String token = admin.csrf;
        ApiClient.Answer noToken = admin.send("PUT", "/api/settings/general", "{\"deviceName\":\"gw2\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", null, null);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.code()).isEqualTo("csrf");
        ApiClient.Answer otherSite = admin.send("PUT", "/api/settings/general", "{\"deviceName\":\"gw2\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", token, "https://evil.example");
        assertThat(otherSite.code()).isEqualTo("csrf");
        assertThat(current().settings().deviceName()).isNotEqualTo("gw2");

        ApiClient user = user(gateway, admin);
        for (String path : new String[] {"/api/settings/general", "/api/settings/notifications", "/api/settings/central-management"}) {
            ApiClient.Answer forbidden = user.get(path);
            assertThat(forbidden.status()).as(path).isEqualTo(403);
            assertThat(forbidden.code()).isEqualTo("forbidden");
        }
        assertThat(user.json("PUT", "/api/settings/time", "{\"time\":\"2027-03-01T08:15:00Z\"}").status()).isEqualTo(403);
        assertThat(hostClock.set).isEmpty();
        // The OpenAPI document describes the feature's operations.
        JsonNode openApi = user.get("/api/openapi.json").json();
        assertThat(openApi.path("paths").has("/api/settings/notifications/syslog")).isTrue();
        // Every request schema the feature names exists in the components.
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/([A-Za-z]+)").matcher(openApi.toString());
        int count = 0;
        while (refs.find()) {
            assertThat(openApi.path("components").path("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
            count++;
        }
        assertThat(count).isGreaterThan(10);
    }
}
