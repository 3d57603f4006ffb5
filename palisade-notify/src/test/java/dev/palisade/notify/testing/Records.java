package dev.palisade.notify.testing;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.time.Instant;
import java.util.Map;

/** Audit records for delivery tests: numbered, with characters the formats must escape. */
public final class Records {

    private static final Instant T0 = Instant.parse("2026-11-25T19:53:24.123456789Z");

    private Records() {
    }

    /**
     * Record {@code n}: events cycling through three severities and both logs; the text and
     * subject carry quotes, a backslash, a bracket and non-ASCII letters.
     */
    public static AuditRecord numbered(long n) {
        AuditEventType type = switch ((int) (n % 3)) {
            case 0 -> AuditEventType.TRAFFIC_BLOCKING;
            case 1 -> AuditEventType.USER_BLOCKED;
            default -> AuditEventType.LAUNCHING_AN_APPLICATION;
        };
        AuditLogKind log = type.logs().iterator().next();
        String text = switch (type) {
            case TRAFFIC_BLOCKING -> type.text().render(Map.of("IP address", "192.0.2." + (n % 250)));
            case LAUNCHING_AN_APPLICATION -> type.text().render(Map.of("application name", "Zähler \"v" + n + "\" [a\\b]"));
            default -> type.text().render(Map.of());
        };
        return new AuditRecord(log, n, T0.plusMillis(n), type, type.subject().label() + " ]\"\\ n=" + n, text + " #" + n);
    }
}
