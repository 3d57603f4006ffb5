package dev.palisade.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for the test.yaml reader: any text gives a case or an IllegalArgumentException
 * with a reason. {@code JAZZER_FUZZ=1} fuzzes.
 */
class VerifyCaseFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyText(byte[] data) {
        try {
            VerifyCase c = VerifyCase.parse(new String(data, StandardCharsets.UTF_8));
            c.sets();
            for (VerifyCase.Check k : c.checks()) {
                k.describe();
            }
        } catch (IllegalArgumentException expected) {
            if (expected.getMessage() == null) {
                throw new AssertionError("an error without a reason", expected);
            }
        }
    }
}
