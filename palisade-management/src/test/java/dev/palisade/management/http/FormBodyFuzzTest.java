package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the pages' form bodies: whatever the bytes, {@link FormBody#parse} either
 * succeeds or throws {@link ApiException} with status 400, and the CSRF lookup the dispatcher
 * makes never throws. {@code JAZZER_FUZZ=1} fuzzes; plain {@code mvn test} replays stored inputs.
 */
class FormBodyFuzzTest {

    private static final String[] FRAGMENTS = {"&", "=", "%", "%2", "%41", "%zz", "+", "_csrf", "name", "%E2%82", "%C3%A9", "a", " ",
        "\u00e9"};

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
        FormBody.csrfField("application/x-www-form-urlencoded", bytes);
        try {
            FormBody form = FormBody.parse("application/x-www-form-urlencoded", bytes);
            form.text("name");
            form.field(FormBody.CSRF_FIELD);
            form.checked("status");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
