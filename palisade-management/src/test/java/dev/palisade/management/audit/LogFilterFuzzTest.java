package dev.palisade.management.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.management.http.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzz target for the log views' query parameters: whatever the names and values, {@link
 * LogFilter#parse} returns a filter whose store query can be built, or refuses with a 400; an
 * accepted filter's canonical query reads back to the same filter. {@code JAZZER_FUZZ=1} fuzzes;
 * plain {@code mvn test} replays stored inputs.
 */
class LogFilterFuzzTest {

    private static final String[] KEYS = {"date", "from", "to", "severity", "subjects", "before", "limit", "severity.critical",
        "severity.warning", "subject.0", "subject.1", "x", ""};
    private static final String[] VALUES = {"", "2026-11-25", "1970-01-01", "9999-12-30", "critical", "warning,informational", "on",
        "[\"Administrator\"]", "[\"a,b\",\"System: Audit\"]", "[", "1", "1024", "9223372036854775807", "-1", "\u0000"};

    @FuzzTest(maxDuration = "30s")
    void parsingNeverFailsOtherwise(FuzzedDataProvider data) {
        Map<String, String> query = new HashMap<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(12);
            String value = data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(80);
            query.put(key, value);
        }
        try {
            LogFilter f = LogFilter.parse(query);
            f.toQuery(AuditLogKind.FIREWALL);
            f.toQuery(AuditLogKind.OPERATING_SYSTEM);
            assertThat(LogFilter.parse(LogFilterTest.decode(f.pageQuery()))).isEqualTo(f.limit() == LogFilter.ALL.limit() ? f
                    : new LogFilter(f.from(), f.to(), f.severities(), f.subjects(), f.before(), LogFilter.ALL.limit()));
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
