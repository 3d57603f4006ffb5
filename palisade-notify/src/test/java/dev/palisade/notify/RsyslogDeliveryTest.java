package dev.palisade.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.AuditLogKind;
import dev.palisade.audit.AuditRecord;
import dev.palisade.notify.queue.QueueBounds;
import dev.palisade.notify.syslog.SyslogDestination;
import dev.palisade.notify.testing.ChildProcess;
import dev.palisade.notify.testing.Records;
import dev.palisade.notify.testing.RsyslogServer.Mode;
import dev.palisade.notify.testing.RsyslogServer;
import dev.palisade.notify.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end against a real rsyslogd on loopback in all three modes: what rsyslog writes raw is
 * byte for byte what the formatter made, in order; an outage (rsyslogd stopped, records made,
 * rsyslogd started again) loses nothing and duplicates nothing; a full queue counts and reports
 * what it refused; TLS refuses a server the uploaded certificate does not vouch for.
 */
class RsyslogDeliveryTest {

    private static final String HOST = "gw1";
    private static final NotifierOptions FAST = NotifierOptions.DEFAULT
            .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<OverflowReport> reports = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void rsyslogIsInstalled() {
        assertThat(RsyslogServer.RSYSLOGD).as("rsyslog must be installed (.ci/run installs it)").exists();
        assertThat(RsyslogServer.GTLS).as("rsyslog-gnutls must be installed (.ci/run installs it)").exists();
    }

    @AfterEach
    void closeAll() throws Exception {
        // Notifier first, then the servers: children are stopped even when a test failed.
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void deliversInOrderAndSurvivesAnOutageWithoutLossOrDuplicates(Mode mode) throws Exception {
        int port = mode == Mode.UDP ? ChildProcess.freeUdpPort() : ChildProcess.freeTcpPort();
        Setup s = setup(mode, port);
        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), mode, port, s.tlsFiles));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(s.destination), FAST, reports::add));

        for (long n = 1; n <= 20; n++) {
            notifier.accept(Records.numbered(n));
        }
        awaitMessages(server, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.status().get(0).pending() == 0);

        server.stop();
        for (long n = 21; n <= 50; n++) {
            notifier.accept(Records.numbered(n));
        }
        // The stopped server's absence is noticed (closed connection or ICMP port unreachable).
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifier.status().get(0).lastError().isEmpty());
        assertThat(notifier.status().get(0).pending()).isEqualTo(30);
        assertThat(server.messages()).hasSize(20);

        server.restart();
        awaitMessages(server, 50);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.status().get(0).pending() == 0);
        Thread.sleep(300); // anything sent twice would show up now
        assertExactly(server, s.destination, LongStream.rangeClosed(1, 50).toArray());
        assertThat(notifier.status().get(0).delivered()).isEqualTo(50);
        assertThat(reports).isEmpty();
    }

    @Test
    void aFullQueueRefusesCountsAndReportsThenDeliversWhatItHeld() throws Exception {
        int port = ChildProcess.freeTcpPort();
        SyslogDestination destination = SyslogDestination.tcp("127.0.0.1", port).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        NotifierOptions small = FAST.withBounds(QueueBounds.DEFAULT.withLimits(10, 1 << 20));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), small, reports::add));

        for (long n = 1; n <= 25; n++) {
            notifier.accept(Records.numbered(n));
        }
        assertThat(notifier.status().get(0).pending()).isEqualTo(10);
        assertThat(notifier.status().get(0).dropped()).isEqualTo(15);
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 1);
        assertThat(reports.get(0)).isEqualTo(new OverflowReport(destination.name(), 1, 1, false));

        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), Mode.TCP, port));
        awaitMessages(server, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 2);
        assertThat(reports.get(1)).isEqualTo(new OverflowReport(destination.name(), 15, 15, true));
        assertThat(reports.get(1).text()).isEqualTo("15 events were not delivered to " + destination.name() + ": its delivery queue is full");

        // The service records the report as an audit event; it is delivered like any other.
        notifier.accept(Records.numbered(26));
        awaitMessages(server, 11);
        assertExactly(server, destination, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 26);
    }

    @Test
    void overUdpALongTextIsCutToTheDatagramLimitAndArrivesWhole() throws Exception {
        int port = ChildProcess.freeUdpPort();
        SyslogDestination destination = SyslogDestination.udp("127.0.0.1", port).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), Mode.UDP, port));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        AuditRecord longOne = new AuditRecord(AuditLogKind.OPERATING_SYSTEM, 1, Instant.parse("2026-11-25T20:00:00Z"),
                AuditEventType.LAUNCHING_AN_APPLICATION, "System: Launcher", "Zähler-".repeat(1000));
        notifier.accept(longOne);
        awaitMessages(server, 1);
        byte[] expected = destination.render(longOne, HOST);
        assertThat(expected.length).isBetween(2045, 2048);
        assertThat(server.messages().get(0)).isEqualTo(expected);
    }

    @Test
    void recordsQueuedBeforeARestartOfTheGatewayAreDeliveredAfterIt() throws Exception {
        int port = ChildProcess.freeTcpPort();
        SyslogDestination destination = SyslogDestination.tcp("127.0.0.1", port).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        try (Notifier first = Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add)) {
            for (long n = 1; n <= 7; n++) {
                first.accept(Records.numbered(n));
            }
        }
        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), Mode.TCP, port));
        Notifier second = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        second.accept(Records.numbered(8));
        awaitMessages(server, 8);
        assertExactly(server, destination, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void tlsRefusesAServerTheUploadedCaDidNotIssue() throws Exception {
        int port = ChildProcess.freeTcpPort();
        TestPki serverPki = TestPki.create("Syslog CA");
        TestPki otherPki = TestPki.create("Some other CA");
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Path ca = serverPki.ca().write(pki, "ca");
        Path cert = serverPki.server("syslog", "127.0.0.1").write(pki, "server");
        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), Mode.TLS, port, ca, cert, pki.resolve("server.key")));
        SyslogDestination destination = SyslogDestination.tls("127.0.0.1", port, List.of(otherPki.ca().certificate()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        notifier.accept(Records.numbered(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.status().get(0).lastError().contains("Handshake")
                || notifier.status().get(0).lastError().contains("certif"));
        Thread.sleep(300);
        assertThat(server.messages()).isEmpty();
        assertThat(notifier.status().get(0).pending()).isEqualTo(1);
    }

    @Test
    void tlsTrustsTheServersOwnCertificateWhenThatIsWhatWasUploaded() throws Exception {
        int port = ChildProcess.freeTcpPort();
        TestPki pki = TestPki.create("Syslog CA");
        Path files = Files.createDirectories(dir.resolve("pki"));
        Path ca = pki.ca().write(files, "ca");
        TestPki.Issued leaf = pki.serverWithoutNames("syslog.example");
        Path cert = leaf.write(files, "server");
        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), Mode.TLS, port, ca, cert, files.resolve("server.key")));
        // Pinned: the server's certificate itself (it names no address, which pinning does not need).
        SyslogDestination destination = SyslogDestination.tls("127.0.0.1", port, List.of(leaf.certificate()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        notifier.accept(Records.numbered(1));
        awaitMessages(server, 1);
        assertExactly(server, destination, 1);

        // The same certificate reached through its CA must name the address: it does not.
        SyslogDestination viaCa = SyslogDestination.tls("127.0.0.1", port, List.of(pki.ca().certificate()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
        Notifier other = track(Notifier.start(dir.resolve("state2"), HOST, List.of(viaCa), FAST, reports::add));
        other.accept(Records.numbered(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> other.status().get(0).lastError().contains("does not name 127.0.0.1"));
        assertThat(server.messages()).hasSize(1);
    }

    private record Setup(SyslogDestination destination, Path[] tlsFiles) {
    }

    private Setup setup(Mode mode, int port) throws Exception {
        return switch (mode) {
            case UDP -> new Setup(SyslogDestination.udp("127.0.0.1", port).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100)), new Path[0]);
            case TCP -> new Setup(SyslogDestination.tcp("127.0.0.1", port).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100)), new Path[0]);
            case TLS -> {
                TestPki pki = TestPki.create("Syslog test CA");
                Path files = Files.createDirectories(dir.resolve("pki"));
                Path ca = pki.ca().write(files, "ca");
                Path cert = pki.server("syslog", "127.0.0.1").write(files, "server");
                yield new Setup(SyslogDestination.tls("127.0.0.1", port, List.of(pki.ca().certificate()))
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(100)), new Path[] {ca, cert, files.resolve("server.key")});
            }
        };
    }

    private <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private static void awaitMessages(RsyslogServer server, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.messages().size() >= count);
    }

    /** rsyslog received exactly these records, in this order, each byte for byte as formatted. */
    private static void assertExactly(RsyslogServer server, SyslogDestination destination, long... sequences) throws Exception {
        List<byte[]> got = server.messages();
        List<String> gotText = server.messageStrings();
        assertThat(got).as("rsyslog output: %s", gotText).hasSize(sequences.length);
        for (int i = 0; i < sequences.length; i++) {
            AuditRecord r = Records.numbered(sequences[i]);
            byte[] expected = destination.render(r, HOST);
            assertThat(Arrays.equals(got.get(i), expected))
                    .as("message %d: expected%n%s%nbut rsyslog wrote%n%s", i, new String(expected, StandardCharsets.UTF_8), gotText.get(i))
                    .isTrue();
        }
    }
}
