package dev.palisade.notify.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 5424 messages byte for byte, and read back by an independent grammar reader. */
class Rfc5424FormatterTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static AuditRecord record(AuditEventType type, String subject, String text) {
        return new AuditRecord(type.logs().iterator().next(), 42, Instant.parse("2026-11-25T19:53:24.1234567Z"), type, subject, text);
    }

    @Test
    void aWarningAsRfc5424WithStructuredDataAndBom() throws Exception {
        AuditRecord r = record(AuditEventType.TRAFFIC_BLOCKING, "System: TrafficController",
                AuditEventType.TRAFFIC_BLOCKING.text().render(Map.of("IP address", "192.0.2.7")));
        byte[] m = new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "gateway1", 2048);
        String expectedHead = "<108>1 2026-11-25T19:53:24.123456Z gateway1 palisade - TRAFFIC_BLOCKING "
                + "[palisade@32473 event=\"TrafficController: Traffic blocking\" eventId=\"TRAFFIC_BLOCKING\" log=\"firewall\" "
                + "sequence=\"42\" severity=\"Warning\" subject=\"System: TrafficController\"] ";
        // <108> = facility 13 (log audit) * 8 + 4 (warning)
        byte[] head = expectedHead.getBytes(StandardCharsets.US_ASCII);
        byte[] text = "The traffic from the device 192.0.2.7 is blocked".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[head.length + 3 + text.length];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(BOM, 0, expected, head.length, 3);
        System.arraycopy(text, 0, expected, head.length + 3, text.length);
        assertThat(m).isEqualTo(expected);
    }

    @Test
    void severitiesAndFacilitiesMakeThePri() throws Exception {
        AuditRecord critical = record(AuditEventType.USER_BLOCKED, "System: Authenticator", "x");
        AuditRecord info = record(AuditEventType.LAUNCHING_AN_APPLICATION, "System: Launcher", "x");
        assertThat(Rfc5424Grammar.parse(new Rfc5424Formatter(Facility.LOG_AUDIT).format(critical, "h", 2048)).pri()).isEqualTo(13 * 8 + 2);
        assertThat(Rfc5424Grammar.parse(new Rfc5424Formatter(Facility.LOCAL7).format(info, "h", 2048)).pri()).isEqualTo(23 * 8 + 6);
        assertThat(Rfc5424Grammar.parse(new Rfc5424Formatter(Facility.KERN).format(critical, "h", 2048)).pri()).isEqualTo(2);
    }

    @Test
    void reservedCharactersAreEscapedAndReadBack() throws Exception {
        String subject = "Admin \"root\" \\ [x] ]";
        AuditRecord r = record(AuditEventType.LAUNCHING_AN_APPLICATION, subject, "Zähler ] \" \\ 日本");
        byte[] m = new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "gw", 2048);
        assertThat(new String(m, StandardCharsets.UTF_8)).contains("subject=\"Admin \\\"root\\\" \\\\ [x\\] \\]\"");
        Rfc5424Grammar.Message parsed = Rfc5424Grammar.parse(m);
        assertThat(parsed.structuredData().get(0).params()).containsEntry("subject", subject)
                .containsEntry("log", "os").containsEntry("sequence", "42");
        assertThat(parsed.msgText()).isEqualTo("Zähler ] \" \\ 日本");
    }

    @Test
    void headerFieldsStayPrintableAsciiAndWithinLength() throws Exception {
        AuditRecord r = record(AuditEventType.AUDIT_LOG_IS_RUNNING_OUT_OF_SPACE, "System: Audit", "t");
        byte[] m = new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "gâte way", 2048);
        Rfc5424Grammar.Message parsed = Rfc5424Grammar.parse(m);
        assertThat(parsed.hostname()).isEqualTo("g_te_way");
        assertThat(parsed.msgId()).hasSize(32).isEqualTo("AUDIT_LOG_IS_RUNNING_OUT_OF_SPAC");
        assertThat(Rfc5424Grammar.parse(new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "", 2048)).hostname()).isEqualTo("-");
    }

    @Test
    void longTextIsCutOnACharacterBoundaryToTheLimit() throws Exception {
        String text = "ü".repeat(3000);
        AuditRecord r = record(AuditEventType.LAUNCHING_AN_APPLICATION, "System: Launcher", text);
        byte[] m = new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "gw", 2048);
        assertThat(m.length).isBetween(2047, 2048);
        Rfc5424Grammar.Message parsed = Rfc5424Grammar.parse(m);
        assertThat(text).startsWith(parsed.msgText());
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharacters() throws Exception {
        AuditRecord r = record(AuditEventType.LAUNCHING_AN_APPLICATION, "a\uD800b", "c\uDC00d");
        Rfc5424Grammar.Message parsed = Rfc5424Grammar.parse(new Rfc5424Formatter(Facility.LOG_AUDIT).format(r, "gw", 2048));
        assertThat(parsed.structuredData().get(0).params().get("subject")).isEqualTo("a\uFFFDb");
        assertThat(parsed.msgText()).isEqualTo("c\uFFFDd");
    }

    @Test
    void timestampsOutsideTheGrammarsYearsAreNil() {
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("-");
        assertThat(Rfc5424Formatter.timestamp(Instant.MIN)).isEqualTo("-");
        assertThat(Rfc5424Formatter.timestamp(Instant.MAX)).isEqualTo("-");
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000000Z");
        assertThat(AuditLogKind.FIREWALL.key()).isEqualTo("firewall");
    }
}
