package dev.palisade.notify.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends records as fast as it can and is killed with SIGKILL in the
 * middle. Every record whose append had returned (the child printed "ok N") is in the reopened
 * queue, intact and in order; at most the one append under way when it died may be there too or
 * be counted as a damaged tail. Nothing else, and no garbage, is delivered.
 */
class DiskQueueCrashTest {

    @TempDir
    Path dir;

    static byte[] payload(int i) {
        return ("crash-record-" + i + "-" + "y".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void killedWhileAppendingLosesNothingAcknowledged() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path q = dir.resolve("q" + round);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    QueueWriterMain.class.getName(), q.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int acknowledged = -1;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    assertThat(line).startsWith("ok ");
                    acknowledged = Integer.parseInt(line.substring(3));
                    if (acknowledged == 150 + 97 * round) {
                        // SIGKILL through the handle, which (unlike Process.destroy) leaves our end of the pipe open
                        child.toHandle().destroyForcibly();
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(acknowledged).isGreaterThanOrEqualTo(150 + 97 * round);

            try (DiskQueue reopened = DiskQueue.open(q, QueueBounds.DEFAULT)) {
                List<QueuedRecord> records = reopened.peek(0, Integer.MAX_VALUE);
                assertThat(records.size()).as("every acknowledged append survives").isGreaterThanOrEqualTo(acknowledged + 1);
                assertThat(records.size()).as("at most the append under way besides").isLessThanOrEqualTo(acknowledged + 2);
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).index()).isEqualTo(i);
                    assertThat(records.get(i).payload()).isEqualTo(payload(i));
                }
                assertThat(reopened.recovery().corruptRegions()).isLessThanOrEqualTo(1);
            }
        }
    }
}
