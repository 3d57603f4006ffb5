package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit check on a real store: passes on an intact one, fails once a record was altered behind its back. */
class AuditCheckTest {

    @TempDir
    Path dir;

    @Test
    void passesOnAnIntactStoreAndWritesTheTestMessage() {
        try (AuditStore store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            CheckOutcome o = new AuditCheck(store).run();
            assertThat(o.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(o.details()).anyMatch(d -> d.contains("written and read back"));
            assertThat(SelfTestTest.texts(store, dev.palisade.audit.AuditLogKind.FIREWALL))
                    .contains(AuditEventType.AUDIT_SUBSYSTEM_TEST_MESSAGE.text().template());
        }
    }

    @Test
    void failsWhenARecordWasAltered() throws Exception {
        Path db = dir.resolve("audit.db");
        try (AuditStore store = AuditStore.open(db, AuditLimits.defaults(), Clock.systemUTC())) {
            store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0.1"));
            store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0.2"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("UPDATE audit_record SET text = 'nothing happened' WHERE log = 'firewall' AND seq = 2");
            }
            CheckOutcome o = new AuditCheck(store).run();
            assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(String.join("; ", o.details())).contains("firewall");
        }
    }
}
