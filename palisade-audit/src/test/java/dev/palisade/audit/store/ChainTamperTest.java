package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.store.ChainReport.Break;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with the database behind the store's back, with plain SQL as someone holding the file
 * would, and what verification says. The firewall log holds records 1 (start) to 31.
 */
class ChainTamperTest {

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void fill() {
        db = dir.resolve("audit.db");
        try (AuditStore store = AuditStore.open(db, AuditLimits.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < 30; i++) {
                store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0." + i));
            }
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private ChainReport verify() {
        try (AuditStore store = AuditStore.openForTool(db, Clock.systemUTC())) {
            return store.verify(AuditLogKind.FIREWALL);
        }
    }

    private void assertBreak(Break kind, long sequence) {
        ChainReport r = verify();
        assertThat(r.breakKind()).as(r.toString()).isEqualTo(kind);
        assertThat(r.brokenSequence()).as(r.toString()).isEqualTo(sequence);
        assertThat(r.ok()).isFalse();
    }

    @Test
    void anUntouchedLogVerifies() {
        ChainReport r = verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checked()).isEqualTo(31);
        assertThat(r.firstSequence()).isEqualTo(1);
        assertThat(r.lastSequence()).isEqualTo(31);
        try (AuditStore store = AuditStore.openForTool(db, Clock.systemUTC())) {
            assertThat(store.verify(AuditLogKind.OPERATING_SYSTEM).ok()).isTrue();
        }
    }

    @Test
    void anEditedTextIsFoundAsModified() throws SQLException {
        sql("UPDATE audit_record SET text = 'The traffic from the device 10.0.0.99 is blocked' WHERE log = 'firewall' AND seq = 10");
        assertBreak(Break.MODIFIED, 10);
    }

    @Test
    void anEditedTimeSubjectOrEventIsFoundAsModified() throws SQLException {
        sql("UPDATE audit_record SET time_us = time_us + 1 WHERE log = 'firewall' AND seq = 5");
        assertBreak(Break.MODIFIED, 5);
    }

    @Test
    void anEditedNewestRecordIsFoundAsModified() throws SQLException {
        sql("UPDATE audit_record SET subject = 'System: Audit' WHERE log = 'firewall' AND seq = 31");
        assertBreak(Break.MODIFIED, 31);
    }

    @Test
    void aDeletedRecordIsFoundAsDeleted() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq IN (10, 11)");
        ChainReport r = verify();
        assertThat(r.breakKind()).isEqualTo(Break.DELETED);
        assertThat(r.brokenSequence()).isEqualTo(10);
        assertThat(r.detail()).contains("10..11");
    }

    @Test
    void aDeletionHiddenByRenumberingIsFoundAsDeleted() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq = 10",
                "UPDATE audit_record SET seq = -seq WHERE log = 'firewall' AND seq > 10",
                "UPDATE audit_record SET seq = -seq - 1 WHERE log = 'firewall' AND seq < 0",
                "UPDATE audit_chain SET next_seq = next_seq - 1 WHERE log = 'firewall'");
        assertBreak(Break.DELETED, 10);
    }

    @Test
    void anInsertedRecordWithTheRestRenumberedIsFoundAsInserted() throws SQLException {
        sql("UPDATE audit_record SET seq = -seq WHERE log = 'firewall' AND seq >= 10",
                "UPDATE audit_record SET seq = -seq + 1 WHERE log = 'firewall' AND seq < 0",
                "INSERT INTO audit_record SELECT log, 10, time_us, event, subject, 'The traffic from the device 6.6.6.6 is blocked', "
                        + "randomblob(32) FROM audit_record WHERE log = 'firewall' AND seq = 9",
                "UPDATE audit_chain SET next_seq = next_seq + 1 WHERE log = 'firewall'");
        assertBreak(Break.INSERTED, 10);
    }

    @Test
    void aRecordAppendedBehindTheStoresBackIsFoundAsInserted() throws SQLException {
        sql("INSERT INTO audit_record SELECT log, 32, time_us, event, subject, text, randomblob(32) "
                + "FROM audit_record WHERE log = 'firewall' AND seq = 31");
        assertBreak(Break.INSERTED, 32);
    }

    @Test
    void swappedRecordsAreFoundAsReordered() throws SQLException {
        sql("UPDATE audit_record SET seq = -1 WHERE log = 'firewall' AND seq = 10",
                "UPDATE audit_record SET seq = 10 WHERE log = 'firewall' AND seq = 11",
                "UPDATE audit_record SET seq = 11 WHERE log = 'firewall' AND seq = -1");
        assertBreak(Break.REORDERED, 10);
    }

    @Test
    void removedNewestRecordsAreFoundAsTruncated() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq > 28");
        assertBreak(Break.TRUNCATED, 29);
    }

    @Test
    void removedNewestRecordsWithTheChainStateAdjustedAreFoundThroughTheHeadFile() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq > 28",
                "UPDATE audit_chain SET next_seq = 29, head_mac = (SELECT mac FROM audit_record WHERE log = 'firewall' AND seq = 28) "
                        + "WHERE log = 'firewall'");
        ChainReport r = verify();
        assertThat(r.breakKind()).as(r.toString()).isEqualTo(Break.TRUNCATED);
        assertThat(r.detail()).contains("head file");
    }

    @Test
    void removedOldestRecordsAreFoundAsDeleted() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq <= 5");
        assertBreak(Break.DELETED, 1);
    }

    @Test
    void removedOldestRecordsWithTheAnchorMovedAreFoundThroughTheHeadFile() throws SQLException {
        sql("UPDATE audit_chain SET anchor_seq = 5, anchor_mac = (SELECT mac FROM audit_record WHERE log = 'firewall' AND seq = 5) "
                + "WHERE log = 'firewall'",
                "DELETE FROM audit_record WHERE log = 'firewall' AND seq <= 5");
        assertBreak(Break.DELETED, 1);
    }

    @Test
    void aMissingOrEditedHeadFileIsReported() throws Exception {
        Path head = AuditStore.sibling(db, ".head");
        String content = Files.readString(head);
        Files.writeString(head, content.replaceFirst("firewall 31 ", "firewall 30 "));
        assertThat(verify().breakKind()).isEqualTo(Break.INCONSISTENT);
        Files.delete(head);
        ChainReport r = verify();
        assertThat(r.breakKind()).isEqualTo(Break.INCONSISTENT);
        assertThat(r.detail()).contains("missing");
    }

    @Test
    void aChainRewrittenWithAnotherKeyFailsAtItsFirstRecord() throws Exception {
        // Someone with the database but not the key recomputes the chain with a key of their own.
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        try (AuditStore forged = AuditStore.open(other.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < 30; i++) {
                forged.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0." + i));
            }
        }
        Files.copy(other.resolve("audit.db"), db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(AuditStore.sibling(db, "-wal"));
        Files.deleteIfExists(AuditStore.sibling(db, "-shm"));
        ChainReport r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenSequence()).isEqualTo(1);
    }

    @Test
    void theServiceOpenVerifiesBeforeItWritesSoATruncationIsNotHiddenByTheNextCommit() throws SQLException {
        sql("DELETE FROM audit_record WHERE log = 'firewall' AND seq > 28",
                "UPDATE audit_chain SET next_seq = 29, head_mac = (SELECT mac FROM audit_record WHERE log = 'firewall' AND seq = 28) "
                        + "WHERE log = 'firewall'");
        try (AuditStore store = AuditStore.open(db, AuditLimits.defaults(), Clock.systemUTC())) {
            assertThat(store.verificationAtOpen()).hasSize(2);
            ChainReport firewall = store.verificationAtOpen().getFirst();
            assertThat(firewall.log()).isEqualTo(AuditLogKind.FIREWALL);
            assertThat(firewall.breakKind()).isEqualTo(Break.TRUNCATED);
            assertThat(store.verificationAtOpen().get(1).ok()).isTrue();
        }
    }

    @Test
    void theSelfTestWritesAndReadsBackAndFailsOnABrokenChain() throws SQLException {
        try (AuditStore store = AuditStore.openForTool(db, Clock.systemUTC())) {
            AuditSelfTest good = store.selfTest();
            assertThat(good.ok()).as(good.details().toString()).isTrue();
            assertThat(good.details()).contains("firewall: test record 32 written and read back", "os: test record 2 written and read back");
        }
        sql("UPDATE audit_record SET text = 'x' WHERE log = 'os' AND seq = 1");
        try (AuditStore store = AuditStore.openForTool(db, Clock.systemUTC())) {
            AuditSelfTest bad = store.selfTest();
            assertThat(bad.ok()).isFalse();
            assertThat(bad.details()).anyMatch(d -> d.startsWith("os: modified at 1"));
        }
    }
}
