package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a crash: a child JVM records events as fast as it can and prints every
 * sequence the store acknowledged; the test kills it with SIGKILL in the middle of the stream,
 * reopens the store and checks that every acknowledged record is there, unchanged, and that both
 * chains verify. Three rounds, so the store also survives being killed after a crash recovery.
 */
class AuditCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkillAndTheChainVerifies() throws Exception {
        Path db = dir.resolve("audit.db");
        Map<Long, String> acknowledged = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    CrashRecorder.class.getName(), db.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int acksThisRound = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ", 4);
                    assertThat(f[0]).isEqualTo("ack");
                    assertThat(f[1]).isEqualTo("firewall");
                    acknowledged.put(Long.parseLong(f[2]), f[3]);
                    if (++acksThisRound == 400) {
                        // SIGKILL (through the handle, which leaves the pipe open so the acks already printed are still read)
                        child.toHandle().destroyForcibly();
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acksThisRound).isGreaterThanOrEqualTo(400);

            try (AuditStore store = AuditStore.openForTool(db, Clock.systemUTC())) {
                for (AuditLogKind log : AuditLogKind.values()) {
                    ChainReport report = store.verify(log);
                    assertThat(report.ok()).as("round " + round + ": " + report).isTrue();
                }
                Map<Long, String> present = new HashMap<>();
                List<AuditRecord> page;
                long after = 0;
                while (!(page = store.after(AuditLogKind.FIREWALL, after, 1024)).isEmpty()) {
                    for (AuditRecord r : page) {
                        present.put(r.sequence(), r.text());
                    }
                    after = page.getLast().sequence();
                }
                for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                    assertThat(present.get(ack.getKey())).as("acknowledged record " + ack.getKey()).isEqualTo(ack.getValue());
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1200);
    }
}
