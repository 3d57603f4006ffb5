package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade rules check}: its output lines, summary and exit status. */
class RulesCommandTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out();
    private final ByteArrayOutputStream err = console.err();

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validFileExitsZeroWithASummary() throws IOException {
        Path f = dir.resolve("industrial_commands.rules");
        Files.writeString(f, """
                # commands
                drop tcp $EXTERNAL_NET any -> $HOME_NET 502 (msg:"write coils from outside"; \\
                    content:"|0F|"; offset:7; depth:1; sid:9100001; rev:1;)
                alert tcp any any -> any 502 (msg:"any"; flow:to_server; sid:9100002;)
                """);
        assertThat(Main.execute("rules", "check", f.toString())).isZero();
        assertThat(stdout()).isEqualTo("2 rules loaded, 0 skipped, 0 with errors (0 errors, 0 warnings) in 1 file"
                + System.lineSeparator());
        assertThat(stderr()).isEmpty();
    }

    @Test
    void errorsArePrintedWithPositionAndExitTwo() throws IOException {
        Path f = dir.resolve("bad.rules");
        Files.writeString(f, """
                alert tcp any any -> any any (msg:"ok"; sid:1;)
                alert tcp any any -> any any (msg:"bad"; content:"abc"; depth:2; sid:2;)
                alert http any any -> any any (msg:"web"; sid:3;)
                alert tcp any any -> any any (msg:"reserved"; sid:90000001;)
                """);
        assertThat(Main.execute("rules", "check", f.toString())).isEqualTo(2);
        assertThat(stderr().lines()).containsExactly(
                f + ":2:63: error: depth 2 is smaller than the content (3 bytes): it can never match",
                f + ":3:7: warning: rule 3 skipped: protocol http is not inspected by Palisade",
                f + ":4:51: error: sid 90000001 is reserved by the gateway; choose another sid");
        assertThat(stdout()).startsWith("1 rules loaded, 1 skipped, 2 with errors (2 errors, 1 warnings) in 1 file");
    }

    @Test
    void warningsAloneExitZeroAndCanBeHidden() throws IOException {
        Path f = dir.resolve("web.rules");
        Files.writeString(f, "alert http any any -> any any (msg:\"web\"; sid:3;)\n");
        assertThat(Main.execute("rules", "check", "--errors-only", f.toString())).isZero();
        assertThat(stderr()).isEmpty();
        assertThat(stdout()).contains("0 rules loaded, 1 skipped, 0 with errors (0 errors, 1 warnings)");
    }

    @Test
    void filesAreCheckedTogetherAndVariablesCanBeSet() throws IOException {
        Path a = dir.resolve("industrial_commands.rules");
        Path b = dir.resolve("industrial_anomalies.rules");
        Files.writeString(a, "alert tcp $PLC any -> any $PLC_PORTS (sid:7;)\n");
        Files.writeString(b, "alert tcp any any -> any any (sid:7;)\n");
        assertThat(Main.execute("rules", "check", "--var", "PLC=10.1.1.0/24", "--port-var", "PLC_PORTS=[502,5020]",
                a.toString(), b.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo(b + ":1:31: error: duplicate signature: gid 1 sid 7 was already defined at " + a + ":1"
                + System.lineSeparator());
    }

    @Test
    void missingFileAndBadVariableAreBadInput() {
        assertThat(Main.execute("rules", "check", dir.resolve("nope.rules").toString())).isEqualTo(2);
        assertThat(stderr()).contains("nope.rules:1:1: error: cannot read the rule file");
        assertThat(Main.execute("rules", "check", "--var", "novalue", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(stderr()).contains("a variable is NAME=GROUP");
    }
}
