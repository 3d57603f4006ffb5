package dev.palisade.config;

import dev.palisade.config.model.AuditLogSettings;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Binds the optional {@code SETTINGS.AUDIT} object; absent keys take {@link AuditLogSettings#DEFAULTS}. */
final class AuditLogBinder {

    private AuditLogBinder() {
    }

    /** The audit log settings of the document; null when they have errors (they are reported). */
    static AuditLogSettings bind(ObjectNode tree, Problems problems) {
        if (!(tree.get("SETTINGS") instanceof ObjectNode settings) || !settings.has("AUDIT")) {
            return AuditLogSettings.DEFAULTS;
        }
        Fields audit = Fields.of(settings.get("AUDIT"), JsonPath.child(JsonPath.child(JsonPath.ROOT, "SETTINGS"), "AUDIT"), problems)
                .orElse(null);
        if (audit == null) {
            return null;
        }
        audit.warnUnknown(Set.of("firewall_capacity", "os_capacity", "warn_free_percent"));
        int before = problems.errorCount();
        AuditLogSettings d = AuditLogSettings.DEFAULTS;
        long firewall = audit.integer("firewall_capacity", false, AuditLogSettings.MIN_CAPACITY, AuditLogSettings.MAX_CAPACITY)
                .orElse(d.firewallCapacity());
        long os = audit.integer("os_capacity", false, AuditLogSettings.MIN_CAPACITY, AuditLogSettings.MAX_CAPACITY)
                .orElse(d.operatingSystemCapacity());
        long warn = audit.integer("warn_free_percent", false, AuditLogSettings.MIN_WARN_PERCENT, AuditLogSettings.MAX_WARN_PERCENT)
                .orElse(d.warnFreePercent());
        if (problems.errorCount() != before) {
            return null;
        }
        return new AuditLogSettings((int) firewall, (int) os, (int) warn);
    }
}
