package dev.palisade.management.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.ApiClient;
import dev.palisade.management.RecordingAudit;
import dev.palisade.management.TestGateway;
import dev.palisade.management.http.Route;
import dev.palisade.management.pki.Pem;
import dev.palisade.system.backup.BackupContents;
import dev.palisade.system.backup.BackupWriter;
import dev.palisade.system.backup.KdfParameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device area over real HTTPS: backup download and restore round trip, every refusal of a
 * restore changing nothing, the restart command, the system log archive, the troubleshooting report
 * and page, the ping tool (loopback only) and its validator, roles, CSRF, and both languages.
 */
class DeviceFeatureTest {

    static final String ADMIN_PASSWORD = "Adm1n.Secret_1";
    static final String USER_PASSWORD = "Us3r.Secret_2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path data;
    TestGateway gateway;
    AuditStore auditStore;
    final List<String> restarts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        data = Files.createDirectories(dir.resolve("var"));
        auditStore = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
        DeviceOptions options = DeviceOptions.of(data, auditStore, restarts::add).withBackupKdf(KdfParameters.MIN_ACCEPTED);
        gateway = TestGateway.withTestPki(data, List.of(new DeviceFeature(options)));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        auditStore.close();
    }

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    /** SHA-256 of every file a restore may replace, and whether a restore journal is left. */
    Map<String, String> snapshot() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = data.relativize(p).toString();
                if (name.equals("config.json") || name.equals("accounts.json") || name.startsWith("pki/") || name.startsWith(".restore")) {
                    out.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    static String restoreBody(String password, byte[] file) {
        return "{\"password\":\"" + password + "\",\"backup\":\"" + Base64.getEncoder().encodeToString(file) + "\"}";
    }

    @Test
    void backupDownloadAndRestoreRoundTripWhileEveryRefusalChangesNothing() throws Exception {
        ApiClient admin = admin();
        BinaryClient files = new BinaryClient(gateway, gateway.admin, admin);
        byte[] json = ("{\"password\":\"" + ADMIN_PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8);

        // only the administrator's password seals a backup
        ApiClient.Answer wrongAdmin = admin.json("POST", "/api/device/backup", "{\"password\":\"not-it\"}");
        assertThat(wrongAdmin.status()).isEqualTo(422);
        assertThat(wrongAdmin.code()).isEqualTo("wrong_password");
        HttpResponse<byte[]> backup = files.send("POST", "/api/device/backup", json, "application/json");
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");
        assertThat(new String(backup.body(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PALISBK1");
        byte[] configAtBackup = Files.readAllBytes(data.resolve("config.json"));

        // the configuration changes after the backup
        ObjectNode config = (ObjectNode) admin.get("/api/config").json();
        ((ObjectNode) config.path("SETTINGS").path("DEVICE")).put("device_name", "changed-after-backup");
        assertThat(admin.json("PUT", "/api/config", JSON.writeValueAsString(config)).status()).isEqualTo(200);
        Map<String, String> before = snapshot();
        assertThat(Files.readAllBytes(data.resolve("config.json"))).isNotEqualTo(configAtBackup);

        byte[] tampered = backup.body().clone();
        tampered[tampered.length - 20] ^= 0x01;
        byte[] otherVersion = new BackupWriter("0.0.1-other", KdfParameters.MIN_ACCEPTED, new SecureRandom())
                .seal(BackupContents.collect(data, BackupContents.GATEWAY_FILES), ADMIN_PASSWORD.toCharArray());
        record Refusal(String body, int status, String code, String says) {
        }
        List<Refusal> refusals = List.of(
                new Refusal(restoreBody("Wrong.Password_1", backup.body()), 422, "backup_wrong_password_or_altered", "wrong password"),
                new Refusal(restoreBody(ADMIN_PASSWORD, tampered), 422, "backup_wrong_password_or_altered", "altered"),
                new Refusal(restoreBody(ADMIN_PASSWORD, otherVersion), 422, "backup_other_version", "0.0.1-other"),
                new Refusal(restoreBody(ADMIN_PASSWORD, "not a backup at all".getBytes(StandardCharsets.UTF_8)), 422, "backup_invalid",
                        "not a Palisade backup"),
                new Refusal(restoreBody(ADMIN_PASSWORD, new byte[] {'P', 'A', 'L'}), 422, "backup_invalid", "truncated"),
                new Refusal("{\"password\":\"x\",\"backup\":\"***\"}", 400, "invalid_request", "Base64"),
                new Refusal("{\"password\":\"x\"}", 400, "invalid_request", "required"));
        for (Refusal r : refusals) {
            ApiClient.Answer answer = admin.json("POST", "/api/device/restore", r.body());
            assertThat(answer.status()).as(answer.body()).isEqualTo(r.status());
            assertThat(answer.code()).isEqualTo(r.code());
            assertThat(answer.json().path("error").path("message").asString()).contains(r.says());
            assertThat(snapshot()).as("nothing changed after " + r.code()).isEqualTo(before);
        }
        assertThat(restarts).isEmpty();

        ApiClient.Answer restored = admin.json("POST", "/api/device/restore", restoreBody(ADMIN_PASSWORD, backup.body()));
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().path("restarting").asBoolean()).isTrue();
        assertThat(restored.json().path("restored").toString()).contains("config.json", "accounts.json", "pki/CaCert.crt");
        assertThat(Files.readAllBytes(data.resolve("config.json"))).isEqualTo(configAtBackup);
        assertThat(data.resolve(".restore")).doesNotExist();
        assertThat(restarts).containsExactly("restore");
        // until the service is back, no second restore or restart
        assertThat(admin.json("POST", "/api/device/restore", restoreBody(ADMIN_PASSWORD, backup.body())).status()).isEqualTo(409);
        assertThat(admin.json("POST", "/api/device/restart", null).status()).isEqualTo(409);

        List<RecordingAudit.Event> backups = events(AuditEventType.BACKING_UP_THE_SYSTEM_CONFIGURATION);
        assertThat(backups).extracting(RecordingAudit.Event::text).containsExactly(
                "Status of the backup creation from the operating system configuration: refused: the administrator password is wrong",
                "Status of the backup creation from the operating system configuration: completed successfully");
        assertThat(backups).allSatisfy(e -> assertThat(e.actor()).isEqualTo("admin"));
        List<RecordingAudit.Event> restores = events(AuditEventType.RESTORING_THE_SYSTEM_CONFIGURATION);
        assertThat(restores).hasSize(6);
        assertThat(restores.subList(0, 5)).allSatisfy(e -> assertThat(e.text()).contains("refused, nothing changed"));
        assertThat(restores.get(5).text()).contains("completed successfully").contains("the service restarts");
    }

    List<RecordingAudit.Event> events(AuditEventType type) {
        return gateway.audit.events().stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void theRestartCommandAnswersAndThenAsksTheRunnerOnce() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer restart = admin.json("POST", "/api/device/restart", null);
        assertThat(restart.status()).isEqualTo(202);
        assertThat(restart.json().path("restarting").asBoolean()).isTrue();
        assertThat(restarts).containsExactly("restart command by admin");
        assertThat(events(AuditEventType.REBOOTING_THE_DEVICE)).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(DeviceFeature.RESTART_COMPONENT));
        assertThat(admin.json("POST", "/api/device/restart", null).code()).isEqualTo("restarting");
        assertThat(restarts).hasSize(1);
    }

    @Test
    void theUserRoleIsRefusedEveryDeviceRouteAndStateChangesNeedTheCsrfToken() throws Exception {
        ApiClient admin = admin();
        // CSRF: no token, a token from elsewhere, another site's origin
        assertThat(admin.send("POST", "/api/device/restart", null, null, null, null).status()).isEqualTo(403);
        assertThat(admin.send("POST", "/api/device/restart", null, null, "forged", null).json().path("error").path("code").asString())
                .isEqualTo("csrf");
        assertThat(admin.send("POST", "/api/device/restart", null, null, admin.csrf, "https://evil.example").status()).isEqualTo(403);
        assertThat(admin.send("POST", "/settings/commands/restart", "confirm=yes".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded", null, null).status()).isEqualTo(403);
        assertThat(restarts).isEmpty();

        assertThat(admin.json("PUT", "/api/accounts/user/credentials", "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD
                + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file").status())
                .isEqualTo(200);
        assertThat(admin.json("DELETE", "/api/session", null).status()).isEqualTo(204);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        List<Route> routes = gateway.service.routes().routes().stream().filter(r -> r.template().startsWith("/api/device/")
                || r.template().startsWith("/settings/backup") || r.template().startsWith("/settings/commands")
                || r.template().startsWith("/settings/diagnostics") || r.template().equals("/troubleshooting.html")).toList();
        assertThat(routes).hasSize(15);
        for (Route route : routes) {
            ApiClient.Answer answer = route.changesState() ? user.json(route.method(), route.template(), "{}") : user.get(route.template());
            assertThat(answer.status()).as(route.method() + " " + route.template()).isEqualTo(403);
        }
        assertThat(restarts).isEmpty();
        assertThat(user.get("/settings/backup").body()).doesNotContain("create-backup");
    }

    @Test
    void theSystemLogArchiveHoldsTheServiceLogTheAuditLogsAndTheReport() throws Exception {
        Files.createDirectories(data.resolve("log"));
        Files.writeString(data.resolve("log/palisade.log"), "2026-11-25 WARN something the service logged\n");
        Files.writeString(data.resolve("log/palisade.log.1"), "the previous run\n");
        Files.createSymbolicLink(data.resolve("log/secret-link"), data.resolve("accounts.json"));
        ApiClient admin = admin();
        BinaryClient files = new BinaryClient(gateway, gateway.admin, admin);
        HttpResponse<byte[]> archive = files.send("GET", "/api/device/system-log", null, null);
        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.headers().firstValue("Content-Type").orElse("")).startsWith("application/gzip");
        Map<String, byte[]> entries = untar(archive.body());
        assertThat(entries).containsOnlyKeys("log_files/log/palisade.log", "log_files/log/palisade.log.1", "log_files/troubleshooting.json",
                "log_files/audit/firewall.csv", "log_files/audit/os.csv");
        assertThat(new String(entries.get("log_files/log/palisade.log"), StandardCharsets.UTF_8)).contains("something the service logged");
        assertThat(JSON.readTree(entries.get("log_files/troubleshooting.json")).path("interfaces").isArray()).isTrue();
        assertThat(new String(entries.get("log_files/audit/os.csv"), StandardCharsets.UTF_8)).contains("Audit subsystem");

        // the page's download is the same archive, under the spec's file name
        HttpResponse<byte[]> page = files.send("GET", "/settings/diagnostics/log_files.tar.gz", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(untar(page.body())).containsKey("log_files/audit/os.csv");

        var firewall = auditStore.page(AuditQuery.of(AuditLogKind.FIREWALL)).records();
        var os = auditStore.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records();
        assertThat(firewall).filteredOn(r -> r.event() == AuditEventType.LOG_EXPORT).hasSize(2)
                .allSatisfy(r -> assertThat(r.subject()).isEqualTo("admin"));
        assertThat(os).filteredOn(r -> r.event() == AuditEventType.SYSTEM_LOG_EXPORT).hasSize(2)
                .allSatisfy(r -> assertThat(r.subject()).isEqualTo("admin"));
    }

    static Map<String, byte[]> untar(byte[] tarGz) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                tar.transferTo(bytes);
                out.put(entry.getName(), bytes.toByteArray());
            }
        }
        return out;
    }

    @Test
    void theTroubleshootingReportShowsLoopbackOurProcessAndTheRules() throws Exception {
        ApiClient admin = admin();
        JsonNode report = admin.get("/api/device/troubleshooting").json();
        assertThat(report.path("interfaces").valueStream().filter(i -> i.path("loopback").asBoolean()).findFirst().orElseThrow()
                .path("addresses").toString()).contains("127.0.0.1");
        long pid = ProcessHandle.current().pid();
        assertThat(report.path("processes").valueStream().anyMatch(p -> p.path("pid").asLong() == pid)).isTrue();
        assertThat(report.path("memory").path("totalKiB").asLong()).isPositive();
        assertThat(report.path("components").size()).isEqualTo(4);
        assertThat(report.path("cluster").path("role").asString()).isEqualTo("standalone");
        assertThat(report.path("systemRules").size()).isPositive();
        assertThat(report.path("firewall").size()).isEqualTo(gateway.service.history().current().config().network().firewallRules().size());

        ApiClient.Answer page = admin.get("/settings/diagnostics");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"interfaces\"", "127.0.0.1", "Download system logs", "Check connection via ping command");
        admin.cookie = admin.cookie + "; lang=ru";
        assertThat(admin.get("/settings/diagnostics").body()).contains("Сетевые интерфейсы", "Скачать системные журналы");
        assertThat(admin.get("/settings/backup").body()).contains("Резервное копирование", "Восстановление системы");
        assertThat(admin.get("/settings/commands").body()).contains("Перезагрузить устройство");
        ApiClient.Answer alias = admin.get("/troubleshooting.html");
        assertThat(alias.status()).isEqualTo(303);
        assertThat(alias.headers().firstValue("Location")).hasValue("/settings/diagnostics");
    }

    @Test
    void pingAcceptsOnlyAHostAndAnswersItsOutput() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer ping = admin.json("POST", "/api/device/ping", "{\"host\":\"127.0.0.1\"}");
        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().path("exitCode").asInt()).isZero();
        assertThat(ping.json().path("output").asString()).contains("127.0.0.1").contains(PingTool.COUNT + " packets transmitted");
        for (String bad : List.of("127.0.0.1; rm -rf /", "127.0.0.1 -f", "-f", "-c 1000 127.0.0.1", "a b", "", "$(id)", "127.0.0.1|id",
                "host`id`", "--help")) {
            ApiClient.Answer refused = admin.json("POST", "/api/device/ping", "{\"host\":" + JSON.writeValueAsString(bad) + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("error").path("details").get(0).path("path").asString()).isEqualTo("$.host");
        }
        ApiClient.Answer pageRefusal = admin.send("POST", "/settings/diagnostics/ping",
                ("_csrf=" + admin.csrf + "&host=" + URLEncoder.encode("-f", StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded");
        assertThat(pageRefusal.status()).isEqualTo(400);
        assertThat(pageRefusal.body()).contains("id=\"errors\"").contains("must not start with");
        ApiClient.Answer pagePing = admin.send("POST", "/settings/diagnostics/ping", ("_csrf=" + admin.csrf + "&host=127.0.0.1")
                .getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        assertThat(pagePing.status()).isEqualTo(200);
        assertThat(pagePing.body()).contains("id=\"ping-output\"").contains("The host answered.");
    }

    @Test
    void thePagesCreateABackupAndRestoreItThroughAMultipartUpload() throws Exception {
        ApiClient admin = admin();
        BinaryClient files = new BinaryClient(gateway, gateway.admin, admin);
        assertThat(admin.get("/settings/backup").body()).contains("id=\"create-backup\"", "hx-encoding=\"multipart/form-data\"");
        ApiClient.Answer wrong = admin.send("POST", "/settings/backup/palisade.backup", ("_csrf=" + admin.csrf + "&password=nope")
                .getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("not the administrator");
        HttpResponse<byte[]> backup = files.send("POST", "/settings/backup/palisade.backup", ("_csrf=" + admin.csrf + "&password="
                + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded");
        assertThat(backup.statusCode()).isEqualTo(200);
        Map<String, String> before = snapshot();

        ApiClient.Answer refused = admin.send("POST", "/settings/backup/restore", multipart(backup.body(), "Wrong.Password_1"),
                "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"errors\"", "wrong password", "Nothing was changed.");
        assertThat(snapshot()).isEqualTo(before);
        ApiClient.Answer done = admin.send("POST", "/settings/backup/restore", multipart(backup.body(), ADMIN_PASSWORD),
                "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"restore-done\"");
        assertThat(restarts).containsExactly("restore");
    }

    @Test
    void theCommandsPageAsksForConfirmationBeforeRestarting() throws Exception {
        ApiClient admin = admin();
        ApiClient.Answer unconfirmed = admin.send("POST", "/settings/commands/restart", ("_csrf=" + admin.csrf)
                .getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        assertThat(unconfirmed.status()).isEqualTo(422);
        assertThat(unconfirmed.body()).contains("confirm the restart first");
        assertThat(restarts).isEmpty();
        ApiClient.Answer confirmed = admin.send("POST", "/settings/commands/restart", ("_csrf=" + admin.csrf + "&confirm=yes")
                .getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("id=\"restarting\"");
        assertThat(restarts).hasSize(1);
    }

    private static final String BOUNDARY = "----palisadeTestBoundary7MA4YWxk";

    static byte[] multipart(byte[] file, String password) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"palisade.backup\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + password + "\r\n--" + BOUNDARY
                + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
