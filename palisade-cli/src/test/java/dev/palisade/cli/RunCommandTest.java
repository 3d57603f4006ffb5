package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.NetworkProtector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade run}: first-run provisioning, and refusal of an invalid stored configuration. */
class RunCommandTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();
    private final ByteArrayOutputStream err = console.err();

    @Test
    void firstRunWritesTheFirstRunDocumentWithTheIpsUnconfigured() throws Exception {
        Path data = dir.resolve("var");
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        ConfigDocument stored = ConfigDocument.read(data.resolve("config.json"));
        assertThat(stored.config().application(NetworkProtector.PACKAGE_ID)).hasValueSatisfying(a -> assertThat(a.configured()).isFalse());
        String first = out.toString(StandardCharsets.UTF_8);
        assertThat(first).contains("first run").contains("transit traffic is blocked");
        // The management service provisioned the kit and says where it is and what to open.
        assertThat(first).contains(data.resolve("pki").resolve("TlsClientAdmin.p12").toAbsolutePath().toString())
                .contains("password adminadmin").containsPattern("https://127\\.0\\.0\\.1:\\d+/");
        assertThat(data.resolve("pki").resolve("TlsClientAdmin.p12")).exists();
        assertThat(data.resolve("accounts.json")).exists();
        // A second start keeps what is stored.
        out.reset();
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("first run").contains("web interface and API at https://");
        // each start is in both audit logs, and the chain verifies across the two runs
        try (var audit = dev.palisade.audit.store.AuditStore.openForTool(data.resolve("audit.db"), java.time.Clock.systemUTC())) {
            for (var log : dev.palisade.audit.AuditLogKind.values()) {
                assertThat(audit.page(dev.palisade.audit.store.AuditQuery.of(log)).records())
                        .filteredOn(r -> r.event() == dev.palisade.audit.AuditEventType.AUDIT_SUBSYSTEM_START).hasSize(2);
                assertThat(audit.verify(log).ok()).isTrue();
            }
        }
    }

    @Test
    void aBadListenAddressIsRefused() {
        assertThat(Main.execute("run", "--data", dir.resolve("v").toString(), "--listen", "localhost", "--once")).isEqualTo(2);
        assertThat(Main.execute("run", "--data", dir.resolve("v").toString(), "--listen", "gateway.example:443", "--once")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ADDRESS:PORT");
    }

    @Test
    void anInvalidStoredConfigurationIsRefusedAndLeftAsItIs() throws IOException {
        Path data = Files.createDirectories(dir.resolve("var"));
        String bad = "{\"NETWORK\": {\"LAN\": {\"IP\": \"192.168.1.256\"}}}";
        Files.writeString(data.resolve("config.json"), bad);
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("$.NETWORK.LAN.IP");
        assertThat(Files.readString(data.resolve("config.json"))).isEqualTo(bad);
    }

    @Test
    void aTamperedAuditLogFailsTheSelfTestAndTheGatewayStartsInEmergencySupportMode() throws Exception {
        Path data = dir.resolve("var");
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("audit.db"));
                var st = c.createStatement()) {
            st.execute("UPDATE audit_record SET text = 'nothing happened' WHERE log = 'firewall' AND seq = 1");
        }
        out.reset();
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        String second = out.toString(StandardCharsets.UTF_8);
        assertThat(second).contains("self-test: failed").contains("EMERGENCY SUPPORT MODE");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hash chain is broken");
        // the cause remains, so the next start is in emergency again (the mode file says so too)
        out.reset();
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("EMERGENCY SUPPORT MODE");
    }

    /** The replay tests' router document with the Network Protector installed, configured with {@code rules}. */
    private Path protectorData(String rules) throws IOException {
        String base64 = java.util.Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8));
        String json = ReplayCommandTest.CONFIG;
        json = json.substring(0, json.lastIndexOf('}')) + ", " + """
                "APPLICATIONS": {"APPS_CONTROL": {"applications": [{"package_id": "palisade.netprotector", "execute": true, "configured": true}]}},
                "palisade.netprotector": {"APP_CONFIGURATION": {"industrial_commands_rules": "%s", "industrial_anomaly_rules": ""}}
                """.formatted(base64) + "}";
        Path data = dir.resolve("ips-var");
        Files.createDirectories(data);
        Files.writeString(data.resolve("config.json"), json);
        return data;
    }

    @Test
    void aConfiguredNetworkProtectorRunsInsideTheService() throws Exception {
        Path data = protectorData("drop modbus any any -> any any (msg:\"write\"; modbus: access write; sid:1000002;)\n");
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("industrial IPS (Network Protector): running, 1 rules")
                .contains("industrial IPS passed").doesNotContain("EMERGENCY");
    }

    @Test
    void theAuditLogCapacityComesFromTheConfiguration() throws Exception {
        Path data = Files.createDirectories(dir.resolve("var"));
        String json = dev.palisade.config.ConfigDocument.firstRun().toJson();
        json = json.replaceFirst("\"SETTINGS\"\\s*:\\s*\\{", "\"SETTINGS\": {\"AUDIT\": {\"firewall_capacity\": 100, \"os_capacity\": 200, "
                + "\"warn_free_percent\": 20},");
        Files.writeString(data.resolve("config.json"), json);
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("industrial IPS not run");
        try (var audit = dev.palisade.audit.store.AuditStore.openForTool(data.resolve("audit.db"), java.time.Clock.systemUTC())) {
            assertThat(audit.limits()).isEqualTo(new dev.palisade.audit.store.AuditLimits(100, 200, 20));
        }
    }

    @Test
    void refusedProtectorRulesPutTheGatewayInEmergencySupportMode() throws Exception {
        Path data = protectorData("drop modbus any any -> any any (msg:\"broken\"; modbus: function banana; sid:5;)\n");
        assertThat(Main.execute("run", "--data", data.toString(), "--listen", "127.0.0.1:0", "--once")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("its rules were refused")
                .contains("industrial IPS failed").contains("EMERGENCY SUPPORT MODE");
        try (var audit = dev.palisade.audit.store.AuditStore.openForTool(data.resolve("audit.db"), java.time.Clock.systemUTC())) {
            assertThat(audit.page(dev.palisade.audit.store.AuditQuery.of(dev.palisade.audit.AuditLogKind.FIREWALL)).records())
                    .extracting(dev.palisade.audit.AuditRecord::event)
                    .contains(dev.palisade.audit.AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
        }
    }
}
