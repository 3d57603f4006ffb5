package dev.palisade.management.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.CertificateIssuer;
import dev.palisade.management.pki.Pem;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Settings pages as a browser without JavaScript uses them, over real HTTPS: every form posts
 * (file inputs as multipart), answers with a redirect or with the form again and the refusal's JSON
 * path; the CSRF token is required in multipart forms too; the user gets 403 pages; texts come in
 * English and Russian.
 */
class SettingsPagesTest {

    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dir;

    TestGateway gateway;
    final RecordingHostClock hostClock = new RecordingHostClock();

    @BeforeEach
    void start() throws Exception {
        Path data = dir.resolve("var");
        gateway = TestGateway.withTestPki(data, List.of(new SettingsFeature(data, hostClock,
                () -> List.of(new DeliveryState("mqtt://192.0.2.20:1883/gw/events", true, 0, 12, 0, "")))));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    static byte[] form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ApiClient.Answer post(ApiClient client, String path, String... pairs) throws Exception {
        return client.send("POST", path, form(pairs), FORM, null, null);
    }

    static ApiClient.Answer postMultipart(ApiClient client, String path, Multipart body) throws Exception {
        return client.send("POST", path, body.body(), Multipart.TYPE, null, null);
    }

    static String location(ApiClient.Answer answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    @Test
    void theGeneralTabChangesTheDeviceNameAndTheClock() throws Exception {
        ApiClient admin = SettingsApiTest.admin(gateway);
        ApiClient.Answer page = admin.get("/settings/general");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"device-form\"").contains("value=\"palisade\"").contains("2026-11-25T12:00:00Z")
                .contains("href=\"/settings/general\"").contains("href=\"/settings/notifications\"")
                .contains("href=\"/settings/central-management\"");

        ApiClient.Answer bad = post(admin, "/settings/general", "_csrf", admin.csrf, "deviceName", "<b>gate way</b>");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"errors\"").contains("<code>$.deviceName</code>").doesNotContain("<b>gate");
        ApiClient.Answer ok = post(admin, "/settings/general", "_csrf", admin.csrf, "deviceName", "Pump7");
        assertThat(ok.status()).isEqualTo(303);
        assertThat(location(ok)).isEqualTo("/settings/general?done=name");
        assertThat(gateway.service.history().current().settings().deviceName()).isEqualTo("Pump7");
        assertThat(admin.get("/settings/general?done=name").body()).contains("id=\"done\"").contains("value=\"Pump7\"");

        ApiClient.Answer badTime = post(admin, "/settings/general/time", "_csrf", admin.csrf, "date", "2027-02-30", "time", "10:00");
        assertThat(badTime.status()).isEqualTo(422);
        ApiClient.Answer time = post(admin, "/settings/general/time", "_csrf", admin.csrf, "date", "2027-02-28", "time", "10:05");
        assertThat(location(time)).isEqualTo("/settings/general?done=time");
        assertThat(hostClock.set).containsExactly(Instant.parse("2027-02-28T10:05:00Z"));
        assertThat(gateway.audit.types()).contains(AuditEventType.DATE_AND_TIME_CHANGE);
    }

    @Test
    void theNotificationsTabSavesSyslogWithAnUploadedDerCertificateAndShowsMqttRefusals() throws Exception {
        ApiClient admin = SettingsApiTest.admin(gateway);
        ApiClient.Answer page = admin.get("/settings/notifications");
        assertThat(page.body()).contains("enctype=\"multipart/form-data\"").contains("mqtt://192.0.2.20:1883/gw/events")
                .contains("id=\"syslog-form\"").contains("id=\"mqtt-form\"");

        CertificateIssuer.Issued ca = CertificateIssuer.root("Syslog CA", gateway.clock.instant(), Duration.ofDays(200));
        ApiClient.Answer saved = postMultipart(admin, "/settings/notifications/syslog", new Multipart().field("_csrf", admin.csrf)
                .field("enabled", "on").field("host", "192.0.2.10:6514").field("mode", "tls")
                .file("certificate", "syslog-ca.der", ca.certificate().getEncoded()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(location(saved)).isEqualTo("/settings/notifications?done=syslog");
        var syslog = gateway.service.history().current().settings().syslog();
        assertThat(syslog.enabled()).isTrue();
        assertThat(syslog.certificate()).isEqualTo(new String(Pem.encode(ca.certificate()), StandardCharsets.US_ASCII));
        assertThat(admin.get("/settings/notifications").body()).contains("CN=Syslog CA,O=Palisade").contains("value=\"192.0.2.10:6514\"");

        ApiClient.Answer refused = postMultipart(admin, "/settings/notifications/mqtt", new Multipart().field("_csrf", admin.csrf)
                .field("enabled", "on").field("serverAddress", "192.0.2.20").field("serverPort", "1883").field("eventTopic", "gw/+/x")
                .file("rootCertificate", "", new byte[0]));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("<code>$.SETTINGS.MQTT_NOTIFICATION.event_topic</code>");
        assertThat(gateway.service.history().current().settings().mqttNotification().enabled()).isFalse();

        ApiClient.Answer mqtt = postMultipart(admin, "/settings/notifications/mqtt", new Multipart().field("_csrf", admin.csrf)
                .field("enabled", "on").field("serverAddress", "192.0.2.20").field("serverPort", "1883").field("eventTopic", "gw/events")
                .field("authEnabled", "on").field("login", "gw").field("password", "pässword-1"));
        assertThat(location(mqtt)).isEqualTo("/settings/notifications?done=mqtt");
        assertThat(gateway.service.history().current().settings().mqttNotification().password()).isEqualTo("pässword-1");
        assertThat(admin.get("/settings/notifications").body()).doesNotContain("pässword-1");
    }

    @Test
    void theCentralManagementTabUploadsShowsAndDeletesTheCertificate() throws Exception {
        ApiClient admin = SettingsApiTest.admin(gateway);
        ApiClient.Answer page = admin.get("/settings/central-management");
        assertThat(page.body()).contains("id=\"central-needs-certificate\"").contains("13294");
        ApiClient.Answer early = post(admin, "/settings/central-management", "_csrf", admin.csrf, "address", "ksc.example.org");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body()).contains("upload the central management server certificate first");

        ApiClient.Answer garbage = postMultipart(admin, "/settings/central-management/certificate",
                new Multipart().field("_csrf", admin.csrf).file("certificate", "x.crt", "not a certificate".getBytes(StandardCharsets.US_ASCII)));
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.body()).contains("not an X.509 certificate");

        CertificateIssuer.Issued ksc = CertificateIssuer.root("KSC", gateway.clock.instant(), Duration.ofDays(300));
        ApiClient.Answer uploaded = postMultipart(admin, "/settings/central-management/certificate",
                new Multipart().field("_csrf", admin.csrf).file("certificate", "ksc.pem", Pem.encode(ksc.certificate())));
        assertThat(location(uploaded)).isEqualTo("/settings/central-management?done=certificate");
        ApiClient.Answer saved = post(admin, "/settings/central-management", "_csrf", admin.csrf, "address", "ksc.example.org",
                "heartbeatSeconds", "120");
        assertThat(location(saved)).isEqualTo("/settings/central-management?done=address");
        String shown = admin.get("/settings/central-management").body();
        assertThat(shown).contains("CN=KSC,O=Palisade").contains("value=\"ksc.example.org\"").contains("value=\"120\"")
                .contains("id=\"central-delete\"");
        assertThat(location(post(admin, "/settings/central-management/certificate/delete", "_csrf", admin.csrf)))
                .isEqualTo("/settings/central-management?done=deleted");
        assertThat(admin.get("/settings/central-management").body()).contains("id=\"central-needs-certificate\"");
    }

    @Test
    void multipartFormsNeedTheCsrfTokenAndTheUserGetsForbiddenPages() throws Exception {
        ApiClient admin = SettingsApiTest.admin(gateway);
        CertificateIssuer.Issued ksc = CertificateIssuer.root("KSC", gateway.clock.instant(), Duration.ofDays(300));
        ApiClient.Answer noToken = postMultipart(admin, "/settings/central-management/certificate",
                new Multipart().file("certificate", "ksc.pem", Pem.encode(ksc.certificate())));
        assertThat(noToken.status()).isEqualTo(403);
        ApiClient.Answer wrongToken = postMultipart(admin, "/settings/central-management/certificate",
                new Multipart().field("_csrf", "x" + admin.csrf).file("certificate", "ksc.pem", Pem.encode(ksc.certificate())));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(gateway.data.resolve("central-management").resolve("server.crt")).doesNotExist();
        ApiClient.Answer garbled = admin.send("POST", "/settings/notifications/syslog", "--x\r\nnonsense".getBytes(StandardCharsets.US_ASCII),
                "multipart/form-data; boundary=x", admin.csrf, null);
        assertThat(garbled.status()).isEqualTo(400);

        ApiClient user = SettingsApiTest.user(gateway, admin);
        for (String path : new String[] {"/settings/general", "/settings/notifications", "/settings/central-management"}) {
            ApiClient.Answer forbidden = user.get(path);
            assertThat(forbidden.status()).as(path).isEqualTo(403);
            assertThat(forbidden.body()).contains("<!DOCTYPE html>");
        }
        assertThat(user.get("/").body()).doesNotContain("href=\"/settings/general\"");
    }

    @Test
    void theTabsSpeakRussian() throws Exception {
        ApiClient admin = SettingsApiTest.admin(gateway);
        admin.cookie = admin.cookie + "; lang=ru";
        assertThat(admin.get("/settings/general").body()).contains("Имя устройства").contains("Дата и время");
        assertThat(admin.get("/settings/notifications").body()).contains("Использовать Syslog-сервер для отправки событий")
                .contains("MQTT-уведомления");
        assertThat(admin.get("/settings/central-management").body()).contains("Доменный адрес").doesNotContain("??");
    }
}
