package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade integrity generate|check} on an installation laid out in a temporary directory. */
class IntegrityCommandTest {
    @TempDir
    Path tmp;

    Path dist;
    Path data;
    Path key;

    @BeforeEach
    void layout() throws IOException {
        dist = tmp.resolve("dist");
        data = tmp.resolve("data");
        key = tmp.resolve("keys/integrity-signing.key");
        Files.createDirectories(dist.resolve("palisade-cli/target"));
        Files.createDirectories(data.resolve("applications/meter"));
        Files.writeString(dist.resolve("palisade"), "#!/bin/sh\n");
        Files.writeString(dist.resolve("palisade-cli/target/palisade.jar"), "jar");
        Files.writeString(data.resolve("applications/meter/app.bin"), "app");
    }

    private int run(String... args) {
        return Main.execute(args);
    }

    @Test
    void generateThenCheckThenTamper() throws IOException {
        String[] where = {"--dist", dist.toString(), "--data", data.toString()};
        assertThat(run(concat(new String[] {"integrity", "generate", "--key", key.toString()}, where))).isZero();
        assertThat(dist.resolve("palisade-cli/target/palisade.manifest")).exists();
        assertThat(data.resolve("integrity/trusted-key.pub")).exists();
        Path report = tmp.resolve("report.txt");
        assertThat(run(concat(new String[] {"integrity", "check", "--report", report.toString()}, where))).isZero();
        assertThat(Files.readString(report)).startsWith("Host ID: ").contains("|File integrity verified successfully\n");

        Files.writeString(data.resolve("applications/meter/app.bin"), "patched");
        assertThat(run(concat(new String[] {"integrity", "check", "--report", report.toString()}, where)))
                .isEqualTo(IntegrityCommand.EXIT_VIOLATION);
        assertThat(Files.readString(report)).contains("app.bin|").contains("|File content changed against reference!\n");

        // Re-signing with another key is refused: the data directory trusts the first key.
        assertThat(run(concat(new String[] {"integrity", "generate", "--key", tmp.resolve("other.key").toString()}, where)))
                .isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void checkWithoutPinnedKeyIsAPackageViolation() throws IOException {
        Path report = tmp.resolve("report.txt");
        assertThat(run("integrity", "check", "--dist", dist.toString(), "--data", data.toString(), "--report", report.toString()))
                .isEqualTo(IntegrityCommand.EXIT_VIOLATION);
        assertThat(Files.readString(report)).contains("|Package integrity violation!\n");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
