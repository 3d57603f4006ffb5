package dev.palisade.system.selftest;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the self-test: every check in order, each isolated from the others (an exception is a
 * failed check), and audits the run in the operating-system log as the specification's
 * SelfTestManager does: "Operating system self-testing started" with who started it, one
 * "error during self-testing detected: &lt;check&gt;: &lt;details&gt;" per failed check, then the
 * result (completed successfully / errors detected). The audit check itself adds the audit
 * subsystem's test message to both logs.
 *
 * <p>It does not act on the result: the caller hands a failed report to
 * {@code dev.palisade.system.mode.EmergencySupport#enterOnFailure}. Thread-safe; runs are
 * serialized, so two administrators starting the test at once get two complete reports.
 */
public final class SelfTest {

    /** The initiator recorded for runs the service starts itself (at start, periodically). */
    public static final String AUTOMATIC = "palisade service";

    private static final System.Logger LOG = System.getLogger(SelfTest.class.getName());

    private final List<SelfTestCheck> checks;
    private final AuditStore audit;
    private final Clock clock;
    private volatile SelfTestReport last;

    public SelfTest(List<SelfTestCheck> checks, AuditStore audit, Clock clock) {
        this.checks = List.copyOf(checks);
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs every check and returns the report.
     *
     * @param initiator who started the run, as the audit subject: an account name, "Administrator",
     *     or {@link #AUTOMATIC}
     * @throws IllegalArgumentException when {@code initiator} is blank or names a system component
     */
    public synchronized SelfTestReport run(String initiator) {
        if (initiator == null || initiator.isBlank() || initiator.startsWith("System:")) {
            throw new IllegalArgumentException("the self-test's initiator must name who started it, not '" + initiator + "'");
        }
        Instant started = clock.instant();
        record(AuditEventType.OPERATING_SYSTEM_SELF_TESTING_START, initiator, Map.of());
        List<CheckResult> results = new ArrayList<>(checks.size());
        for (SelfTestCheck check : checks) {
            CheckOutcome outcome;
            try {
                outcome = Objects.requireNonNull(check.run(), "no outcome");
            } catch (RuntimeException e) {
                outcome = CheckOutcome.failed(List.of("the check itself failed: " + e));
            }
            CheckResult result = new CheckResult(check.name(), outcome.status(), outcome.details(), clock.instant());
            results.add(result);
            if (result.status() == CheckStatus.FAILED) {
                record(AuditEventType.OPERATING_SYSTEM_ERROR_DURING_SELF_TESTING, null,
                        Map.of("description", result.name() + ": " + result.summary()));
            }
        }
        SelfTestReport report = new SelfTestReport(initiator, started, clock.instant(), results);
        record(report.passed() ? AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_SUCCESS
                : AuditEventType.OPERATING_SYSTEM_SELF_TESTING_RESULT_ERRORS, null, Map.of());
        last = report;
        return report;
    }

    /** The report of the last run, or null before the first. */
    public SelfTestReport lastReport() {
        return last;
    }

    public List<String> checkNames() {
        return checks.stream().map(SelfTestCheck::name).toList();
    }

    // A broken audit store must not stop the self-test that diagnoses it: the audit check reports it.
    private void record(AuditEventType event, String subject, Map<String, String> values) {
        try {
            if (subject == null) {
                audit.record(event, values);
            } else {
                audit.record(event, subject, values);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "self-test: cannot record " + event + ": " + e.getMessage());
        }
    }
}
