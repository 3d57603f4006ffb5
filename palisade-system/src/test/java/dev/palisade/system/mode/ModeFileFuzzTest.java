package dev.palisade.system.mode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mode file is read at every start from the data directory: any content is either a mode
 * or an {@link IOException} (which the start treats as an integrity violation), never another
 * exception; and what is written reads back equal.
 *
 * <p>{@link #anyContent} is a Jazzer target: plain {@code mvn test} runs it in regression mode;
 * {@code JAZZER_FUZZ=1 mvn test -pl palisade-system -Dtest=ModeFileFuzzTest} fuzzes it.
 */
class ModeFileFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyContent(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("palisade-mode-fuzz");
        try {
            Files.write(dir.resolve(ModeFile.NAME), input);
            try {
                OperatingMode mode = new ModeFile(dir).read();
                assertThat(mode.emergency()).doesNotContainNull();
            } catch (IOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } finally {
            Files.deleteIfExists(dir.resolve(ModeFile.NAME));
            Files.delete(dir);
        }
    }

    @Test
    void badEscapesAndBadValuesAreIoErrors() throws IOException {
        for (String bad : List.of("developer=\\u00zz\n", "developer=yes\n", "emergency.0.cause=NOPE\n",
                "emergency.0.cause=IPS_FAILED\nemergency.0.since=2026-11-25T21:00:00Z\n",
                "emergency.0.cause=IPS_FAILED\nemergency.0.description=x\nemergency.0.since=yesterday\n")) {
            Path dir = Files.createTempDirectory("palisade-mode");
            Files.writeString(dir.resolve(ModeFile.NAME), bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModeFile(dir).read()).as(bad).isInstanceOf(IOException.class);
        }
        Path dir = Files.createTempDirectory("palisade-mode");
        Files.write(dir.resolve(ModeFile.NAME), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ModeFile(dir).read()).isInstanceOf(IOException.class);
    }

    @Test
    void roundTrip() throws IOException {
        Path dir = Files.createTempDirectory("palisade-mode");
        OperatingMode mode = new OperatingMode(List.of(
                new EmergencyReason(EmergencyCause.SELF_TEST_FAILED, "a = b: c\\d\nnext line ünïcode", Instant.parse("2026-11-25T21:00:00Z")),
                new EmergencyReason(EmergencyCause.IPS_FAILED, "", Instant.parse("2026-11-25T21:00:01.5Z"))), true, false);
        new ModeFile(dir).write(mode);
        assertThat(new ModeFile(dir).read()).isEqualTo(mode);
    }
}
