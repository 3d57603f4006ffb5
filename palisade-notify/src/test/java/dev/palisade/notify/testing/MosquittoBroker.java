package dev.palisade.notify.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Mosquitto broker run by the test on 127.0.0.1: its own configuration, persistence in the
 * test's directory (so a persistent subscriber session and its queued messages survive a restart
 * of the broker), optionally a password file and TLS with required client certificates.
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    /** TLS files of the broker: CA (for client certificates), its certificate and key. */
    public record Tls(Path ca, Path certificate, Path key) {
    }

    private final int port;
    private final ChildProcess process;

    private MosquittoBroker(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    public static MosquittoBroker start(Path dir, int port, Optional<String[]> user, Optional<Tls> tls) throws Exception {
        Files.createDirectories(dir);
        StringBuilder conf = new StringBuilder();
        conf.append("user root\n");
        conf.append("persistence true\npersistence_location ").append(dir).append("/\n");
        conf.append("max_queued_messages 100000\n");
        conf.append("log_dest stdout\nlog_type error\nlog_type warning\nlog_type notice\n");
        conf.append("listener ").append(port).append(" 127.0.0.1\n");
        if (user.isPresent()) {
            Path pw = dir.resolve("passwd");
            Process p = new ProcessBuilder(PASSWD.toString(), "-c", "-b", pw.toString(), user.get()[0], user.get()[1])
                    .redirectErrorStream(true).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
            }
            conf.append("allow_anonymous false\npassword_file ").append(pw).append('\n');
        } else {
            conf.append("allow_anonymous true\n");
        }
        if (tls.isPresent()) {
            conf.append("cafile ").append(tls.get().ca()).append('\n');
            conf.append("certfile ").append(tls.get().certificate()).append('\n');
            conf.append("keyfile ").append(tls.get().key()).append('\n');
            conf.append("require_certificate true\ntls_version tlsv1.2\n");
        }
        Path confFile = Files.writeString(dir.resolve("mosquitto.conf"), conf.toString());
        ChildProcess p = ChildProcess.start(List.of(MOSQUITTO.toString(), "-c", confFile.toString()), dir.resolve("mosquitto.out"));
        MosquittoBroker b = new MosquittoBroker(port, p);
        try {
            b.awaitListening();
        } catch (RuntimeException | InterruptedException e) {
            p.close(); // never leave a child behind, also when it did not come up
            throw e;
        }
        return b;
    }

    private void awaitListening() throws InterruptedException {
        process.awaitReady(Duration.ofSeconds(20), () -> Listening.on(false, port));
    }

    /** Stops the broker (SIGTERM: it saves its persistence file). */
    public void stop() {
        process.stop();
    }

    public void restart() throws Exception {
        process.restart();
        awaitListening();
    }

    public int port() {
        return port;
    }

    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
