package dev.palisade.management.diagnostics;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.system.integrity.FileCheck;
import dev.palisade.system.integrity.HostId;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.integrity.IntegrityChecker;
import dev.palisade.system.integrity.IntegrityReport;
import dev.palisade.system.integrity.IntegrityResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The administrator's integrity check: the installation checked against its signed manifest,
 * audited as the specification lists it ("Generation of the integrity check report started" by
 * the administrator, the check status, one violation event per object), and the report in the
 * specification's format kept for download until the next check. Unlike the check at start it
 * never enters emergency support mode: the administrator reads the report and decides.
 * Thread-safe; checks are serialized.
 */
public final class ManualIntegrityCheck {

    /** The outcome of the last manual check and its report. */
    public record Outcome(Instant time, String initiator, boolean intact, int files, int violations, Optional<String> manifestProblem,
            byte[] report) {
    }

    private final InstallationLayout layout;
    private final AuditStore audit;
    private final Clock clock;
    private volatile Outcome last;

    public ManualIntegrityCheck(InstallationLayout layout, AuditStore audit, Clock clock) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the check for {@code initiator} (an account name) and keeps its report. */
    public synchronized Outcome run(String initiator) throws IOException {
        audit.record(AuditEventType.GENERATION_OF_THE_INTEGRITY_CHECK_REPORT, initiator,
                Map.of("description", "manual check of " + layout.distribution() + " and " + layout.dataDir()));
        IntegrityResult result = new IntegrityChecker(clock).check(layout);
        audit.record(AuditEventType.INTEGRITY_CHECK_STATUS, Map.of("status", result.intact() ? "OK"
                : "violated (" + result.violations().size() + " object(s))" + result.manifestProblem().map(p -> ": " + p).orElse("")));
        for (FileCheck f : result.violations()) {
            audit.record(AuditEventType.OBJECT_INTEGRITY_VIOLATION, Map.of("object", f.path(), "description", f.status().text()));
        }
        Instant now = clock.instant();
        byte[] report = IntegrityReport.render(result, HostId.resolve(layout.dataDir()), now);
        Outcome outcome = new Outcome(now, initiator, result.intact(), result.files().size(), result.violations().size(),
                result.manifestProblem(), report);
        last = outcome;
        return outcome;
    }

    /** The last manual check, if any since the service started. */
    public Optional<Outcome> last() {
        return Optional.ofNullable(last);
    }
}
