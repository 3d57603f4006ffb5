package dev.palisade.system.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.system.backup.RestoreTransaction.Recovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash is simulated by an {@link Error} thrown at each step of the protocol (nothing after it
 * runs, as when the process is killed); {@link RestoreTransaction#recover} must then yield exactly
 * the old state (crash before the commit point) or exactly the new one (after).
 */
class RestoreTransactionTest {
    @TempDir
    Path tmp;

    /** Stands for the process dying: not caught by the restore's cleanup. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("crash at " + step, null, false, false);
        }
    }

    private static final Map<String, String> OLD = Map.of(
            "config.json", "{\"old\":true}", "certificates/web.pem", "old cert", "audit.db", "audit, not in the backup");
    private static final BackupContents NEW = new BackupContents(List.of(
            new BackupEntry("config.json", "{\"new\":true}".getBytes(StandardCharsets.UTF_8)),
            new BackupEntry("certificates/web.pem", "new cert".getBytes(StandardCharsets.UTF_8)),
            new BackupEntry("keys/web.key", "new key".getBytes(StandardCharsets.UTF_8))));
    private static final Map<String, String> NEW_STATE = Map.of(
            "config.json", "{\"new\":true}", "certificates/web.pem", "new cert", "keys/web.key", "new key",
            "audit.db", "audit, not in the backup");

    private Path oldDataDir(String name) throws IOException {
        Path data = tmp.resolve(name);
        for (var e : OLD.entrySet()) {
            Files.createDirectories(data.resolve(e.getKey()).getParent());
            Files.writeString(data.resolve(e.getKey()), e.getValue());
        }
        return data;
    }

    private static Map<String, String> state(Path data) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(data.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    @Test
    void applyReplacesListedFilesAndLeavesOthers() throws IOException {
        Path data = oldDataDir("plain");
        RestoreTransaction.apply(data, NEW);
        assertThat(state(data)).isEqualTo(NEW_STATE);
        assertThat(data.resolve(".restore")).doesNotExist();
        assertThat(RestoreTransaction.recover(data)).isEqualTo(Recovery.NONE);
    }

    @Test
    void crashAtEveryStepRecoversToOldOrNew() throws IOException {
        List<String> steps = new ArrayList<>();
        RestoreTransaction.apply(oldDataDir("record"), NEW, steps::add);
        assertThat(steps).contains("committed", "cleaned", "journal-deleted").hasSizeGreaterThan(8);
        for (String crashAt : steps) {
            Path data = oldDataDir("crash-" + steps.indexOf(crashAt));
            assertThatThrownBy(() -> RestoreTransaction.apply(data, NEW, step -> {
                if (step.equals(crashAt)) {
                    throw new SimulatedCrash(step);
                }
            })).isInstanceOf(SimulatedCrash.class);
            boolean committed = steps.indexOf(crashAt) >= steps.indexOf("committed");
            Recovery recovery = RestoreTransaction.recover(data);
            assertThat(state(data)).as("after a crash at %s", crashAt).isEqualTo(committed ? NEW_STATE : OLD);
            assertThat(data.resolve(".restore")).doesNotExist();
            if (!committed) {
                assertThat(recovery).isEqualTo(Recovery.ROLLED_BACK);
            } else if (steps.indexOf(crashAt) < steps.indexOf("journal-deleted")) {
                assertThat(recovery).isEqualTo(Recovery.ROLLED_FORWARD);
            }
            assertThat(RestoreTransaction.recover(data)).isEqualTo(Recovery.NONE);
        }
    }

    @Test
    void crashDuringRecoveryIsRecoveredAgain() throws IOException {
        Path data = oldDataDir("twice");
        assertThatThrownBy(() -> RestoreTransaction.apply(data, NEW, step -> {
            if (step.startsWith("moved-old:certificates")) {
                throw new SimulatedCrash(step);
            }
        })).isInstanceOf(SimulatedCrash.class);
        // The half-swapped directory is a mix right now; recovery is what makes it whole.
        assertThat(data.resolve("certificates/web.pem")).doesNotExist();
        assertThat(RestoreTransaction.recover(data)).isEqualTo(Recovery.ROLLED_FORWARD);
        assertThat(state(data)).isEqualTo(NEW_STATE);
    }

    @Test
    void ioFailureWhileStagingChangesNothing() throws IOException {
        Path data = oldDataDir("io");
        assertThatThrownBy(() -> RestoreTransaction.apply(data, NEW, step -> {
            if (step.startsWith("staged:config.json")) {
                throw new IOException("disk full");
            }
        })).hasMessage("disk full");
        assertThat(state(data)).isEqualTo(OLD);
        assertThat(data.resolve(".restore")).doesNotExist();
    }

    @Test
    void directoryInTheWayIsRefusedBeforeAnythingChanges() throws IOException {
        Path data = oldDataDir("dir");
        Files.createDirectories(data.resolve("keys/web.key"));
        assertThatThrownBy(() -> RestoreTransaction.apply(data, NEW)).hasMessageContaining("a directory of that name exists");
        assertThat(state(data)).isEqualTo(OLD);
    }

    @Test
    void nextApplyFinishesAnInterruptedOneFirst() throws IOException {
        Path data = oldDataDir("next");
        assertThatThrownBy(() -> RestoreTransaction.apply(data, NEW, step -> {
            if (step.equals("committed")) {
                throw new SimulatedCrash(step);
            }
        })).isInstanceOf(SimulatedCrash.class);
        BackupContents third = new BackupContents(List.of(new BackupEntry("config.json", "{\"third\":1}".getBytes(StandardCharsets.UTF_8))));
        RestoreTransaction.apply(data, third);
        Map<String, String> expected = new TreeMap<>(NEW_STATE);
        expected.put("config.json", "{\"third\":1}");
        assertThat(state(data)).isEqualTo(expected);
    }
}
