package dev.palisade.system.selftest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one self-test run: who started it, when, and every check's result in run order.
 * The overall result is {@link CheckStatus#FAILED} when any check failed and
 * {@link CheckStatus#PASSED} otherwise; checks that could not run are listed as such but neither
 * pass nor fail the run. Immutable.
 */
public record SelfTestReport(String initiator, Instant started, Instant finished, List<CheckResult> checks) {

    public SelfTestReport {
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        checks = List.copyOf(checks);
    }

    public CheckStatus overall() {
        return failures().isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED;
    }

    public boolean passed() {
        return overall() == CheckStatus.PASSED;
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> c.status() == CheckStatus.FAILED).toList();
    }

    /** The result of the check named {@code name}, or null. */
    public CheckResult check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The plain-text report: a header line with the overall result, then one block per check
     * ({@code <name>: <status>} followed by its details indented).
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("self-test ").append(overall().label()).append(" (started ").append(started).append(" by ").append(initiator)
                .append(", finished ").append(finished).append(")\n");
        for (CheckResult c : checks) {
            sb.append(c.name()).append(": ").append(c.status().label()).append('\n');
            for (String d : c.details()) {
                sb.append("    ").append(d).append('\n');
            }
        }
        return sb.toString();
    }
}
