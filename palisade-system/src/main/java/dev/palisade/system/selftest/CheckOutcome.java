package dev.palisade.system.selftest;

import java.util.List;
import java.util.Objects;

/** What one check found: its status and the facts behind it, one line each. Immutable. */
public record CheckOutcome(CheckStatus status, List<String> details) {

    public CheckOutcome {
        Objects.requireNonNull(status, "status");
        details = List.copyOf(details);
    }

    public static CheckOutcome passed(List<String> details) {
        return new CheckOutcome(CheckStatus.PASSED, details);
    }

    public static CheckOutcome failed(List<String> details) {
        return new CheckOutcome(CheckStatus.FAILED, details);
    }

    public static CheckOutcome notRun(String reason) {
        return new CheckOutcome(CheckStatus.NOT_RUN, List.of(reason));
    }

    /** Passed when every fact held, failed otherwise; the details list all of them. */
    public static CheckOutcome of(boolean ok, List<String> details) {
        return ok ? passed(details) : failed(details);
    }
}
