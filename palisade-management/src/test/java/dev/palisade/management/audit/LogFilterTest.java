package dev.palisade.management.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.Severity;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.management.http.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The views' query parameters: both spellings (API and HTML form), the store query they make, and every refusal. */
class LogFilterTest {

    @Test
    void nothingMeansEverythingNewestFirst() throws ApiException {
        LogFilter f = LogFilter.parse(Map.of());
        assertThat(f).isEqualTo(LogFilter.ALL);
        assertThat(f.toQuery(AuditLogKind.FIREWALL)).isEqualTo(AuditQuery.of(AuditLogKind.FIREWALL));
        assertThat(f.narrowed()).isFalse();
        assertThat(f.query()).isEmpty();
    }

    @Test
    void aDayIsFromItsMidnightToTheNextInUtc() throws ApiException {
        AuditQuery q = LogFilter.parse(Map.of("date", "2026-11-25")).toQuery(AuditLogKind.OPERATING_SYSTEM);
        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        AuditQuery open = LogFilter.parse(Map.of("from", "2026-11-20", "to", "")).toQuery(AuditLogKind.FIREWALL);
        assertThat(open.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(open.to()).isNull();
    }

    @Test
    void theFormSpellingAndTheApiSpellingMeanTheSame() throws ApiException {
        LogFilter api = LogFilter.parse(Map.of("severity", "critical,Warning", "subjects", "[\"System: Audit\",\"a, b\"]",
                "from", "2026-01-01", "to", "2026-01-31"));
        LogFilter form = LogFilter.parse(Map.of("severity.critical", "on", "severity.warning", "on", "severity.informational", "",
                "subject.0", "System: Audit", "subject.7", "a, b", "from", "2026-01-01", "to", "2026-01-31"));
        assertThat(form).isEqualTo(api);
        assertThat(api.severities()).containsExactlyInAnyOrder(Severity.CRITICAL, Severity.WARNING);
        assertThat(api.subjects()).containsExactlyInAnyOrder("System: Audit", "a, b");
        assertThat(api.narrowed()).isTrue();
    }

    @Test
    void theCanonicalQueryReadsBackToTheSameFilter() throws ApiException {
        LogFilter f = new LogFilter(LocalDate.of(2026, 2, 3), null, Set.of(Severity.INFORMATIONAL), Set.of("Adm&n=1+2 \"x\"", "System: Audit"),
                Long.MAX_VALUE, AuditQuery.PAGE);
        assertThat(LogFilter.parse(decode(f.query()))).isEqualTo(f);
        LogFilter paged = f.before(77);
        assertThat(LogFilter.parse(decode(paged.pageQuery()))).isEqualTo(paged);
    }

    static Map<String, String> decode(String query) {
        Map<String, String> out = new HashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "date|2026-13-01|date",
        "date|26-01-01|date",
        "from|2026-02-30|from",
        "from|1969-12-31|from",
        "to|9999-12-31|to",
        "severity|fatal|severity",
        "severity.fatal|on|severity.fatal",
        "subjects|Administrator|subjects",
        "subjects|[1]|subjects",
        "subjects|{}|subjects",
        "subject.0|x\u0007y|subject.0",
        "before|0|before",
        "before|-5|before",
        "before|99999999999999999999|before",
        "limit|1025|limit",
        "limit|ten|limit",
        "sevrity|critical|sevrity",
    })
    void malformedParametersAreRefusedByName(String key, String value, String path) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> LogFilter.parse(Map.of(key, value)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.details()).extracting(ApiException.Detail::path).containsExactly(path);
    }

    @Test
    void aPeriodThatEndsBeforeItStartsOrBothDateAndPeriodAreRefused() {
        assertThat(catchThrowableOfType(ApiException.class, () -> LogFilter.parse(Map.of("from", "2026-02-02", "to", "2026-02-01")))
                .status()).isEqualTo(400);
        assertThat(catchThrowableOfType(ApiException.class, () -> LogFilter.parse(Map.of("date", "2026-02-02", "to", "2026-02-03")))
                .status()).isEqualTo(400);
    }

    @Test
    void tooManySubjectsAreRefused() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= LogFilter.MAX_SUBJECTS; i++) {
            many.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        }
        assertThat(catchThrowableOfType(ApiException.class, () -> LogFilter.parse(Map.of("subjects", many + "]"))).status())
                .isEqualTo(400);
    }
}
