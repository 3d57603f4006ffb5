package dev.palisade.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.notify.mqtt.MqttDestination;
import dev.palisade.notify.mqtt.MqttJson;
import dev.palisade.notify.mqtt.MqttTls;
import dev.palisade.notify.testing.ChildProcess;
import dev.palisade.notify.testing.MosquittoBroker;
import dev.palisade.notify.testing.Records;
import dev.palisade.notify.testing.Subscriber;
import dev.palisade.notify.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against a real Mosquitto broker on loopback, plain with a user and password and TLS
 * with required client certificates: a subscriber receives every record as the documented JSON,
 * in order; a broker outage loses nothing and duplicates nothing; wrong credentials and a missing
 * client certificate deliver nothing and keep the records queued.
 */
class MosquittoDeliveryTest {

    private static final String HOST = "gw1";
    private static final String TOPIC = "palisade/events";
    private static final String[] USER = {"gateway", "s3cret-Pässword"};
    private static final NotifierOptions FAST = NotifierOptions.DEFAULT
            .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<OverflowReport> reports = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void mosquittoIsInstalled() {
        assertThat(MosquittoBroker.MOSQUITTO).as("mosquitto must be installed (.ci/run installs it)").exists();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void plainWithPasswordDeliversJsonInOrderAndSurvivesABrokerOutage() throws Exception {
        int port = ChildProcess.freeTcpPort();
        MosquittoBroker broker = track(MosquittoBroker.start(dir.resolve("broker"), port, Optional.of(USER), Optional.empty()));
        Subscriber sub = track(Subscriber.connect(port, TOPIC, USER, null, null));
        MqttDestination destination = MqttDestination.of("127.0.0.1", port, TOPIC).withCredentials(USER[0], USER[1])
                .withTimeout(Duration.ofSeconds(3));
        assertThat(destination.toString()).doesNotContain(USER[1]);
        outageScenario(broker, sub, destination);
    }

    @Test
    void tlsWithClientCertificatesDeliversAndSurvivesABrokerOutage() throws Exception {
        int port = ChildProcess.freeTcpPort();
        TestPki pki = TestPki.create("MQTT test CA");
        Path files = Files.createDirectories(dir.resolve("pki"));
        Path ca = pki.ca().write(files, "ca");
        Path cert = pki.server("broker", "127.0.0.1").write(files, "server");
        MosquittoBroker broker = track(MosquittoBroker.start(dir.resolve("broker"), port, Optional.empty(),
                Optional.of(new MosquittoBroker.Tls(ca, cert, files.resolve("server.key")))));
        Subscriber sub = track(Subscriber.connect(port, TOPIC, null, pki.client("subscriber"), pki));
        TestPki.Issued gateway = pki.client("gateway");
        MqttDestination destination = MqttDestination.of("127.0.0.1", port, TOPIC).withTimeout(Duration.ofSeconds(3))
                .withTls(new MqttTls(List.of(pki.ca().certificate()), List.of(gateway.certificate()), Optional.of(gateway.key())));
        outageScenario(broker, sub, destination);
    }

    @Test
    void withoutAClientCertificateTheBrokerRefusesAndRecordsStayQueued() throws Exception {
        int port = ChildProcess.freeTcpPort();
        TestPki pki = TestPki.create("MQTT test CA");
        Path files = Files.createDirectories(dir.resolve("pki"));
        Path ca = pki.ca().write(files, "ca");
        Path cert = pki.server("broker", "127.0.0.1").write(files, "server");
        track(MosquittoBroker.start(dir.resolve("broker"), port, Optional.empty(),
                Optional.of(new MosquittoBroker.Tls(ca, cert, files.resolve("server.key")))));
        Subscriber sub = track(Subscriber.connect(port, TOPIC, null, pki.client("subscriber"), pki));
        MqttDestination destination = MqttDestination.of("127.0.0.1", port, TOPIC).withTimeout(Duration.ofSeconds(3))
                .withTls(new MqttTls(List.of(pki.ca().certificate()), List.of(), Optional.empty()));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        notifier.accept(Records.numbered(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> !notifier.status().get(0).lastError().isEmpty());
        Thread.sleep(300);
        assertThat(sub.received()).isEmpty();
        assertThat(notifier.status().get(0).pending()).isEqualTo(1);
    }

    @Test
    void aWrongPasswordDeliversNothingAndIsNeverShown() throws Exception {
        int port = ChildProcess.freeTcpPort();
        track(MosquittoBroker.start(dir.resolve("broker"), port, Optional.of(USER), Optional.empty()));
        Subscriber sub = track(Subscriber.connect(port, TOPIC, USER, null, null));
        String wrong = "not-the-password-42";
        MqttDestination destination = MqttDestination.of("127.0.0.1", port, TOPIC).withCredentials(USER[0], wrong)
                .withTimeout(Duration.ofSeconds(3));
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        notifier.accept(Records.numbered(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> !notifier.status().get(0).lastError().isEmpty());
        assertThat(notifier.status().get(0).lastError()).doesNotContain(wrong);
        assertThat(notifier.status().toString()).doesNotContain(wrong);
        Thread.sleep(300);
        assertThat(sub.received()).isEmpty();
        assertThat(notifier.status().get(0).pending()).isEqualTo(1);
    }

    private void outageScenario(MosquittoBroker broker, Subscriber sub, MqttDestination destination) throws Exception {
        Notifier notifier = track(Notifier.start(dir.resolve("state"), HOST, List.of(destination), FAST, reports::add));
        for (long n = 1; n <= 20; n++) {
            notifier.accept(Records.numbered(n));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sub.received().size() >= 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.status().get(0).pending() == 0);

        broker.stop();
        for (long n = 21; n <= 50; n++) {
            notifier.accept(Records.numbered(n));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifier.status().get(0).connected());
        assertThat(notifier.status().get(0).pending()).isEqualTo(30);

        broker.restart();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.received().size() >= 50);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("subscriber has " + sub.received().size() + ", connected " + sub.connected()
                    + "; notifier " + notifier.status() + "; broker: " + broker.output(), e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.status().get(0).pending() == 0);
        Thread.sleep(300);
        List<String> expected = LongStream.rangeClosed(1, 50).mapToObj(n -> MqttJson.render(Records.numbered(n), HOST)).toList();
        assertThat(sub.received()).containsExactlyElementsOf(expected);
        assertThat(notifier.status().get(0).delivered()).isEqualTo(50);
        assertThat(reports).isEmpty();
    }

    private <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }
}
