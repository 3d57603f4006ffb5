package dev.palisade.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the pages' multipart forms: whatever the bytes and boundary, {@link
 * MultipartBody#parse} either succeeds or throws {@link ApiException} with status 400, and the
 * CSRF lookup the dispatcher makes never throws. {@code JAZZER_FUZZ=1} fuzzes; plain
 * {@code mvn test} replays stored inputs.
 */
class MultipartBodyFuzzTest {

    private static final String[] FRAGMENTS = {"--b", "\r\n", "--b--", "Content-Disposition: form-data; name=\"", "_csrf", "\"",
        "; filename=\"", "x.der", "\r\n\r\n", "value", "\u0000", "Content-Type: text/plain", ":", ";", "=", "--", "b", "\u00ff"};

    @FuzzTest(maxDuration = "30s")
    void parsingNeverFailsOtherwise(FuzzedDataProvider data) {
        String contentType = data.consumeBoolean() ? "multipart/form-data; boundary=b"
                : "multipart/form-data; boundary=" + data.consumeString(20);
        byte[] bytes;
        if (data.consumeBoolean()) {
            bytes = data.consumeRemainingAsBytes();
        } else {
            StringBuilder text = new StringBuilder();
            while (data.remainingBytes() > 0) {
                text.append(data.pickValue(FRAGMENTS));
            }
            bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        }
        FormBody.csrfField(contentType, bytes);
        try {
            MultipartBody form = MultipartBody.parse(contentType, bytes);
            form.text("_csrf");
            form.file("x");
            form.checked("enabled");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
