package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {

    @TempDir
    Path dir;

    private AuditStore open() {
        return AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
    }

    @Test
    void theConnectionIsWalWithFullSynchronousCommits() throws Exception {
        try (AuditStore store = open(); Connection c = AuditStore.connect(store.file(), false); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                assertThat(rs.getInt(1)).as("2 = FULL").isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA secure_delete")) {
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void openingRecordsTheSubsystemStartInBothLogsAndReopeningContinuesTheSequence() {
        try (AuditStore store = open()) {
            for (AuditLogKind log : AuditLogKind.values()) {
                List<AuditRecord> page = store.page(AuditQuery.of(log)).records();
                assertThat(page).extracting(AuditRecord::event).containsExactly(AuditEventType.AUDIT_SUBSYSTEM_START);
                assertThat(page.getFirst().sequence()).isEqualTo(1);
                assertThat(page.getFirst().subject()).isEqualTo("System: Audit");
            }
        }
        try (AuditStore store = open()) {
            List<AuditRecord> r = store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            assertThat(r).singleElement().satisfies(x -> {
                assertThat(x.log()).isEqualTo(AuditLogKind.FIREWALL);
                assertThat(x.sequence()).isEqualTo(3);
                assertThat(x.text()).isEqualTo("Configuration of the firewall rules is changed");
            });
            assertThat(store.verify(AuditLogKind.FIREWALL).ok()).isTrue();
            assertThat(store.verify(AuditLogKind.OPERATING_SYSTEM).ok()).isTrue();
        }
    }

    @Test
    void theKeyIsPrivateToTheOwner() throws Exception {
        try (AuditStore store = open()) {
            Path key = AuditStore.sibling(store.file(), ".key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(Files.readString(key).strip()).hasSize(64);
        }
    }

    @Test
    void anEventOfBothLogsIsRecordedOnceInEachWithItsOwnSequence() {
        try (AuditStore store = open()) {
            store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            List<AuditRecord> r = store.record(AuditEventType.AUDIT_SUBSYSTEM_TEST_MESSAGE);
            assertThat(r).extracting(AuditRecord::log).containsExactly(AuditLogKind.FIREWALL, AuditLogKind.OPERATING_SYSTEM);
            assertThat(r).extracting(AuditRecord::sequence).containsExactly(3L, 2L);
        }
    }

    @Test
    void placeholdersAreFilledAndAMissingOrUnknownOneIsRefusedWithNothingRecorded() {
        try (AuditStore store = open()) {
            AuditRecord r = store.record(AuditEventType.ERROR_CREATING_ROUTE, Map.of("description", "10.9.0.0/16 via 192.0.2.1: gateway unreachable")).getFirst();
            assertThat(r.text()).isEqualTo("User-defined route not applied: 10.9.0.0/16 via 192.0.2.1: gateway unreachable");
            assertThatThrownBy(() -> store.record(AuditEventType.ERROR_CREATING_ROUTE, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<description>");
            assertThatThrownBy(() -> store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "1.2.3.4", "port", "1")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<port>");
            assertThat(store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records()).hasSize(2);
        }
    }

    @Test
    void theSubjectOfASystemEventIsTheCatalogsAndAnActorIsNamed() {
        try (AuditStore store = open()) {
            assertThatThrownBy(() -> store.record(AuditEventType.TRAFFIC_BLOCKING, "Administrator", Map.of("IP address", "1.2.3.4")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("System: TrafficController");
            assertThatThrownBy(() -> store.record(AuditEventType.USER_AUTHENTICATION, " ", Map.of("user name", "bob")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.record(AuditEventType.USER_AUTHENTICATION, "System: Audit", Map.of("user name", "bob")))
                    .isInstanceOf(IllegalArgumentException.class);
            AuditRecord r = store.record(AuditEventType.USER_AUTHENTICATION, "User", Map.of("user name", "bob")).getFirst();
            assertThat(r.subject()).isEqualTo("User");
            assertThat(r.text()).isEqualTo("bob logged in");
        }
    }

    @Test
    void controlCharactersAreEscapedAndLongValuesCut() {
        try (AuditStore store = open()) {
            AuditRecord r = store.record(AuditEventType.USER_AUTHENTICATION, "User", Map.of("user name", "bob\r\nforged line")).getFirst();
            assertThat(r.text()).isEqualTo("bob\\u000d\\u000aforged line logged in");
            AuditRecord longOne = store.record(AuditEventType.USER_AUTHENTICATION, "User", Map.of("user name", "x".repeat(5000))).getFirst();
            assertThat(longOne.text()).isEqualTo("x".repeat(AuditStore.MAX_VALUE_LENGTH) + "\u2026 logged in");
            AuditRecord exact = store.record(AuditEventType.USER_AUTHENTICATION, "User", Map.of("user name", "y".repeat(AuditStore.MAX_VALUE_LENGTH))).getFirst();
            assertThat(exact.text()).isEqualTo("y".repeat(AuditStore.MAX_VALUE_LENGTH) + " logged in");
        }
    }

    @Test
    void concurrentRecordersGetDistinctConsecutiveSequencesAndTheChainHolds() throws Exception {
        int threads = 8;
        int each = 150;
        try (AuditStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0." + i)).getFirst().sequence());
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(all).doesNotHaveDuplicates().hasSize(threads * each);
            assertThat(all.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(2);
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * each + 1);
            ChainReport report = store.verify(AuditLogKind.FIREWALL);
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.checked()).isEqualTo(threads * each + 1);
        }
    }

    @Test
    void listenersGetCommittedRecordsInOrderAndASlowOrFailingOneHoldsNothingUp() throws Exception {
        try (AuditStore store = open()) {
            ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch slowEntered = new CountDownLatch(1);
            AuditSubscription failing = store.subscribe(r -> {
                throw new IllegalStateException("listener bug");
            });
            AuditSubscription slow = store.subscribe(r -> {
                slowEntered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CountDownLatch got = new CountDownLatch(50);
            store.subscribe(r -> {
                if (r.log() == AuditLogKind.FIREWALL) {
                    seen.add(r.sequence());
                    got.countDown();
                }
            });
            for (int i = 0; i < 50; i++) {
                store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            }
            assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(slowEntered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new ArrayList<>(seen)).isSorted().hasSize(50).first().isEqualTo(2L);
            assertThat(failing.failures()).isEqualTo(50);
            assertThat(slow.dropped()).isZero();
            release.countDown();
            slow.close();
        }
    }

    @Test
    void recordingAfterCloseIsRefused() {
        AuditStore store = open();
        store.close();
        assertThatThrownBy(() -> store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES))
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("closed");
    }

    @Test
    void anExistingLogWithoutItsKeyIsRefused() throws Exception {
        open().close();
        Files.delete(dir.resolve("audit.db.key"));
        assertThatThrownBy(this::open).isInstanceOf(AuditStoreException.class).hasMessageContaining("key");
    }

    @Test
    void theToolOpenRecordsNothingAndUsesTheStoredLimits() {
        AuditLimits limits = new AuditLimits(100, 200, 20);
        AuditStore.open(dir.resolve("audit.db"), limits, Clock.systemUTC()).close();
        try (AuditStore tool = AuditStore.openForTool(dir.resolve("audit.db"), Clock.systemUTC())) {
            assertThat(tool.limits()).isEqualTo(limits);
            assertThat(tool.page(AuditQuery.of(AuditLogKind.FIREWALL)).records()).hasSize(1);
        }
        assertThatThrownBy(() -> AuditStore.openForTool(dir.resolve("none.db"), Clock.systemUTC()))
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("no audit log");
    }

    @Test
    void timesKeepMicroseconds() {
        TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00.123456789Z"));
        try (AuditStore store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), clock)) {
            AuditRecord r = store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES).getFirst();
            assertThat(r.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
            assertThat(store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records().getFirst()).isEqualTo(r);
        }
    }

    @Test
    void theHeadFileFollowsTheLogWhileTheStoreIsOpen() throws Exception {
        try (AuditStore store = open()) {
            long seq = 0;
            for (int i = 0; i < 20; i++) {
                seq = store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES).getFirst().sequence();
            }
            Path head = AuditStore.sibling(store.file(), ".head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(head).contains("firewall " + seq + " ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.readString(head)).contains("firewall " + seq + " ").contains("os 1 ");
        }
    }
}
