package dev.palisade.management.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ping tool of the troubleshooting page: runs the system's {@code ping} (iputils) on a
 * {@link PingTarget} that already passed validation, with a fixed argument list (4 echo requests,
 * numeric output, 2 s per reply, 10 s overall), no shell, a minimal environment, standard error
 * merged into the output, the output cut at {@link #MAX_OUTPUT} bytes, and the process killed if it
 * outlives its deadline. The JDK cannot send ICMP echo itself without raw sockets, so the system tool
 * (installed set-uid or with the capability for this) does it.
 */
public final class PingTool {

    /** Echo requests sent. */
    public static final int COUNT = 4;
    /** Longest output kept. */
    public static final int MAX_OUTPUT = 16 * 1024;
    private static final long DEADLINE_SECONDS = 10;
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/ping"), Path.of("/bin/ping"), Path.of("/usr/sbin/ping"));

    /** What a ping run gave: the exit status (0: replies received), the output, whether it was cut off. */
    public record Outcome(String host, int exitCode, String output, boolean timedOut) {
    }

    private PingTool() {
    }

    /** The installed ping, if any. */
    static Optional<Path> executable() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst();
    }

    /** The argument list for {@code target}: the executable, fixed options, then the target as one argument. */
    static List<String> command(Path executable, PingTarget target) {
        return List.of(executable.toString(), "-n", "-c", Integer.toString(COUNT), "-W", "2", "-w", Long.toString(DEADLINE_SECONDS),
                target.host());
    }

    /** Pings {@code target}; an IOException when ping is missing or cannot start. */
    public static Outcome run(PingTarget target) throws IOException, InterruptedException {
        Path ping = executable().orElseThrow(() -> new IOException("the ping tool (iputils-ping) is not installed on the gateway"));
        ProcessBuilder builder = new ProcessBuilder(command(ping, target)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        try (var reader = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), reader);
            boolean finished = process.waitFor(DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            byte[] bytes;
            try {
                bytes = output.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                bytes = new byte[0];
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new Outcome(target.host(), finished ? process.exitValue() : -1, text, !finished);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            byte[] kept = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return kept;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
