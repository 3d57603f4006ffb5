package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.live.gateway.HostReadiness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code palisade run --live} refuses clearly what it cannot do, before it touches the kernel:
 * options missing, interfaces that do not exist. (Not being root is checked first; these tests
 * run as root, as the project's tests do, and the message for it is asserted when they do not.)
 * The nft table must not exist afterwards.
 */
class LiveModeTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream err = console.err();

    @TempDir
    Path data;

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void liveNeedsBothInterfaces() {
        int status = Main.execute("run", "--data", data.toString(), "--once", "--live", "--lan", "pllivecli0");
        assertThat(status).isEqualTo(LiveMode.EXIT_HOST_NOT_READY);
        assertThat(err()).contains("--live needs --lan IFACE and --wan IFACE");
    }

    @Test
    void aMissingInterfaceIsNamedAndNothingIsLoaded() {
        int status = Main.execute("run", "--data", data.toString(), "--once", "--live", "--lan", "pllivecli0", "--wan", "pllivecli1");
        assertThat(status).isEqualTo(LiveMode.EXIT_HOST_NOT_READY);
        if (HostReadiness.isRoot()) {
            assertThat(err()).contains("LAN interface 'pllivecli0' does not exist").contains("interfaces: lo");
            var table = new ProcessBuilder(List.of("nft", "list", "table", "inet", "palisade"));
            assertThat(exitOf(table)).as("no Palisade table was loaded").isNotZero();
        } else {
            assertThat(err()).contains("needs root");
        }
    }

    private static int exitOf(ProcessBuilder pb) {
        try {
            return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
