package dev.palisade.system.selftest;

/**
 * The outcome of one self-test check. {@link #NOT_RUN} means the check could not be carried out
 * (for example no industrial IPS is installed): it is never counted as passed, and it is not a
 * failure of a security function either.
 */
public enum CheckStatus {
    PASSED("passed"),
    FAILED("failed"),
    NOT_RUN("not run");

    private final String label;

    CheckStatus(String label) {
        this.label = label;
    }

    /** As shown in the report, the web interface and the API. */
    public String label() {
        return label;
    }
}
