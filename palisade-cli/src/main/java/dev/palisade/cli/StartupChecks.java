package dev.palisade.cli;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.system.integrity.FileCheck;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.integrity.IntegrityChecker;
import dev.palisade.system.integrity.IntegrityKeys;
import dev.palisade.system.integrity.IntegrityResult;
import dev.palisade.system.mode.EmergencyCause;
import dev.palisade.system.mode.EmergencyListener;
import dev.palisade.system.mode.EmergencySupport;
import dev.palisade.system.selftest.AuditCheck;
import dev.palisade.system.selftest.CertificateCheck;
import dev.palisade.system.selftest.IpsCheck;
import dev.palisade.system.selftest.PasswordCheck;
import dev.palisade.system.selftest.SelfTest;
import dev.palisade.system.selftest.SelfTestReport;
import dev.palisade.system.selftest.TrafficBlockingCheck;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the service checks before it forwards traffic: the integrity of the installation and the
 * self-test, then the operating mode (emergency support mode is entered, or kept from the previous
 * run while its cause remains). Both checks run on every start, so the answer to "is the cause of
 * the stored emergency still there?" is simply the fresh result.
 */
final class StartupChecks {

    /** The outcome of the start-up checks: the operating mode controller and the self-test to re-run on demand. */
    record Outcome(EmergencySupport emergency, SelfTest selfTest, SelfTestReport report, Optional<String> integrityProblem) {
    }

    private StartupChecks() {
    }

    /**
     * @param running the configuration in force whenever the self-test runs (at start the stored one; later what the
     *     management service applied), so a self-test started from the web interface checks what runs now
     * @param ips     the industrial IPS check over the running Network Protector
     */
    static Outcome run(Path data, Path distribution, GatewayConfig config, Supplier<GatewayConfig> running, AuditStore audit,
            Consumer<Boolean> emergencySwitch, EmergencyListener listener, Clock clock, IpsCheck ips) {
        Optional<String> integrity = checkIntegrity(data, distribution, audit, clock);
        SelfTest selfTest = new SelfTest(List.of(new AuditCheck(audit), new PasswordCheck(), new CertificateCheck(clock),
                new TrafficBlockingCheck(running), ips), audit, clock);
        SelfTestReport report = selfTest.run(SelfTest.AUTOMATIC);
        EmergencySupport emergency = new EmergencySupport(data, audit, clock, emergencySwitch, listener);
        emergency.start(config.modeSwitch(), cause -> switch (cause) {
            case SELF_TEST_FAILED -> report.passed() ? Optional.empty() : Optional.of(failures(report));
            case INTEGRITY_VIOLATION -> integrity;
            // an IPS failure clears with the restart: the protector is started afresh and enters again if it fails again
            case IPS_FAILED -> Optional.empty();
        });
        emergency.enterOnFailure(report);
        integrity.ifPresent(problem -> emergency.enter(EmergencyCause.INTEGRITY_VIOLATION, problem));
        return new Outcome(emergency, selfTest, report, integrity);
    }

    private static String failures(SelfTestReport report) {
        return "failed checks: " + report.failures().stream().map(c -> c.name()).collect(Collectors.joining(", "));
    }

    /**
     * Checks the installation against its signed manifest. Empty when intact, or when this data
     * directory has no pinned key (integrity control not set up: reported, not an emergency, since
     * there is nothing to compare with); otherwise what is violated in the applications.
     */
    static Optional<String> checkIntegrity(Path data, Path distribution, AuditStore audit, Clock clock) {
        if (!Files.exists(data.resolve(IntegrityKeys.PINNED_KEY), LinkOption.NOFOLLOW_LINKS)) {
            audit.record(AuditEventType.INTEGRITY_CHECK_STATUS, Map.of("status",
                    "not set up for this data directory (no pinned key); run palisade integrity generate"));
            return Optional.empty();
        }
        // a pinned key that cannot be read is a violation, not a missing set-up: the checker reports it
        IntegrityResult result = new IntegrityChecker(clock).check(new InstallationLayout(distribution, data));
        audit.record(AuditEventType.INTEGRITY_CHECK_STATUS, Map.of("status", result.intact() ? "OK"
                : "violated (" + result.violations().size() + " object(s))"));
        for (FileCheck f : result.violations()) {
            audit.record(AuditEventType.OBJECT_INTEGRITY_VIOLATION, Map.of("object", f.path(), "description", f.status().text()));
        }
        if (!result.applicationsViolated()) {
            return Optional.empty();
        }
        List<String> objects = result.violations().stream().filter(f -> !f.section().equals("system"))
                .map(FileCheck::path).toList();
        for (String object : objects) {
            audit.record(AuditEventType.UNTRUSTED_APPLICATION, Map.of("application name", object));
        }
        return Optional.of("integrity violated in applications: "
                + result.manifestProblem().orElse(String.join(", ", objects)));
    }
}
