package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog is complete in shape and every template renders only when fully filled in. */
class AuditEventTypeTest {

    @Test
    void everyEventIsDistinctAndComplete() {
        Set<String> seen = new HashSet<>();
        for (AuditEventType e : AuditEventType.values()) {
            assertThat(seen.add(e.eventName() + "\t" + e.text().template())).as("%s is listed once", e).isTrue();
            assertThat(e.logs()).as("%s has a log", e).isNotEmpty();
            assertThat(e.eventName()).isNotBlank();
            assertThat(e.text().template()).isNotBlank();
        }
        // The specification's two tables: 12 firewall rows and 76 operating-system rows, four
        // events (the audit subsystem's own) in both; plus Palisade's own: one firewall event and
        // the notification queue overflow, in both logs.
        long rows = Arrays.stream(AuditEventType.values()).mapToLong(e -> e.logs().size()).sum();
        assertThat(rows).isEqualTo(88 + 1 + 2);
        assertThat(Arrays.stream(AuditEventType.values()).filter(e -> e.logs().contains(AuditLogKind.FIREWALL))).hasSize(12 + 1 + 1);
        assertThat(AuditEventType.NOTIFICATION_QUEUE_OVERFLOW.text().placeholders()).containsExactly("number", "destination");
        assertThat(AuditEventType.APPLICATION_PROTOCOL_TRAFFIC_BLOCKED.text().placeholders())
                .containsExactly("source address", "destination address", "port", "protocol");
    }

    @Test
    void theEventsTheEngineRaisesExist() {
        assertThat(AuditEventType.TRAFFIC_BLOCKING.subject()).isEqualTo(Subject.system("TrafficController"));
        assertThat(AuditEventType.TRAFFIC_BLOCKING.severity()).isEqualTo(Severity.WARNING);
        assertThat(AuditEventType.ERROR_CREATING_ROUTE.eventName()).isEqualTo("TrafficController: Error creating route");
        assertThat(AuditEventType.CHANGING_THE_CONFIGURATION_OF_FIREWALL_RULES.logs()).containsExactly(AuditLogKind.FIREWALL);
        assertThat(AuditEventType.AUDIT_SUBSYSTEM_START.logs()).containsExactlyInAnyOrder(AuditLogKind.FIREWALL, AuditLogKind.OPERATING_SYSTEM);
    }

    @Test
    void templatesRenderWithEveryPlaceholderAndNothingElse() {
        EventText t = AuditEventType.TRAFFIC_BLOCKING.text();
        assertThat(t.placeholders()).containsExactly("IP address");
        assertThat(t.render(Map.of("IP address", "203.0.113.66"))).isEqualTo("The traffic from the device 203.0.113.66 is blocked");
        assertThatThrownBy(() -> t.render(Map.of())).hasMessageContaining("<IP address>");
        assertThatThrownBy(() -> t.render(Map.of("IP address", "x", "user name", "y"))).hasMessageContaining("<user name>");
        for (AuditEventType e : AuditEventType.values()) {
            Map<String, String> values = new java.util.HashMap<>();
            e.text().placeholders().forEach(p -> values.put(p, "X"));
            assertThat(e.text().render(values)).doesNotContain("<").doesNotContain(">");
        }
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertThatThrownBy(() -> EventText.parse("a <b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventText.parse("a <> b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(EventText.parse("plain").render(Map.of())).isEqualTo("plain");
    }

    @Test
    void subjectsReadAsInTheTables() {
        assertThat(Subject.ADMINISTRATOR_OR_USER.label()).isEqualTo("Administrator or user");
        assertThat(Subject.system("Audit").label()).isEqualTo("System: Audit");
        assertThatThrownBy(() -> new Subject(Subject.Kind.SYSTEM, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
