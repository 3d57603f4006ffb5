package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target for request bodies: whatever the bytes, {@link JsonBody#parse} and its accessors
 * either succeed or throw {@link ApiException} with a 4xx status and a JSON path; anything else is
 * a bug. {@code JAZZER_FUZZ=1} fuzzes; plain {@code mvn test} replays the stored inputs.
 */
class JsonBodyFuzzTest {

    private static final String[] FRAGMENTS = {"{", "}", "[", "]", ",", ":", "\"", "\"name\"", "\"password\"", "\"n\"", "1",
        "-0", "1e999", "99999999999999999999", "null", "true", "\"\\u0000\"", "\"\\ud800\"", "\"x\"", " "};

    @FuzzTest(maxDuration = "30s")
    void parsingNeverFailsOtherwise(FuzzedDataProvider data) {
        byte[] bytes;
        if (data.consumeBoolean()) {
            bytes = data.consumeRemainingAsBytes();
        } else {
            StringBuilder text = new StringBuilder();
            while (data.remainingBytes() > 0) {
                text.append(data.pickValue(FRAGMENTS));
            }
            bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            JsonBody body = JsonBody.parse(bytes);
            body.string("name", "");
            body.integer("n", 0);
            body.only(List.of("name", "password", "n"));
            body.string("password");
        } catch (ApiException e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.details()).isNotEmpty();
            assertThat(e.details().getFirst().path()).startsWith("$");
        }
    }
}
