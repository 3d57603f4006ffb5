package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded logs: the warning before the first overwrite, the overwrite notices, the chain across overwrites. */
class AuditCapacityTest {

    private static final AuditEventType EVENT = AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES;

    @TempDir
    Path dir;

    /** Capacity 16, warning when at most 25 % (4 records) is free. */
    private AuditStore open() {
        return AuditStore.open(dir.resolve("audit.db"), new AuditLimits(16, 16, 25), Clock.systemUTC());
    }

    private static List<AuditRecord> firewall(AuditStore store) {
        return store.page(AuditQuery.of(AuditLogKind.FIREWALL)).records().reversed();
    }

    @Test
    void theWarningComesWhenFourRecordsAreFreeAndSaysHowManyAreLeft() {
        try (AuditStore store = open()) {
            List<AuditRecord> written = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                written.addAll(store.record(EVENT));
            }
            assertThat(written).extracting(AuditRecord::event).containsOnly(EVENT);
            List<AuditRecord> eleventh = store.record(EVENT);   // the log now holds 12: 4 free
            assertThat(eleventh).extracting(AuditRecord::event).containsExactly(EVENT, AuditEventType.AUDIT_LOG_IS_RUNNING_OUT_OF_SPACE);
            assertThat(eleventh.get(1).sequence()).isEqualTo(13);
            assertThat(eleventh.get(1).text()).isEqualTo("The audit log will be overwritten after 3 entries");
            assertThat(eleventh.get(1).subject()).isEqualTo("System: Audit");
            for (int i = 0; i < 3; i++) {
                assertThat(store.record(EVENT)).extracting(AuditRecord::event).containsExactly(EVENT);
            }
            assertThat(firewall(store)).hasSize(16).first().extracting(AuditRecord::sequence).isEqualTo(1L);
        }
    }

    @Test
    void theFirstOverwriteIsAnnouncedThenAgainAfterEachFullTurnAndTheChainStillVerifies() {
        try (AuditStore store = open()) {
            for (int i = 0; i < 14; i++) {
                store.record(EVENT);                             // 1 start + 14 + 1 warning = 16: full
            }
            List<AuditRecord> first = store.record(EVENT);
            assertThat(first).extracting(AuditRecord::event).containsExactly(AuditEventType.AUDIT_LOG_OVERWRITE, EVENT);
            assertThat(first.getFirst().text()).isEqualTo("Audit log is overwritten due to full storage");
            assertThat(firewall(store)).hasSize(16).first().extracting(AuditRecord::sequence).isEqualTo(3L);

            List<Long> notices = new ArrayList<>();
            notices.add(first.getFirst().sequence());
            for (int i = 0; i < 100; i++) {
                for (AuditRecord r : store.record(EVENT)) {
                    if (r.event() == AuditEventType.AUDIT_LOG_OVERWRITE) {
                        notices.add(r.sequence());
                    }
                    assertThat(r.event()).isNotEqualTo(AuditEventType.AUDIT_LOG_IS_RUNNING_OUT_OF_SPACE);
                }
                assertThat(firewall(store)).hasSize(16);
            }
            // A notice every 16 overwritten records, so the log always shows that it has wrapped.
            for (int i = 1; i < notices.size(); i++) {
                assertThat(notices.get(i) - notices.get(i - 1)).isEqualTo(16);
            }
            assertThat(notices).hasSizeGreaterThanOrEqualTo(6);
            assertThat(firewall(store)).extracting(AuditRecord::event).contains(AuditEventType.AUDIT_LOG_OVERWRITE);
            ChainReport report = store.verify(AuditLogKind.FIREWALL);
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.checked()).isEqualTo(16);
            assertThat(report.firstSequence()).isGreaterThan(100);
            // The operating-system log only got the start event: nothing of this touched it.
            assertThat(store.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records()).hasSize(1);
        }
    }

    @Test
    void theOverwriteStateSurvivesAReopen() {
        try (AuditStore store = open()) {
            for (int i = 0; i < 16; i++) {
                store.record(EVENT);
            }
        }
        try (AuditStore store = open()) {                       // its start event overwrites again: no second notice yet
            List<AuditRecord> r = store.record(EVENT);
            assertThat(r).extracting(AuditRecord::event).containsExactly(EVENT);
            assertThat(store.verify(AuditLogKind.FIREWALL).ok()).isTrue();
            assertThat(store.verify(AuditLogKind.OPERATING_SYSTEM).ok()).isTrue();
        }
    }

    @Test
    void aSmallerCapacityTrimsAtTheNextRecordAndKeepsTheChain() {
        try (AuditStore store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC())) {
            for (int i = 0; i < 40; i++) {
                store.record(EVENT);
            }
        }
        try (AuditStore store = open()) {
            assertThat(firewall(store)).hasSize(16);
            assertThat(firewall(store)).extracting(AuditRecord::event).contains(AuditEventType.AUDIT_LOG_OVERWRITE);
            assertThat(store.verify(AuditLogKind.FIREWALL).ok()).isTrue();
        }
    }
}
