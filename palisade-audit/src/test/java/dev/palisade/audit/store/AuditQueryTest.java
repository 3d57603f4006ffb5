package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views: newest first in pages of 1024 with "load more", the filters, and the CSV export of exactly the filtered view. */
class AuditQueryTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-20T08:00:00Z"));

    private AuditStore open() {
        return AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), clock);
    }

    @Test
    void pagesAreNewestFirstAThousandAndTwentyFourAtATimeAndLoadMoreAlwaysAnswers() {
        try (AuditStore store = open()) {
            for (int i = 0; i < 2100; i++) {
                store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0." + (i % 250)));
            }
            AuditQuery q = AuditQuery.of(AuditLogKind.FIREWALL);
            AuditPage p1 = store.page(q);
            assertThat(p1.records()).hasSize(1024);
            assertThat(p1.records().getFirst().sequence()).isEqualTo(2101);
            assertThat(p1.records()).extracting(AuditRecord::sequence).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            AuditPage p2 = store.page(q.before(p1.nextBefore()));
            assertThat(p2.records()).hasSize(1024);
            assertThat(p2.records().getFirst().sequence()).isEqualTo(1077);
            AuditPage p3 = store.page(q.before(p2.nextBefore()));
            assertThat(p3.records()).hasSize(53);
            assertThat(p3.records().getLast().sequence()).isEqualTo(1);
            AuditPage p4 = store.page(q.before(p3.nextBefore()));
            assertThat(p4.records()).isEmpty();
            assertThat(p4.nextBefore()).isEqualTo(1);
        }
    }

    @Test
    void filtersByPeriodSeverityAndSubjectCombine() {
        try (AuditStore store = open()) {                              // start event on 2026-11-20
            clock.set(Instant.parse("2026-11-21T10:00:00Z"));
            store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "10.0.0.1"));         // warning
            clock.advance(Duration.ofHours(20));                          // 2026-11-22T06:00
            store.record(AuditEventType.RULE_CREATION_LIMIT_FOR_IDSPPROXY,
                    Map.of("IP address", "10.0.0.2", "maximum number of rules", "1024"));          // critical
            store.record(AuditEventType.LOG_EXPORT, "User", Map.of());                               // informational
            clock.set(Instant.parse("2026-11-23T00:00:00Z"));
            store.record(AuditEventType.LOG_EXPORT, "Administrator", Map.of());

            AuditQuery all = AuditQuery.of(AuditLogKind.FIREWALL);
            assertThat(store.page(all.withDates(LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-22"))).records())
                    .extracting(AuditRecord::sequence).containsExactly(4L, 3L);
            assertThat(store.page(all.withDates(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-23"))).records())
                    .extracting(AuditRecord::sequence).containsExactly(5L, 4L, 3L, 2L);
            assertThat(store.page(all.withFrom(Instant.parse("2026-11-22T06:00:00Z")).withTo(Instant.parse("2026-11-23T00:00:00Z"))).records())
                    .extracting(AuditRecord::sequence).containsExactly(4L, 3L);
            assertThat(store.page(all.withSeverities(Set.of(Severity.WARNING, Severity.CRITICAL))).records())
                    .extracting(AuditRecord::sequence).containsExactly(3L, 2L);
            assertThat(store.page(all.withSubjects(Set.of("User", "System: Audit"))).records())
                    .extracting(AuditRecord::sequence).containsExactly(4L, 1L);
            assertThat(store.page(all.withSubjects(Set.of("Administrator", "User")).withSeverities(Set.of(Severity.INFORMATIONAL))
                    .withDates(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-23"))).records())
                    .extracting(AuditRecord::sequence).containsExactly(5L);
            assertThat(store.subjects(AuditLogKind.FIREWALL))
                    .containsExactly("Administrator", "System: Audit", "System: TrafficController", "User");
            assertThatThrownBy(() -> all.withFrom(Instant.EPOCH).withTo(Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> all.withLimit(1025)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theCsvExportIsExactlyTheFilteredViewInRfc4180AndIsItselfAudited() throws IOException {
        try (AuditStore store = open()) {
            store.record(AuditEventType.ERROR_CREATING_ROUTE, Map.of("description", "route \"lab\", via 192.0.2.1"));
            clock.advance(Duration.ofSeconds(1));
            store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AuditQuery warnings = AuditQuery.of(AuditLogKind.FIREWALL).withSeverities(Set.of(Severity.WARNING));
            long n = store.exportCsv(warnings, out, "Administrator");
            assertThat(n).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "Sequence,Date and time,Event name,Event text,Subject ID,Severity\r\n"
                    + "2,2026-11-20T08:00:00Z,TrafficController: Error creating route,"
                    + "\"User-defined route not applied: route \"\"lab\"\", via 192.0.2.1\",System: TrafficController,Warning\r\n");
            AuditRecord audit = store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records().getFirst();
            assertThat(audit.event()).isEqualTo(AuditEventType.LOG_EXPORT);
            assertThat(audit.subject()).isEqualTo("Administrator");
            assertThat(audit.text()).isEqualTo("The log is exported");

            // The operating-system log's export is its own event.
            Path file = dir.resolve("os.csv");
            assertThat(store.exportCsv(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM), file, "Administrator")).isEqualTo(1);
            assertThat(Files.readString(file)).endsWith(",Audit: Audit subsystem start,Audit subsystem is running,System: Audit,Informational\r\n");
            assertThat(store.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records().getFirst().event())
                    .isEqualTo(AuditEventType.SYSTEM_LOG_EXPORT);
        }
    }

    @Test
    void aFailedExportIsAuditedAsAnErrorAndLeavesTheTargetAlone() throws IOException {
        try (AuditStore store = open()) {
            OutputStream broken = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("disk full");
                }
            };
            for (int i = 0; i < 2000; i++) {
                store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            }
            assertThatThrownBy(() -> store.exportCsv(AuditQuery.of(AuditLogKind.FIREWALL), broken, "User"))
                    .isInstanceOf(IOException.class).hasMessage("disk full");
            AuditRecord audit = store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records().getFirst();
            assertThat(audit.event()).isEqualTo(AuditEventType.LOG_EXPORT_ERROR);
            assertThat(audit.subject()).isEqualTo("User");

            Path target = dir.resolve("missing-dir").resolve("x.csv");
            assertThatThrownBy(() -> store.exportCsv(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM), target, "Administrator"))
                    .isInstanceOf(IOException.class);
            assertThat(store.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records().getFirst().event())
                    .isEqualTo(AuditEventType.SYSTEM_LOG_EXPORT_ERROR);
            assertThat(target).doesNotExist();

            // The rename fails after the whole export was written: the target stays as it was, the temporary file goes.
            Path occupied = Files.createDirectories(dir.resolve("occupied"));
            Files.writeString(occupied.resolve("keep"), "x");
            assertThatThrownBy(() -> store.exportCsv(AuditQuery.of(AuditLogKind.FIREWALL), occupied, "Administrator"))
                    .isInstanceOf(IOException.class);
            assertThat(occupied.resolve("keep")).hasContent("x");
            assertThat(store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records().getFirst().event())
                    .isEqualTo(AuditEventType.LOG_EXPORT_ERROR);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(name -> name.startsWith(".occupied."));
            }
        }
    }

    @Test
    void afterReturnsWhatAForwarderMissedOldestFirst() {
        try (AuditStore store = open()) {
            for (int i = 0; i < 5; i++) {
                store.record(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES);
            }
            List<AuditRecord> missed = store.after(AuditLogKind.FIREWALL, 3, 10);
            assertThat(missed).extracting(AuditRecord::sequence).containsExactly(4L, 5L, 6L);
        }
    }
}
