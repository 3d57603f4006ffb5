package dev.palisade.management.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sets the system clock with {@code date -u -s @<epoch seconds>}, run directly (no shell, so
 * nothing in the value can be read as a command; the value is a number the caller produced).
 * Needs CAP_SYS_TIME; without it {@code date} fails and its message is passed on.
 */
final class DateCommandClock implements HostClock {

    private static final String DATE = "/usr/bin/date";

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void set(Instant time) throws IOException {
        List<String> command = List.of(DATE, "-u", "-s", "@" + time.getEpochSecond());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("setting the system clock did not finish within 10 seconds");
            }
            String output = new String(process.getInputStream().readNBytes(1024), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException("the system clock could not be set: " + (output.isEmpty() ? "date exited with " + process.exitValue() : output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the system clock", e);
        }
    }
}
