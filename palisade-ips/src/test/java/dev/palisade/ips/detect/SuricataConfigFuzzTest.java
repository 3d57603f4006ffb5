package dev.palisade.ips.detect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for the suricata.yaml reader: any text either gives settings or an
 * IllegalArgumentException with a reason; nothing else escapes. {@code JAZZER_FUZZ=1} fuzzes.
 */
class SuricataConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyText(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            SuricataConfig c = SuricataConfig.parse(text);
            c.settings(ProtectorSettings.DEFAULTS);
            c.eveTypes();
        } catch (IllegalArgumentException expected) {
            if (expected.getMessage() == null) {
                throw new AssertionError("an error without a reason", expected);
            }
        }
    }
}
