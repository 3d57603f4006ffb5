package dev.palisade.management.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.ApiClient;
import dev.palisade.management.TestGateway;
import dev.palisade.management.pki.Pem;
import dev.palisade.system.integrity.IntegrityKeys;
import dev.palisade.system.integrity.IntegrityManifest;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.mode.EmergencyListener;
import dev.palisade.system.mode.EmergencySupport;
import dev.palisade.system.selftest.AuditCheck;
import dev.palisade.system.selftest.CertificateCheck;
import dev.palisade.system.selftest.PasswordCheck;
import dev.palisade.system.selftest.SelfTest;
import dev.palisade.system.selftest.TrafficBlockingCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Self-diagnostics section over real HTTPS: the real self-test (audit, password, certificate
 * and traffic blocking checks over the configuration in force) run on demand and audited; a real
 * failure (the audit log tampered with) entering emergency support mode as at start, with its
 * effects; the manual integrity check of a real signed installation and its report; and the role
 * table (the user is refused everything here).
 */
class DiagnosticsTest {

    static final String ADMIN_PASSWORD = "Str0ng.Pass-1";
    static final String USER_PASSWORD = "Us3r.Secret_2";

    @TempDir
    Path dir;

    AuditStore store;
    TestGateway gateway;
    EmergencySupport emergency;
    Path dist;

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        Path data = dir.resolve("var");
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), clock);
        AtomicReference<TestGateway> running = new AtomicReference<>();
        emergency = new EmergencySupport(data, store, clock, on -> running.get().engine.setEmergency(on), new EmergencyListener() {
            @Override
            public void endSessions() {
                running.get().service.sessions().closeAll();
            }

            @Override
            public void stopApplications() {
                // no applications in this test
            }
        });
        // The traffic blocking check reads the configuration in force when it runs, as the runner wires it.
        SelfTest selfTest = new SelfTest(List.of(new AuditCheck(store), new PasswordCheck(), new CertificateCheck(clock),
                new TrafficBlockingCheck(() -> running.get().service.history().current().config())), store, clock);
        dist = dir.resolve("dist");
        write(dist.resolve("palisade"), "#!/bin/sh\n");
        write(dist.resolve("palisade-cli/target/palisade.jar"), "jar bytes");
        write(data.resolve("applications/meter/app.bin"), "meter");
        ManualIntegrityCheck integrity = new ManualIntegrityCheck(new InstallationLayout(dist, data), store, clock);
        gateway = TestGateway.withTestPki(data, List.of(new DiagnosticsFeature(selfTest, emergency, integrity)));
        running.set(gateway);
        emergency.start(new dev.palisade.config.model.ModeSwitch(true, false, false), cause -> java.util.Optional.empty());
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        store.close();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    ApiClient admin() throws Exception {
        ApiClient admin = gateway.client(gateway.admin);
        assertThat(admin.signIn("admin", "adminadmin").status()).isEqualTo(201);
        ApiClient.Answer changed = admin.json("PUT", "/api/accounts/administrator/credentials",
                "{\"oldPassword\":\"adminadmin\",\"newPassword\":\"" + ADMIN_PASSWORD + "\",\"confirmPassword\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return admin;
    }

    List<AuditRecord> osLog() {
        return store.after(AuditLogKind.OPERATING_SYSTEM, 0, 10_000);
    }

    @Test
    void theSelfTestRunsOnDemandIsAuditedAndShown() throws Exception {
        ApiClient admin = admin();
        JsonNode before = admin.get("/api/selftest").json();
        assertThat(before.path("last").isNull()).isTrue();
        assertThat(before.path("checks")).extracting(JsonNode::asString).containsExactly("audit",
                "authentication: password verification", "authentication: certificate validation", "traffic blocking");

        ApiClient.Answer run = admin.send("POST", "/api/selftest", null, null);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode report = run.json().path("report");
        assertThat(report.path("overall").asString()).isEqualTo("passed");
        assertThat(report.path("initiator").asString()).isEqualTo("admin");
        assertThat(report.path("checks")).hasSize(4).allSatisfy(c -> {
            assertThat(c.path("status").asString()).isEqualTo("passed");
            assertThat(c.path("details").size()).isPositive();
        });
        assertThat(run.json().path("enteredEmergency").asBoolean()).isFalse();
        assertThat(run.json().path("mode").path("emergency").asBoolean()).isFalse();

        List<AuditEventType> events = osLog().stream().map(AuditRecord::event).toList();
        assertThat(events).containsSubsequence(AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START,
                AuditEventType.AUDIT_SUBSYSTEM_TEST_MESSAGE, AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_SUCCESS);
        assertThat(osLog().stream().filter(r -> r.event() == AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START))
                .singleElement().satisfies(r -> assertThat(r.subject()).isEqualTo("admin"));

        assertThat(admin.get("/api/selftest").json().path("last").path("finished").asString())
                .isEqualTo(report.path("finished").asString());
        String page = admin.get("/diagnostics").body();
        assertThat(page).contains("id=\"selftest-overall\"").contains("traffic blocking").contains("Passed")
                .contains("Argon2id reproduces the RFC 9106 test vector");
        // The page's button posts the form and comes back.
        ApiClient.Answer viaPage = admin.send("POST", "/diagnostics/selftest", ("_csrf=" + admin.csrf).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", null, null);
        assertThat(viaPage.status()).isEqualTo(303);
        assertThat(osLog().stream().filter(r -> r.event() == AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START)).hasSize(2);
    }

    @Test
    void theSelfTestChecksTheConfigurationInForceNotTheOneAtStart() throws Exception {
        ApiClient admin = admin();
        String first = admin.send("POST", "/api/selftest", null, null).json().path("report").path("checks").get(3).path("details").toString();
        assertThat(first).contains("192.168.1.");
        JsonNode document = admin.get("/api/config").json();
        ((tools.jackson.databind.node.ObjectNode) document.path("NETWORK").path("LAN")).put("IP", "10.20.30.1")
                .put("Mask", "255.255.255.0").put("FirstDHCPAddress", "10.20.30.100").put("LastDHCPAddress", "10.20.30.200");
        ApiClient.Answer put = admin.send("PUT", "/api/config?comment=renumber", document.toString().getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String second = admin.send("POST", "/api/selftest", null, null).json().path("report").path("checks").get(3).path("details").toString();
        assertThat(second).contains("10.20.30.").doesNotContain("192.168.1.");
    }

    @Test
    void aFailedSelfTestEntersEmergencySupportModeAsAtStart() throws Exception {
        ApiClient admin = admin();
        // A real failure: a record of the audit log altered behind the store's back breaks its hash chain.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit.db")); Statement s = c.createStatement()) {
            s.execute("UPDATE audit_record SET text = 'nothing happened' WHERE log = 'firewall' AND seq = 1");
        }
        ApiClient.Answer run = admin.send("POST", "/api/selftest", null, null);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode answer = run.json();
        assertThat(answer.path("report").path("overall").asString()).isEqualTo("failed");
        assertThat(answer.path("report").path("checks").get(0).path("status").asString()).isEqualTo("failed");
        assertThat(answer.path("enteredEmergency").asBoolean()).isTrue();
        assertThat(answer.path("mode").path("emergency").asBoolean()).isTrue();
        assertThat(answer.path("mode").path("reasons").get(0).path("cause").asString()).isEqualTo("SELF_TEST_FAILED");

        assertThat(gateway.engine.emergency()).as("transit blocked").isTrue();
        assertThat(emergency.mode().inEmergency()).isTrue();
        assertThat(Files.readString(dir.resolve("var/mode.properties"))).contains("emergency.0.cause=SELF_TEST_FAILED");
        assertThat(admin.get("/api/selftest").status()).as("the web sessions were ended").isEqualTo(401);
        assertThat(osLog().stream().map(AuditRecord::event).toList()).containsSubsequence(
                AuditEventType.OPERATING_SYSTEM_ERROR_DURING_SELF_TESTING, AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_ERRORS,
                AuditEventType.ENABLING_THE_EMERGENCY_SUPPORT_MODE, AuditEventType.LIMITING_THE_OPERATING_SYSTEM_FUNCTIONS);
    }

    @Test
    void theManualIntegrityCheckReportsAndNeverEntersEmergency() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        IntegrityKeys.pinIfAbsent(dir.resolve("var"), key.getPublic());
        InstallationLayout layout = new InstallationLayout(dist, dir.resolve("var"));
        IntegrityManifest.build(layout.sections(), key, layout.manifest());
        ApiClient admin = admin();
        assertThat(admin.get("/api/integrity/report").status()).isEqualTo(404);

        JsonNode intact = admin.send("POST", "/api/integrity", null, null).json().path("last");
        assertThat(intact.path("status").asString()).isEqualTo("intact");
        assertThat(intact.path("files").asInt()).isEqualTo(3);
        ApiClient.Answer report = admin.get("/api/integrity/report");
        assertThat(report.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(report.body()).startsWith("Host ID: ").contains("Checksum function: SHA-256")
                .contains("|File integrity verified successfully");

        write(dir.resolve("var/applications/meter/app.bin"), "meter, patched");
        JsonNode violated = admin.send("POST", "/api/integrity", null, null).json().path("last");
        assertThat(violated.path("status").asString()).isEqualTo("violated");
        assertThat(violated.path("violations").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/integrity/report").body()).contains("app.bin|").contains("|File content changed against reference!");
        assertThat(emergency.mode().inEmergency()).isFalse();
        assertThat(gateway.engine.emergency()).isFalse();
        assertThat(osLog()).filteredOn(r -> r.event() == AuditEventType.GENERATION_OF_THE_INTEGRITY_CHECK_REPORT).hasSize(2)
                .allSatisfy(r -> assertThat(r.subject()).isEqualTo("admin"));
        assertThat(osLog()).filteredOn(r -> r.event() == AuditEventType.OBJECT_INTEGRITY_VIOLATION).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("app.bin").contains("File content changed against reference!"));
        assertThat(admin.get("/diagnostics").body()).contains("id=\"integrity-status\"").contains("Integrity violation found")
                .contains("href=\"/api/integrity/report\"");
    }

    @Test
    void theUserIsRefusedSelfDiagnostics() throws Exception {
        ApiClient admin = admin();
        admin.json("PUT", "/api/accounts/user/credentials",
                "{\"oldPassword\":\"useruser\",\"newPassword\":\"" + USER_PASSWORD + "\",\"confirmPassword\":\"" + USER_PASSWORD + "\"}");
        admin.send("PUT", "/api/certificates/user", Pem.encode(gateway.user.certificate()), "application/x-pem-file");
        admin.send("DELETE", "/api/session", null, null);
        ApiClient user = gateway.client(gateway.user);
        assertThat(user.signIn("user", USER_PASSWORD).status()).isEqualTo(201);
        int before = osLog().size();
        for (String[] call : new String[][] {{"GET", "/api/selftest"}, {"POST", "/api/selftest"}, {"GET", "/api/integrity"},
            {"POST", "/api/integrity"}, {"GET", "/api/integrity/report"}, {"GET", "/diagnostics"}}) {
            assertThat(user.send(call[0], call[1], null, null).status()).as(call[0] + " " + call[1]).isEqualTo(403);
        }
        assertThat(osLog()).hasSize(before);
        assertThat(user.get("/").body()).doesNotContain("href=\"/diagnostics\"");
    }
}
