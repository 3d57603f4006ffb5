package dev.palisade.notify.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Jazzer target for the RFC 5424 formatter: with arbitrary strings for host, subject and text,
 * any event, log, sequence, time, facility and message limit, the output always satisfies the
 * grammar ({@link Rfc5424Grammar}), respects the limit, and reads back to what went in.
 */
class Rfc5424FormatterFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void arbitraryRecords(FuzzedDataProvider data) throws Exception {
        AuditEventType type = data.pickValue(AuditEventType.values());
        AuditLogKind log = data.pickValue(type.logs().toArray(AuditLogKind[]::new));
        long sequence = data.consumeLong(1, Long.MAX_VALUE);
        Instant time = Instant.ofEpochSecond(data.consumeLong(-70_000_000_000L, 300_000_000_000L), data.consumeInt(0, 999_999_999));
        Facility facility = data.pickValue(Facility.values());
        int max = data.consumeInt(Rfc5424Formatter.MIN_MESSAGE_BYTES, 8192);
        String host = data.consumeString(300);
        String subject = data.consumeString(400);
        String text = data.consumeRemainingAsString();
        AuditRecord r = new AuditRecord(log, sequence, time, type, subject, text);

        byte[] m = new Rfc5424Formatter(facility).format(r, host, max);

        assertThat(m.length).isLessThanOrEqualTo(max);
        Rfc5424Grammar.Message parsed = Rfc5424Grammar.parse(m);
        assertThat(parsed.pri()).isEqualTo(facility.code() * 8 + Rfc5424Formatter.severityCode(type.severity()));
        assertThat(parsed.version()).isEqualTo(1);
        var params = parsed.structuredData().get(0).params();
        assertThat(params.get("sequence")).isEqualTo(Long.toString(sequence));
        assertThat(params.get("log")).isEqualTo(log.key());
        assertThat(params.get("eventId")).isEqualTo(type.name());
        String cleanSubject = wellFormed(subject);
        String gotSubject = params.get("subject");
        assertThat(cleanSubject).startsWith(gotSubject);
        String cleanText = wellFormed(text);
        assertThat(cleanText.getBytes(StandardCharsets.UTF_8)).startsWith(parsed.msg());
    }

    /** {@code s} with each unpaired surrogate replaced by U+FFFD, as the formatter promises. */
    private static String wellFormed(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
