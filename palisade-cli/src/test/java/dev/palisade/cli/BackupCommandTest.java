package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade backup create|restore} with the password from a file, as a script would run it. */
class BackupCommandTest {
    @TempDir
    Path tmp;

    Path source;
    Path password;

    @BeforeEach
    void data() throws IOException {
        source = tmp.resolve("source");
        Files.createDirectories(source.resolve("pki"));
        Files.writeString(source.resolve("config.json"), "{\"name\":\"gw\"}");
        Files.writeString(source.resolve("pki/web.pem"), "cert");
        password = tmp.resolve("password");
        Files.writeString(password, "s3cret passphrase\n");
    }

    @Test
    void createAndRestoreIntoAnotherDataDirectory() throws IOException {
        Path backup = tmp.resolve("gw.backup");
        assertThat(Main.execute("backup", "create", "--data", source.toString(), "--out", backup.toString(),
                "--password-file", password.toString())).isZero();
        Path target = tmp.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("config.json"), "{\"name\":\"old\"}");
        assertThat(Main.execute("backup", "restore", "--data", target.toString(), backup.toString(),
                "--password-file", password.toString())).isZero();
        assertThat(Files.readString(target.resolve("config.json"))).isEqualTo("{\"name\":\"gw\"}");
        assertThat(Files.readString(target.resolve("pki/web.pem"))).isEqualTo("cert");
    }

    @Test
    void wrongPasswordChangesNothing() throws IOException {
        Path backup = tmp.resolve("gw.backup");
        assertThat(Main.execute("backup", "create", "--data", source.toString(), "--out", backup.toString(),
                "--password-file", password.toString())).isZero();
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "not it\n");
        Path target = tmp.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("config.json"), "{\"name\":\"old\"}");
        assertThat(Main.execute("backup", "restore", "--data", target.toString(), backup.toString(),
                "--password-file", wrong.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(Files.readString(target.resolve("config.json"))).isEqualTo("{\"name\":\"old\"}");
        assertThat(target.resolve("pki")).doesNotExist();
    }
}
