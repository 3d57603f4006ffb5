package dev.palisade.system.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.ConfigDocument;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole self-test run on a real audit store: report, overall result, and what it records. */
class SelfTestTest {

    @TempDir
    Path dir;

    private AuditStore store;

    @BeforeEach
    void open() {
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static List<String> texts(AuditStore store, AuditLogKind log) {
        return store.page(AuditQuery.of(log)).records().stream().map(AuditRecord::text).toList();
    }

    private static List<AuditRecord> records(AuditStore store) {
        return store.page(AuditQuery.of(AuditLogKind.OPERATING_SYSTEM)).records().reversed();
    }

    private List<SelfTestCheck> checks(TrafficBlockingCheck traffic) {
        return List.of(new AuditCheck(store), new PasswordCheck(), new CertificateCheck(Clock.systemUTC()), traffic,
                new IpsCheck(Optional::empty));
    }

    @Test
    void passingRunIsReportedAndAudited() {
        var config = ConfigDocument.defaults().config();
        SelfTest test = new SelfTest(checks(new TrafficBlockingCheck(() -> config)), store, Clock.systemUTC());
        SelfTestReport report = test.run("admin");

        assertThat(report.overall()).as(report.format()).isEqualTo(CheckStatus.PASSED);
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly(AuditCheck.NAME, PasswordCheck.NAME,
                CertificateCheck.NAME, TrafficBlockingCheck.NAME, IpsCheck.NAME);
        assertThat(report.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.PASSED, CheckStatus.PASSED,
                CheckStatus.PASSED, CheckStatus.PASSED, CheckStatus.NOT_RUN);
        assertThat(report.format()).startsWith("self-test passed (started ").contains("industrial IPS: not run\n    no industrial IPS is installed");
        assertThat(test.lastReport()).isSameAs(report);

        List<AuditRecord> os = records(store);
        assertThat(os).extracting(AuditRecord::event).containsSubsequence(AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START,
                AuditEventType.AUDIT_SUBSYSTEM_TEST_MESSAGE, AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_SUCCESS);
        assertThat(os).extracting(AuditRecord::event).doesNotContain(AuditEventType.OPERATING_SYSTEM_ERROR_DURING_SELF_TESTING);
        assertThat(os.stream().filter(r -> r.event() == AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START).findFirst().orElseThrow().subject())
                .isEqualTo("admin");
    }

    @Test
    void failedCheckFailsTheRunAndIsAuditedWithItsDetails() {
        TrafficBlockingCheck broken = new TrafficBlockingCheck(() -> TestConfigs.router().build(),
                c -> TrafficBlockingCheck.FRESH_ENGINE.apply(TestConfigs.router().rule("accept", "Out", "any", "any", "any", "any", "any").build()));
        SelfTestReport report = new SelfTest(checks(broken), store, Clock.systemUTC()).run(SelfTest.AUTOMATIC);

        assertThat(report.overall()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.failures()).extracting(CheckResult::name).containsExactly(TrafficBlockingCheck.NAME);
        assertThat(report.check(AuditCheck.NAME).status()).isEqualTo(CheckStatus.PASSED);
        List<AuditRecord> os = records(store);
        assertThat(os).extracting(AuditRecord::event).containsSubsequence(AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START,
                AuditEventType.OPERATING_SYSTEM_ERROR_DURING_SELF_TESTING, AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_ERRORS);
        assertThat(os).extracting(AuditRecord::text).anyMatch(t -> t.startsWith(
                "Operating system error during self-testing detected: traffic blocking: WAN 203.0.113.7 -> LAN host 192.168.1.2:9 TCP SYN: ACCEPT at custom-allow"));
    }

    @Test
    void aThrowingCheckIsAFailureAndTheOthersStillRun() {
        SelfTestCheck crashing = new SelfTestCheck() {
            @Override
            public String name() {
                return "industrial IPS";
            }

            @Override
            public CheckOutcome run() {
                throw new IllegalStateException("detector thread died");
            }
        };
        TrafficBlockingCheck noEngine = new TrafficBlockingCheck(() -> TestConfigs.router().build(), c -> {
            throw new IllegalStateException("cannot build the engine");
        });
        SelfTestReport report = new SelfTest(List.of(crashing, noEngine, new AuditCheck(store)), store, Clock.systemUTC()).run("admin");
        assertThat(report.checks()).extracting(CheckResult::status).containsExactly(CheckStatus.FAILED, CheckStatus.FAILED, CheckStatus.PASSED);
        assertThat(report.checks().getFirst().summary()).contains("detector thread died");
        assertThat(report.checks().get(1).summary()).contains("cannot build the engine");
    }

    @Test
    void anInitiatorMustNameWhoStartedIt() {
        SelfTest test = new SelfTest(List.of(new IpsCheck(Optional::empty)), store, Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> test.run(" ")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> test.run("System: SelfTestManager")).isInstanceOf(IllegalArgumentException.class);
        assertThat(test.lastReport()).isNull();
    }

    @Test
    void notRunAloneDoesNotFailTheRun() {
        SelfTestReport report = new SelfTest(List.of(new IpsCheck(Optional::empty)), store, Clock.systemUTC()).run("admin");
        assertThat(report.passed()).isTrue();
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void freshEngineFactoryBuildsANewEngineEachTime() {
        // Guards the public factory's contract: a fresh engine per call, never a shared one.
        var c = TestConfigs.router().build();
        TrafficEngine a = TrafficBlockingCheck.FRESH_ENGINE.apply(c);
        TrafficEngine b = TrafficBlockingCheck.FRESH_ENGINE.apply(c);
        assertThat(a).isNotSameAs(b);
    }
}
