package dev.palisade.notify.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server the test starts as a child process (rsyslogd, mosquitto), its output in a file, and
 * always ended: {@link #close()} stops it (SIGTERM, then SIGKILL) and is idempotent, so tests put
 * it in try-with-resources or an {@code @AfterEach}, and a JVM shutdown hook catches the rest.
 */
public final class ChildProcess implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private Process process;

    private ChildProcess(List<String> command, Path log) {
        this.command = List.copyOf(command);
        this.log = log;
    }

    public static ChildProcess start(List<String> command, Path log) throws IOException {
        ChildProcess c = new ChildProcess(command, log);
        c.restart();
        return c;
    }

    /** Starts the process (again, after {@link #stop()}). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        process = p;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    }

    /** Stops the process: SIGTERM, up to 10 s, then SIGKILL. */
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** What the process printed so far (for failure messages). */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A TCP port free on loopback now. */
    public static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port free on loopback for both TCP and UDP now. */
    public static int freeUdpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = d.getLocalPort();
                try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }

    /** Waits until {@code ready} holds or fails with the process's output. */
    public void awaitReady(Duration timeout, BooleanSupplier ready) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited: " + output());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(command.get(0) + " not ready after " + timeout + ": " + output());
    }
}
