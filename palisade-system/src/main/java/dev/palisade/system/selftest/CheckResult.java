package dev.palisade.system.selftest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one self-test check as reported: its name, status, what was verified or what went
 * wrong (one line per fact), and when it finished. Immutable.
 */
public record CheckResult(String name, CheckStatus status, List<String> details, Instant finished) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finished, "finished");
        details = List.copyOf(details);
    }

    /** The details on one line, as written to the audit log. */
    public String summary() {
        return String.join("; ", details);
    }
}
