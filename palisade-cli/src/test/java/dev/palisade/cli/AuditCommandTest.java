package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade audit list | export | verify} over a log the store wrote. */
class AuditCommandTest {

    @TempDir
    Path dir;

    private Path data;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();
    private final ByteArrayOutputStream err = console.err();

    @BeforeEach
    void setUp() {
        data = dir.resolve("var");
        try (AuditStore store = AuditStore.open(data.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            for (int i = 1; i <= 5; i++) {
                store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0." + i));
            }
            store.record(AuditEventType.USER_AUTHENTICATION, "Administrator", Map.of("user name", "admin"));
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsTheNewestFirstWithFiltersAndPointsToTheNextPage() {
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--limit", "2")).isZero();
        String[] lines = stdout().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("6\t").endsWith("\tWarning\tSystem: TrafficController\tTrafficController: Traffic blocking\t"
                + "The traffic from the device 10.0.0.5 is blocked");
        assertThat(lines[2]).startsWith("5\t");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--before 5");

        out.reset();
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--log", "os", "--severity", "informational",
                "--subject", "Administrator", "--from", "2000-01-01")).isZero();
        assertThat(stdout().split("\n")).hasSize(2);
        assertThat(stdout()).contains("admin logged in");
    }

    @Test
    void badOptionsAreRefusedClearly() {
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--log", "kernel")).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--from", "yesterday")).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--severity", "fatal")).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--log must be").contains("--from must be").contains("--severity must be");
        assertThat(Main.execute("audit", "list", "--data", dir.resolve("nothing").toString())).isEqualTo(AuditCommand.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no audit log");
    }

    @Test
    void exportWritesTheFilteredViewAndIsAudited() throws Exception {
        Path csv = dir.resolve("firewall.csv");
        assertThat(Main.execute("audit", "export", "--data", data.toString(), "--csv", csv.toString(), "--severity", "warning")).isZero();
        String text = Files.readString(csv);
        assertThat(text).startsWith("Sequence,Date and time,Event name,Event text,Subject ID,Severity\r\n");
        assertThat(text.split("\r\n")).hasSize(6);
        out.reset();
        assertThat(Main.execute("audit", "list", "--data", data.toString(), "--limit", "1")).isZero();
        assertThat(stdout()).contains("\tAdministrator\tadmin: Log export user: Log export\tThe log is exported");
    }

    @Test
    void verifyPassesOnAnIntactLogAndFailsWithTheReportOnABrokenOne() throws Exception {
        assertThat(Main.execute("audit", "verify", "--data", data.toString())).isZero();
        assertThat(stdout()).contains("firewall: intact").contains("os: intact");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("audit.db")); Statement s = c.createStatement()) {
            s.execute("UPDATE audit_record SET text = 'nothing happened' WHERE log = 'firewall' AND seq = 3");
        }
        out.reset();
        assertThat(Main.execute("audit", "verify", "--data", data.toString())).isEqualTo(AuditCommand.EXIT_FAILED);
        assertThat(stdout()).contains("firewall: modified at 3").contains("os: intact");
    }
}
