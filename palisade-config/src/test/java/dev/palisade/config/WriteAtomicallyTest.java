package dev.palisade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved file is always a whole document, old or new, and nothing else is left behind. */
class WriteAtomicallyTest {

    @TempDir
    Path dir;

    @Test
    void writesAReadableDocumentAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigDocument.firstRun().writeAtomically(file);
        assertThat(ConfigDocument.read(file)).isEqualTo(ConfigDocument.firstRun());
        ConfigDocument.defaults().writeAtomically(file);
        assertThat(ConfigDocument.read(file)).isEqualTo(ConfigDocument.defaults());
        assertThat(listing()).containsExactly("config.json");
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigDocument.defaults().writeAtomically(file);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void readersNeverSeeAPartialFile() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigDocument small = ConfigDocument.defaults();
        ConfigDocument large = ConfigDocument.parse(TestDocs.edited(TestDocs.list("/NETWORK/FIREWALL/rules", 512,
                ValidationTest::firewallRule)));
        small.writeAtomically(file);
        AtomicBoolean done = new AtomicBoolean();
        try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
            Future<Integer> reads = reader.submit(() -> {
                int count = 0;
                while (!done.get()) {
                    ConfigDocument seen = ConfigDocument.read(file);
                    assertThat(seen).isIn(small, large);
                    count++;
                }
                return count;
            });
            for (int i = 0; i < 60; i++) {
                (i % 2 == 0 ? large : small).writeAtomically(file);
            }
            done.set(true);
            assertThat(reads.get()).isPositive();
        }
        assertThat(listing()).containsExactly("config.json");
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigDocument.defaults().writeAtomically(file);
        Path directoryInTheWay = dir.resolve("taken");
        Files.createDirectory(directoryInTheWay);
        Files.writeString(directoryInTheWay.resolve("child"), "x");
        assertThatThrownBy(() -> ConfigDocument.firstRun().writeAtomically(directoryInTheWay)).isInstanceOf(IOException.class);
        assertThat(ConfigDocument.read(file)).isEqualTo(ConfigDocument.defaults());
        assertThat(listing()).containsExactlyInAnyOrder("config.json", "taken");
    }

    @Test
    void readRefusesWhatIsNotUtf8AndSkipsAByteOrderMark() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        assertThatThrownBy(() -> ConfigDocument.read(file)).isInstanceOf(ConfigException.class).hasMessageContaining("UTF-8");
        Files.write(file, "\uFEFF{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ConfigDocument.read(file)).isEqualTo(ConfigDocument.defaults());
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

}
