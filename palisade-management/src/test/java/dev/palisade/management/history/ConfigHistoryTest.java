package dev.palisade.management.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.ConfigDocument;
import dev.palisade.management.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions: numbering, persistence across reopening, apply failures, edits found on start, pruning. */
class ConfigHistoryTest {

    @TempDir
    Path data;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<ConfigDocument> applied = new ArrayList<>();
    final ConfigurationTarget target = applied::add;

    @BeforeEach
    void firstRun() throws Exception {
        ConfigDocument.firstRun().writeAtomically(data.resolve("config.json"));
    }

    static ConfigDocument withLan(String address) throws Exception {
        return ConfigDocument.parse(ConfigDocument.firstRun().toJson().replace("\"192.168.1.1\"", "\"" + address + "\""));
    }

    @Test
    void versionsAreNumberedKeptAndReopened() throws Exception {
        ConfigHistory history = ConfigHistory.open(data, clock);
        assertThat(history.currentVersion()).isEqualTo(1);
        assertThat(history.versions().getFirst().comment()).isEqualTo("initial configuration");
        ConfigHistory.Version two = history.commit(withLan("192.168.1.2"), "admin", "move", target);
        assertThat(two.number()).isEqualTo(2);
        assertThat(applied).hasSize(1);
        ConfigHistory reopened = ConfigHistory.open(data, clock);
        assertThat(reopened.currentVersion()).isEqualTo(2);
        assertThat(reopened.versions()).extracting(ConfigHistory.Version::number).containsExactly(2, 1);
        assertThat(reopened.text(1)).contains("\"192.168.1.1\"");
    }

    @Test
    void aRefusedApplyLeavesTheStoredDocument() throws Exception {
        ConfigHistory history = ConfigHistory.open(data, clock);
        String before = Files.readString(data.resolve("config.json"));
        assertThatThrownBy(() -> history.commit(withLan("192.168.1.3"), "admin", "x", doc -> {
            throw new IllegalStateException("no");
        })).isInstanceOf(ConfigHistory.ApplyFailed.class);
        assertThat(Files.readString(data.resolve("config.json"))).isEqualTo(before);
        assertThat(history.current().config().network().lan().address().toString()).isEqualTo("192.168.1.1");
        assertThat(history.currentVersion()).isEqualTo(1);
    }

    @Test
    void aDocumentEditedWhileStoppedBecomesAVersionOnStart() throws Exception {
        ConfigHistory.open(data, clock);
        withLan("192.168.1.4").writeAtomically(data.resolve("config.json"));
        ConfigHistory history = ConfigHistory.open(data, clock);
        assertThat(history.currentVersion()).isEqualTo(2);
        assertThat(history.versions().getFirst().comment()).contains("found on start");
    }

    @Test
    void theOldestVersionsAreErasedBeyondTheLimit() throws Exception {
        ConfigHistory history = ConfigHistory.open(data, clock);
        for (int i = 0; i < ConfigHistory.MAX_VERSIONS + 2; i++) {
            history.commit(withLan("192.168.1." + (2 + i % 2)), "admin", "n" + i, target);
        }
        assertThat(history.versions()).hasSize(ConfigHistory.MAX_VERSIONS);
        assertThat(history.version(1)).isEmpty();
        assertThat(Files.exists(data.resolve("config-history/000001.json"))).isFalse();
        assertThat(Files.exists(data.resolve("config-history/000003.json"))).isFalse();
        assertThat(Files.exists(data.resolve("config-history/000004.json"))).isTrue();
    }
}
