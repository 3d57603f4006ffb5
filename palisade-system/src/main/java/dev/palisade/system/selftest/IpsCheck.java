package dev.palisade.system.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The industrial IPS check. The IPS itself answers through a {@link Probe} the service supplies:
 * how many rules it has loaded, and whether a known-bad packet run through a separate detector
 * built from those rules was detected. Passes only when rules are loaded and the packet was
 * detected; reports NOT RUN (never PASSED) when no IPS is installed.
 */
public final class IpsCheck implements SelfTestCheck {

    public static final String NAME = "industrial IPS";

    /** What the IPS reports about itself; {@code detail} says which packet and which rule. */
    public record ProbeResult(int rulesLoaded, boolean knownBadDetected, String detail) {
        public ProbeResult {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Runs the IPS's own diagnosis; may throw when the IPS has crashed (a failed check). */
    @FunctionalInterface
    public interface Probe {
        ProbeResult probe();
    }

    private final Supplier<Optional<Probe>> installed;
    private final Supplier<String> absentReason;

    /** @param installed the IPS's probe, or empty when no IPS is installed (asked at each run) */
    public IpsCheck(Supplier<Optional<Probe>> installed) {
        this(installed, () -> "no industrial IPS is installed");
    }

    /**
     * @param installed    the IPS's probe, or empty when there is no IPS to diagnose (asked at each run)
     * @param absentReason why there is none (asked when {@code installed} is empty): not installed,
     *                     or installed but not configured yet
     */
    public IpsCheck(Supplier<Optional<Probe>> installed, Supplier<String> absentReason) {
        this.installed = Objects.requireNonNull(installed, "installed");
        this.absentReason = Objects.requireNonNull(absentReason, "absentReason");
    }

    /** For a gateway (or a tool) that cannot reach the IPS: the check always reports NOT RUN with {@code reason}. */
    public static IpsCheck absent(String reason) {
        return new IpsCheck(Optional::empty, () -> reason);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckOutcome run() {
        Optional<Probe> probe = installed.get();
        if (probe.isEmpty()) {
            return CheckOutcome.notRun(absentReason.get());
        }
        ProbeResult r = probe.get().probe();
        List<String> details = new ArrayList<>();
        details.add(r.rulesLoaded() > 0 ? r.rulesLoaded() + " rules loaded" : "no rules loaded");
        details.add((r.knownBadDetected() ? "the known-bad packet was detected: " : "the known-bad packet was NOT detected: ") + r.detail());
        return CheckOutcome.of(r.rulesLoaded() > 0 && r.knownBadDetected(), details);
    }
}
