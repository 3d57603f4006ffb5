package dev.palisade.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import dev.palisade.notify.testing.ChildProcess;
import dev.palisade.notify.testing.MosquittoBroker;
import dev.palisade.notify.testing.Records;
import dev.palisade.notify.testing.RsyslogServer;
import dev.palisade.notify.testing.Subscriber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing the notification settings of a running gateway against real rsyslogd and Mosquitto:
 * records queued for an unreachable Syslog server reach the server the new settings name (none lost,
 * none doubled, the new device name on later records); an MQTT broker change moves delivery to the
 * new broker; equal settings do not restart anything; unreadable certificates are refused by
 * {@link Notifications#plan} before delivery is touched.
 *
 * <p>The settings records are built directly: the document refuses loopback servers (a gateway
 * never forwards to itself), but these tests keep their traffic on loopback.
 */
class NotificationsTest {

    private static final NotifierOptions FAST = NotifierOptions.DEFAULT
            .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)));
    private static final SyslogConfig SYSLOG_OFF = new SyslogConfig(false, Optional.empty(), 514, SyslogConfig.Mode.UDP, "");
    private static final MqttNotificationConfig MQTT_OFF = new MqttNotificationConfig(false, Optional.empty(), 1883,
            "palisade/events", false, "", "", false, "", "", "");

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private static SettingsConfig settings(String device, SyslogConfig syslog, MqttNotificationConfig mqtt) {
        return new SettingsConfig(device, 300, false, syslog, mqtt, false);
    }

    private static SyslogConfig tcpSyslog(int port) {
        return new SyslogConfig(true, Optional.of(Ipv4Address.parse("127.0.0.1")), port, SyslogConfig.Mode.TCP, "");
    }

    private static MqttNotificationConfig mqtt(int port) {
        return new MqttNotificationConfig(true, Optional.of(Ipv4Address.parse("127.0.0.1")), port, "palisade/events", false, "", "",
                false, "", "", "");
    }

    @Test
    void recordsQueuedForTheOldSyslogServerReachTheNewOneWithNothingLostOrDoubled() throws Exception {
        int deadPort = ChildProcess.freeTcpPort();
        int livePort = ChildProcess.freeTcpPort();
        Notifications n = track(Notifications.start(dir.resolve("notify"), settings("gw1", tcpSyslog(deadPort), MQTT_OFF), FAST, r -> { }));
        for (long i = 1; i <= 5; i++) {
            n.accept(Records.numbered(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !n.status().get(0).lastError().isEmpty());
        assertThat(n.status().get(0).pending()).isEqualTo(5);

        RsyslogServer server = track(RsyslogServer.start(dir.resolve("rsyslog"), RsyslogServer.Mode.TCP, livePort));
        n.reconfigure(settings("gw2", tcpSyslog(livePort), MQTT_OFF));
        n.accept(Records.numbered(6));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> server.messages().size() >= 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> n.status().get(0).pending() == 0);
        Thread.sleep(300); // a record sent twice would show up now
        List<String> got = server.messageStrings();
        assertThat(got).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(got.get(i)).as("record %d in order", i + 1).contains("#" + (i + 1));
        }
        // Queued records keep the sender name they were written with; new ones carry the new device name.
        assertThat(got.get(0)).contains(" gw1 ");
        assertThat(got.get(5)).contains(" gw2 ");
        assertThat(n.status().get(0).destination()).endsWith(":" + livePort);
        assertThat(n.starts()).isEqualTo(2);
    }

    @Test
    void aBrokerChangeMovesDeliveryToTheNewBroker() throws Exception {
        int portA = ChildProcess.freeTcpPort();
        int portB = ChildProcess.freeTcpPort();
        track(MosquittoBroker.start(dir.resolve("a"), portA, Optional.empty(), Optional.empty()));
        track(MosquittoBroker.start(dir.resolve("b"), portB, Optional.empty(), Optional.empty()));
        Subscriber onA = track(Subscriber.connect(portA, "palisade/events", null, null, null));
        Notifications n = track(Notifications.start(dir.resolve("notify"), settings("gw1", SYSLOG_OFF, mqtt(portA)), FAST, r -> { }));
        n.accept(Records.numbered(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.received().size() == 1);
        onA.close();
        Subscriber onB = track(Subscriber.connect(portB, "palisade/events", null, null, null));

        n.reconfigure(settings("gw1", SYSLOG_OFF, mqtt(portB)));
        n.accept(Records.numbered(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> onB.received().size() == 1);
        assertThat(onB.received().get(0)).contains("#2");
        assertThat(n.status()).singleElement().satisfies(s -> assertThat(s.destination()).contains(":" + portB));
    }

    @Test
    void equalSettingsDoNotRestartAndSwitchingEverythingOffStopsDelivery() throws Exception {
        int port = ChildProcess.freeTcpPort();
        Notifications n = track(Notifications.start(dir.resolve("notify"), settings("gw1", tcpSyslog(port), MQTT_OFF), FAST, r -> { }));
        n.reconfigure(settings("gw1", tcpSyslog(port), MQTT_OFF));
        assertThat(n.starts()).isEqualTo(1);
        n.reconfigure(settings("gw1", SYSLOG_OFF, MQTT_OFF));
        assertThat(n.starts()).isEqualTo(2);
        assertThat(n.status()).isEmpty();
        n.accept(Records.numbered(1)); // nowhere to go: neither thrown nor queued
    }

    @Test
    void anUnreadableCertificateIsRefusedBeforeDeliveryIsTouched() throws Exception {
        int port = ChildProcess.freeTcpPort();
        Notifications n = track(Notifications.start(dir.resolve("notify"), settings("gw1", tcpSyslog(port), MQTT_OFF), FAST, r -> { }));
        SyslogConfig tls = new SyslogConfig(true, Optional.of(Ipv4Address.parse("127.0.0.1")), port, SyslogConfig.Mode.TLS,
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Notifications.plan(settings("gw1", tls, MQTT_OFF)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SETTINGS.SYSLOG.certificate");
        assertThat(n.starts()).isEqualTo(1);
        assertThat(n.status()).singleElement().satisfies(s -> assertThat(s.destination()).startsWith("syslog+tcp://"));
    }

    private <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }
}
