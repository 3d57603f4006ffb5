package dev.palisade.management.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only atomic writes, and erasure that overwrites the old data itself before deleting. */
class SecureFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAreOwnerOnlyAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("sub/key.pem");
        SecureFiles.writeAtomically(file, "secret".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var list = Files.list(file.getParent())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("key.pem");
        }
    }

    @Test
    void replacingOverwritesTheOldContentBeforeItIsUnlinked() throws Exception {
        Path file = dir.resolve("key.pem");
        byte[] old = "OLD-SECRET-KEY-MATERIAL".getBytes(StandardCharsets.US_ASCII);
        SecureFiles.writeAtomically(file, old);
        // A second name for the old data: what remains of it on disk after the replacement.
        Path spy = dir.resolve("spy");
        Files.createLink(spy, file);
        SecureFiles.replace(file, "NEW".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).isEqualTo("NEW");
        byte[] remains = Files.readAllBytes(spy);
        assertThat(remains).hasSize(old.length).containsOnly((byte) 0);
        assertThat(Files.exists(dir.resolve("key.pem.retired"))).isFalse();
    }

    @Test
    void eraseOverwritesAndDeletes() throws Exception {
        Path file = dir.resolve("a");
        SecureFiles.writeAtomically(file, new byte[20_000]);
        Files.write(file, "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
        Path spy = dir.resolve("spy");
        Files.createLink(spy, file);
        SecureFiles.erase(file);
        assertThat(Files.exists(file)).isFalse();
        assertThat(Files.readAllBytes(spy)).hasSize(20_000).containsOnly((byte) 0);
        SecureFiles.erase(file); // absent: nothing to do
    }

    @Test
    void leftoversOfAnInterruptedReplaceAreErasedAtStart() throws Exception {
        Path retired = dir.resolve("WebServer.key.retired");
        Files.writeString(retired, "old");
        SecureFiles.eraseRetired(dir);
        assertThat(Files.exists(retired)).isFalse();
    }
}
