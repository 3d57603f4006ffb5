package dev.palisade.system.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.model.ModeSwitch;
import dev.palisade.engine.Decision;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.FrameSink;
import dev.palisade.engine.TrafficEngine;
import dev.palisade.packet.LinkLayer;
import dev.palisade.policy.Stage;
import dev.palisade.policy.Verdict;
import dev.palisade.routing.Interface;
import dev.palisade.system.selftest.CheckResult;
import dev.palisade.system.selftest.CheckStatus;
import dev.palisade.system.selftest.SelfTestReport;
import dev.palisade.testing.Frames;
import dev.palisade.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every transition of the operating mode on a real audit store and a real engine: entering
 * emergency (records, callbacks, the engine's verdicts), persistence across a simulated restart
 * with the cause re-checked, restore, and the sticky developer / non-immune flags.
 */
class EmergencySupportTest {

    private static final ModeSwitch PLAIN = new ModeSwitch(true, false, false);

    @TempDir
    Path dir;

    private AuditStore store;
    private TrafficEngine engine;
    private final List<String> calls = new ArrayList<>();
    private final EmergencyListener listener = new EmergencyListener() {
        @Override
        public void endSessions() {
            calls.add("end sessions");
        }

        @Override
        public void stopApplications() {
            calls.add("stop applications");
        }
    };

    @BeforeEach
    void open() {
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
        // LAN hosts may reach anything on the WAN (custom-allow): what emergency-deny must override.
        engine = new TrafficEngine(TestConfigs.router().rule("accept", "In", "any", "any", "any", "any", "any").build(),
                EngineOptions.defaults().withConnectionCapacity(64), FrameSink.DISCARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private EmergencySupport support() {
        return new EmergencySupport(dir, store, Clock.systemUTC(), engine::setEmergency, listener);
    }

    private Decision lanToWan(int sourcePort) {
        byte[] f = Frames.tcp("192.168.1.30", sourcePort, "203.0.113.10", 502).syn().build();
        return engine.process(Interface.LAN, LinkLayer.ETHERNET, f, 0, f.length, 1_000_000L * sourcePort, sourcePort);
    }

    private List<AuditRecord> log(AuditLogKind kind) {
        return store.page(AuditQuery.of(kind)).records().reversed();
    }

    private List<AuditEventType> events(AuditLogKind kind) {
        return log(kind).stream().map(AuditRecord::event).toList();
    }

    @Test
    void enteringBlocksTransitTrafficRecordsWhyAndEndsSessionsAndApplications() {
        EmergencySupport s = support();
        assertThat(s.start(PLAIN, c -> fail("nothing stored to re-check"))).isEqualTo(OperatingMode.NORMAL);
        Decision before = lanToWan(40000);
        assertThat(before.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(before.stage()).isEqualTo(Stage.CUSTOM_ALLOW);

        assertThat(s.enter(EmergencyCause.SELF_TEST_FAILED, "failed checks: traffic blocking")).isTrue();

        assertThat(engine.emergency()).isTrue();
        Decision after = lanToWan(40001);
        assertThat(after.verdict()).isEqualTo(Verdict.DROP);
        assertThat(after.stage()).isEqualTo(Stage.EMERGENCY_DENY);
        assertThat(calls).containsExactly("end sessions", "stop applications");
        assertThat(s.mode().inEmergency()).isTrue();
        assertThat(s.mode().displayName()).isEqualTo("Emergency support mode");
        assertThat(s.mode().emergency()).extracting(EmergencyReason::cause).containsExactly(EmergencyCause.SELF_TEST_FAILED);

        List<AuditRecord> os = log(AuditLogKind.OPERATING_SYSTEM);
        assertThat(os).extracting(AuditRecord::text).contains(
                "A critical operating system error is detected. Emergency support mode is enabled: self-test failed: failed checks: traffic blocking",
                "Operating system functions (web sessions, applications, transit traffic) are limited as emergency support mode is active");
        assertThat(events(AuditLogKind.FIREWALL)).doesNotContain(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
    }

    @Test
    void anIpsFailureIsAlsoRecordedInTheFirewallLog() {
        EmergencySupport s = support();
        s.start(PLAIN, c -> Optional.empty());
        s.enter(EmergencyCause.IPS_FAILED, "no traffic filtering rules defined");
        assertThat(events(AuditLogKind.FIREWALL)).contains(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
        assertThat(events(AuditLogKind.OPERATING_SYSTEM)).contains(AuditEventType.ENABLING_THE_EMERGENCY_SUPPORT_MODE);
    }

    @Test
    void aSecondCauseIsAddedWithoutRepeatingTheShutdownAndTheSameCauseIsIgnored() {
        EmergencySupport s = support();
        s.start(PLAIN, c -> Optional.empty());
        s.enter(EmergencyCause.SELF_TEST_FAILED, "a");
        assertThat(s.enter(EmergencyCause.SELF_TEST_FAILED, "again")).isFalse();
        assertThat(s.enter(EmergencyCause.INTEGRITY_VIOLATION, "app.jar integrity violated")).isTrue();
        assertThat(calls).containsExactly("end sessions", "stop applications");
        assertThat(s.mode().emergency()).extracting(EmergencyReason::cause).containsExactly(EmergencyCause.SELF_TEST_FAILED,
                EmergencyCause.INTEGRITY_VIOLATION);
        assertThat(events(AuditLogKind.OPERATING_SYSTEM).stream().filter(e -> e == AuditEventType.ENABLING_THE_EMERGENCY_SUPPORT_MODE)).hasSize(2);
        assertThat(events(AuditLogKind.OPERATING_SYSTEM).stream().filter(e -> e == AuditEventType.LIMITING_THE_OPERATING_SYSTEM_FUNCTIONS)).hasSize(1);
    }

    @Test
    void afterARestartEmergencyIsEnteredAgainWhileTheCauseRemains() {
        support().start(PLAIN, c -> Optional.empty());
        support().enter(EmergencyCause.INTEGRITY_VIOLATION, "app.jar integrity violated");

        // Restart: a fresh engine (not in emergency) and a fresh controller over the same data directory.
        engine.setEmergency(false);
        calls.clear();
        List<EmergencyCause> rechecked = new ArrayList<>();
        EmergencySupport restarted = support();
        OperatingMode mode = restarted.start(PLAIN, c -> {
            rechecked.add(c);
            return Optional.of("app.jar integrity still violated");
        });
        assertThat(rechecked).containsExactly(EmergencyCause.INTEGRITY_VIOLATION);
        assertThat(mode.inEmergency()).isTrue();
        assertThat(mode.emergency().getFirst().description()).isEqualTo("app.jar integrity still violated");
        assertThat(engine.emergency()).isTrue();
        assertThat(lanToWan(40002).stage()).isEqualTo(Stage.EMERGENCY_DENY);
        assertThat(calls).containsExactly("end sessions", "stop applications");
        assertThat(log(AuditLogKind.OPERATING_SYSTEM)).extracting(AuditRecord::text)
                .contains("A critical operating system error is detected. Emergency support mode is enabled: integrity violation: app.jar integrity still violated");
    }

    @Test
    void afterARestartWithTheCauseGoneTheGatewayRunsNormally() {
        support().enter(EmergencyCause.SELF_TEST_FAILED, "failed checks: audit");
        engine.setEmergency(false);
        OperatingMode mode = support().start(PLAIN, c -> Optional.empty());
        assertThat(mode).isEqualTo(OperatingMode.NORMAL);
        assertThat(engine.emergency()).isFalse();
        assertThat(lanToWan(40003).verdict()).isEqualTo(Verdict.ACCEPT);
        // And the next restart has nothing left to re-check.
        assertThat(support().start(PLAIN, c -> fail("cleared cause re-checked")).inEmergency()).isFalse();
    }

    @Test
    void aRestoreClearsEmergencyForTheFollowingRestart() {
        EmergencySupport s = support();
        s.enter(EmergencyCause.IPS_FAILED, "IPS not responding");
        s.clearOnRestore();
        // Until the restart the running gateway stays in emergency.
        assertThat(s.mode().inEmergency()).isTrue();
        assertThat(engine.emergency()).isTrue();
        engine.setEmergency(false);
        assertThat(support().start(PLAIN, c -> fail("a restore cleared it")).inEmergency()).isFalse();
    }

    @Test
    void aFailedSelfTestReportEntersAndAPassedOneDoesNot() {
        EmergencySupport s = support();
        Instant now = Instant.now();
        SelfTestReport passed = new SelfTestReport("admin", now, now, List.of(new CheckResult("audit", CheckStatus.PASSED, List.of(), now)));
        SelfTestReport failed = new SelfTestReport("admin", now, now, List.of(new CheckResult("audit", CheckStatus.PASSED, List.of(), now),
                new CheckResult("traffic blocking", CheckStatus.FAILED, List.of("x"), now)));
        assertThat(s.enterOnFailure(passed)).isFalse();
        assertThat(s.mode().inEmergency()).isFalse();
        assertThat(s.enterOnFailure(failed)).isTrue();
        assertThat(s.mode().emergency().getFirst().text()).isEqualTo("self-test failed: failed checks: traffic blocking");
    }

    @Test
    void failingCallbacksDoNotKeepTheGatewayOutOfEmergency() {
        EmergencyListener broken = new EmergencyListener() {
            @Override
            public void endSessions() {
                throw new IllegalStateException("web server gone");
            }

            @Override
            public void stopApplications() {
                calls.add("stop applications");
            }
        };
        EmergencySupport s = new EmergencySupport(dir, store, Clock.systemUTC(), engine::setEmergency, broken);
        assertThat(s.enter(EmergencyCause.SELF_TEST_FAILED, "x")).isTrue();
        assertThat(engine.emergency()).isTrue();
        assertThat(calls).containsExactly("stop applications");
        assertThat(s.mode().inEmergency()).isTrue();
    }

    @Test
    void developerAndNonImmuneModesAreStickyAndRecorded() {
        EmergencySupport s = support();
        s.start(PLAIN, c -> Optional.empty());
        assertThat(events(AuditLogKind.OPERATING_SYSTEM)).doesNotContain(AuditEventType.ENABLING_THE_DEVELOPER_MODE);

        s.applyModeSwitch(new ModeSwitch(true, true, false));
        assertThat(s.mode().developer()).isTrue();
        assertThat(s.mode().displayName()).isEqualTo("Developer mode");
        s.applyModeSwitch(new ModeSwitch(true, false, true));
        assertThat(s.mode().developer()).isTrue();
        assertThat(s.mode().nonImmune()).isTrue();
        assertThat(s.mode().displayName()).isEqualTo("Non-immune mode, Developer mode");
        s.applyModeSwitch(PLAIN);
        assertThat(events(AuditLogKind.OPERATING_SYSTEM).stream().filter(e -> e == AuditEventType.ENABLING_THE_DEVELOPER_MODE)).hasSize(1);
        assertThat(events(AuditLogKind.OPERATING_SYSTEM).stream().filter(e -> e == AuditEventType.ENABLING_THE_NON_IMMUNE_MODE)).hasSize(1);

        // A restart with both switched off in the configuration: still on, and recorded again as the device runs in them.
        OperatingMode mode = support().start(PLAIN, c -> Optional.empty());
        assertThat(mode.developer()).isTrue();
        assertThat(mode.nonImmune()).isTrue();
        assertThat(mode.inEmergency()).isFalse();
        assertThat(events(AuditLogKind.OPERATING_SYSTEM).stream().filter(e -> e == AuditEventType.ENABLING_THE_DEVELOPER_MODE)).hasSize(2);
    }

    @Test
    void anUnreadableModeFileIsTreatedAsAnIntegrityViolation() throws IOException {
        Files.writeString(dir.resolve(ModeFile.NAME), "developer=maybe\n");
        List<EmergencyCause> rechecked = new ArrayList<>();
        OperatingMode mode = support().start(PLAIN, c -> {
            rechecked.add(c);
            return Optional.of("mode file damaged");
        });
        assertThat(rechecked).containsExactly(EmergencyCause.INTEGRITY_VIOLATION);
        assertThat(mode.inEmergency()).isTrue();
        // Re-writing it healed the file: the next start reads it.
        assertThat(new ModeFile(dir).read().emergency()).extracting(EmergencyReason::cause).containsExactly(EmergencyCause.INTEGRITY_VIOLATION);
    }

    @Test
    void theStateFileIsReplacedAtomicallyWithoutLeftovers() throws IOException {
        EmergencySupport s = support();
        s.enter(EmergencyCause.SELF_TEST_FAILED, "line one\nline two = with separators: #!");
        s.applyModeSwitch(new ModeSwitch(true, true, false));
        OperatingMode read = new ModeFile(dir).read();
        assertThat(read).isEqualTo(s.mode());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void modeDescriptionNamesTheCauseAndHowToLeave() {
        EmergencySupport s = support();
        assertThat(s.mode().displayName()).isEqualTo("Normal mode");
        assertThat(s.mode().description()).isEqualTo("The gateway operates normally.");
        s.enter(EmergencyCause.IPS_FAILED, "rules cannot be loaded");
        assertThat(s.mode().description()).contains("industrial IPS failure: rules cannot be loaded").contains("restart").contains("restore");
    }
}
