package dev.palisade.audit;

/** How much attention an audit event needs, as the specification names the levels. */
public enum Severity {
    INFORMATIONAL("Informational"),
    WARNING("Warning"),
    CRITICAL("Critical");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
