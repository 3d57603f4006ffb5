package dev.palisade.notify.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real rsyslogd run by the test: its own configuration and work directory, one input on
 * 127.0.0.1 (imudp, imtcp, or imtcp with the gtls driver), and every message written raw
 * ({@code %rawmsg%}) one per line to {@code received.log}.
 */
public final class RsyslogServer implements AutoCloseable {

    public static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    public static final Path GTLS = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so");

    /** The input kind. */
    public enum Mode { UDP, TCP, TLS }

    private final Mode mode;
    private final int port;
    private final Path received;
    private final ChildProcess process;

    private RsyslogServer(Mode mode, int port, Path received, ChildProcess process) {
        this.mode = mode;
        this.port = port;
        this.received = received;
        this.process = process;
    }

    /**
     * Starts rsyslogd in {@code dir} on {@code port}; for TLS, {@code tlsFiles} holds the CA, the
     * certificate and the key file.
     */
    public static RsyslogServer start(Path dir, Mode mode, int port, Path... tlsFiles) throws Exception {
        Files.createDirectories(dir.resolve("work"));
        Path received = dir.resolve("received.log");
        StringBuilder conf = new StringBuilder();
        conf.append("global(workDirectory=\"").append(dir.resolve("work")).append("\" maxMessageSize=\"64k\"");
        if (mode == Mode.TLS) {
            conf.append(" defaultNetstreamDriver=\"gtls\"")
                    .append(" defaultNetstreamDriverCAFile=\"").append(tlsFiles[0]).append('"')
                    .append(" defaultNetstreamDriverCertFile=\"").append(tlsFiles[1]).append('"')
                    .append(" defaultNetstreamDriverKeyFile=\"").append(tlsFiles[2]).append('"');
        }
        conf.append(")\n");
        switch (mode) {
            case UDP -> conf.append("module(load=\"imudp\")\ninput(type=\"imudp\" address=\"127.0.0.1\" port=\"").append(port).append("\")\n");
            case TCP -> conf.append("module(load=\"imtcp\")\ninput(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(port).append("\")\n");
            case TLS -> conf.append("module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")\n")
                    .append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(port).append("\")\n");
        }
        conf.append("template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n");
        conf.append("action(type=\"omfile\" file=\"").append(received).append("\" template=\"raw\")\n");
        Path confFile = Files.writeString(dir.resolve("rsyslog.conf"), conf.toString());
        ChildProcess p = ChildProcess.start(List.of(RSYSLOGD.toString(), "-n", "-f", confFile.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()), dir.resolve("rsyslogd.out"));
        RsyslogServer s = new RsyslogServer(mode, port, received, p);
        try {
            s.awaitListening();
        } catch (RuntimeException | InterruptedException e) {
            p.close(); // never leave a child behind, also when it did not come up
            throw e;
        }
        return s;
    }

    private void awaitListening() throws InterruptedException {
        process.awaitReady(Duration.ofSeconds(20), () -> Listening.on(mode == Mode.UDP, port));
    }

    /** Stops rsyslogd (SIGTERM, it writes out what it has). */
    public void stop() {
        process.stop();
    }

    /** Starts it again on the same port. */
    public void restart() throws Exception {
        Files.deleteIfExists(received.resolveSibling("rsyslogd.pid"));
        process.restart();
        awaitListening();
    }

    /** Every message received so far, raw, in order. */
    public List<byte[]> messages() throws IOException {
        if (!Files.exists(received)) {
            return List.of();
        }
        byte[] all = Files.readAllBytes(received);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                byte[] line = new byte[i - start];
                System.arraycopy(all, start, line, 0, line.length);
                out.add(line);
                start = i + 1;
            }
        }
        return out;
    }

    public List<String> messageStrings() throws IOException {
        return messages().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    public String output() {
        return process.output();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.close();
    }
}
