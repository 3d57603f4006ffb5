package dev.palisade.system.mode;

/** Why emergency support mode was entered; each has a check the service re-runs after a restart. */
public enum EmergencyCause {
    /** A self-test check failed. Re-check: the self-test. */
    SELF_TEST_FAILED("self-test failed"),
    /** The integrity check at start found a violation. Re-check: the integrity check. */
    INTEGRITY_VIOLATION("integrity violation"),
    /** The industrial IPS crashed, has no rules, cannot load them, or failed its own diagnosis. Re-check: the IPS start. */
    IPS_FAILED("industrial IPS failure");

    private final String text;

    EmergencyCause(String text) {
        this.text = text;
    }

    /** As written into the audit record and shown with the mode. */
    public String text() {
        return text;
    }
}
