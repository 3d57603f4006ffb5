package dev.palisade.audit;

/** The two audit logs of the gateway, with the keys the specification's tables use. */
public enum AuditLogKind {
    FIREWALL("firewall"),
    OPERATING_SYSTEM("os");

    private final String key;

    AuditLogKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
