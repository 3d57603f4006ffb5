package dev.palisade.management.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the ping tool's validator: any text gives a result without throwing, and an accepted one
 * can never be an option, hold a space or a shell character, or exceed the length bound.
 */
class PingTargetFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void validatorNeverLetsThroughWhatAShellOrGetoptWouldRead(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        PingTarget.Result r = PingTarget.parse(text);
        assertThat(r.accepted() == (r.problem() == null)).isTrue();
        r.target().ifPresent(t -> {
            assertThat(t.host()).isEqualTo(text);
            assertThat(t.host()).isNotEmpty().doesNotStartWith("-").hasSizeLessThanOrEqualTo(PingTarget.MAX_LENGTH);
            assertThat(t.host().chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':')).isTrue();
        });
    }
}
