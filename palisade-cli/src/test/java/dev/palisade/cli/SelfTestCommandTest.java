package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.ConfigDocument;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade selftest} against a data directory: report, exit status, audit records, refusals. */
class SelfTestCommandTest {

    @TempDir
    Path dir;

    private Path data;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();
    private final ByteArrayOutputStream err = console.err();

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("var"));
        ConfigDocument.firstRun().writeAtomically(data.resolve("config.json"));
        try (AuditStore store = AuditStore.open(data.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0.1"));
            store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0.2"));
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<AuditRecord> osLog() {
        try (AuditStore store = AuditStore.openForTool(data.resolve("audit.db"), Clock.systemUTC())) {
            return store.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records().reversed();
        }
    }

    @Test
    void passesOnAnIntactGatewayAndRecordsTheRun() {
        assertThat(Main.execute("selftest", "--data", data.toString())).as(stdout()).isZero();
        assertThat(stdout()).startsWith("self-test passed (started ").contains(
                "\naudit: passed\n",
                "\nauthentication: password verification: passed\n",
                "\nauthentication: certificate validation: passed\n",
                "\ntraffic blocking: passed\n",
                "TCP SYN: DROP at preset-block",
                "\nindustrial IPS: not run\n    the industrial IPS is installed but not configured");
        List<AuditRecord> os = osLog();
        assertThat(os).extracting(AuditRecord::event).containsSubsequence(AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START,
                AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_SUCCESS);
        assertThat(os).filteredOn(r -> r.event() == AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START)
                .extracting(AuditRecord::subject).containsExactly("Administrator");
    }

    /** The first-run document with the Network Protector configured with {@code rules}. */
    private void configureProtector(String rules) throws Exception {
        String base64 = java.util.Base64.getEncoder().encodeToString(rules.getBytes(StandardCharsets.UTF_8));
        String json = ConfigDocument.firstRun().toJson();
        assertThat(json).contains("\"palisade.netprotector\": {}").contains("\"configured\": false");
        json = json.replace("\"palisade.netprotector\": {}", """
                "palisade.netprotector": {"APP_CONFIGURATION": {"industrial_commands_rules": "%s", "industrial_anomaly_rules": ""}}
                """.formatted(base64).strip()).replace("\"configured\": false", "\"configured\": true");
        Files.writeString(data.resolve("config.json"), json);
    }

    @Test
    void theIndustrialIpsCheckProbesTheConfiguredProtector() throws Exception {
        configureProtector("drop modbus any any -> any any (msg:\"write\"; modbus: access write; sid:1000002;)\n");
        assertThat(Main.execute("selftest", "--data", data.toString())).as(stdout()).isZero();
        assertThat(stdout()).contains("\nindustrial IPS: passed\n");
        out.reset();
        configureProtector("drop modbus any any -> any any (msg:\"broken\"; modbus: function banana; sid:5;)\n");
        assertThat(Main.execute("selftest", "--data", data.toString())).isEqualTo(SelfTestCommand.EXIT_FAILED);
        assertThat(stdout()).contains("\nindustrial IPS: failed\n").contains("its rules were refused");
    }

    @Test
    void failsWithExitStatusOneOnATamperedAuditLog() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("audit.db")); Statement s = c.createStatement()) {
            s.execute("UPDATE audit_record SET text = 'nothing happened' WHERE log = 'firewall' AND seq = 2");
        }
        assertThat(Main.execute("selftest", "--data", data.toString())).isEqualTo(1);
        assertThat(stdout()).startsWith("self-test failed").contains("\naudit: failed\n").contains("\ntraffic blocking: passed\n");
        assertThat(osLog()).extracting(AuditRecord::event).contains(AuditEventType.OPERATING_SYSTEM_ERROR_DURING_SELF_TESTING,
                AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_ERRORS);
    }

    @Test
    void refusesADataDirectoryWithoutConfigurationOrAuditLog() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(Main.execute("selftest", "--data", empty.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no configuration at");
        ConfigDocument.firstRun().writeAtomically(empty.resolve("config.json"));
        err.reset();
        assertThat(Main.execute("selftest", "--data", empty.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no audit log at");
        assertThat(empty.resolve("audit.db")).doesNotExist();
    }

    @Test
    void refusesAnInvalidConfiguration() throws Exception {
        Files.writeString(data.resolve("config.json"), "{\"NETWORK\": {\"LAN\": {\"IP\": \"192.168.1.256\"}}}");
        assertThat(Main.execute("selftest", "--data", data.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is invalid");
    }
}
