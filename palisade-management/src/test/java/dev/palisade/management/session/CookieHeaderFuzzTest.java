package dev.palisade.management.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the Cookie header parser and the CSRF comparison: never throws, and what it
 * returns is always a well-formed token of at most {@link CookieHeader#MAX_VALUE} characters.
 */
class CookieHeaderFuzzTest {

    private static final String[] FRAGMENTS = {"__Host-palisade-session", "=", ";", " ", "\"", "abc", "-_", "%", "\t", "x=y",
        "\u00e9", "\u0000"};

    @FuzzTest(maxDuration = "30s")
    void findsOnlyWellFormedValues(FuzzedDataProvider data) {
        String header;
        if (data.consumeBoolean()) {
            header = data.consumeRemainingAsString();
        } else {
            StringBuilder text = new StringBuilder();
            while (data.remainingBytes() > 0) {
                text.append(data.pickValue(FRAGMENTS));
            }
            header = text.toString();
        }
        CookieHeader.value(header, "__Host-palisade-session").ifPresent(value -> {
            assertThat(value).matches("[A-Za-z0-9_-]{1,128}");
            assertThat(header).contains(value);
        });
    }
}
