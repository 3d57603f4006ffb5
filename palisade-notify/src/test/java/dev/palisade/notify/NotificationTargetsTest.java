package dev.palisade.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.model.Ipv4Address;
import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import dev.palisade.notify.mqtt.MqttDestination;
import dev.palisade.notify.syslog.Facility;
import dev.palisade.notify.syslog.SyslogDestination;
import dev.palisade.notify.syslog.SyslogTransport;
import dev.palisade.notify.testing.TestPki;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SETTINGS.SYSLOG and SETTINGS.MQTT_NOTIFICATION become the destinations they describe. */
class NotificationTargetsTest {

    private static final Optional<Ipv4Address> SERVER = Optional.of(Ipv4Address.parse("192.0.2.10"));

    private static MqttNotificationConfig mqttOff() {
        return new MqttNotificationConfig(false, Optional.empty(), 1883, "palisade/events", false, "", "", false, "", "", "");
    }

    private static SettingsConfig settings(SyslogConfig syslog, MqttNotificationConfig mqtt) {
        return new SettingsConfig("gw7", 60, false, syslog, mqtt, false);
    }

    @Test
    void nothingEnabledMeansNoDestination() {
        assertThat(NotificationTargets.from(settings(new SyslogConfig(false, SERVER, 514, SyslogConfig.Mode.UDP, ""), mqttOff()))).isEmpty();
    }

    @Test
    void syslogModesMapToTransports() throws Exception {
        assertThat(NotificationTargets.syslog(new SyslogConfig(true, SERVER, 514, SyslogConfig.Mode.UDP, "")).orElseThrow())
                .isEqualTo(SyslogDestination.udp("192.0.2.10", 514));
        assertThat(NotificationTargets.syslog(new SyslogConfig(true, SERVER, 601, SyslogConfig.Mode.TCP, "")).orElseThrow().transport())
                .isEqualTo(SyslogTransport.TCP);
        // "tcp+udp": the specification says it forwards over a TCP connection.
        assertThat(NotificationTargets.syslog(new SyslogConfig(true, SERVER, 601, SyslogConfig.Mode.TCP_UDP, "")).orElseThrow().transport())
                .isEqualTo(SyslogTransport.TCP);
        TestPki pki = TestPki.create("CA");
        SyslogDestination tls = NotificationTargets.syslog(
                new SyslogConfig(true, SERVER, 6514, SyslogConfig.Mode.TLS, pki.ca().certificatePem())).orElseThrow();
        assertThat(tls.transport()).isEqualTo(SyslogTransport.TLS);
        assertThat(tls.trusted()).containsExactly(pki.ca().certificate());
        assertThat(tls.facility()).isEqualTo(Facility.LOG_AUDIT);
        assertThat(tls.name()).isEqualTo("syslog+tls://192.0.2.10:6514");
    }

    @Test
    void anUnreadableCertificateIsAClearErrorNamingTheKey() {
        assertThatThrownBy(() -> NotificationTargets.syslog(new SyslogConfig(true, SERVER, 6514, SyslogConfig.Mode.TLS, "garbage")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SETTINGS.SYSLOG.certificate: ");
    }

    @Test
    void mqttWithAuthenticationAndTls() throws Exception {
        TestPki pki = TestPki.create("CA");
        TestPki.Issued client = pki.client("gw7");
        MqttNotificationConfig c = new MqttNotificationConfig(true, SERVER, 8883, "plant/events", true, "gw7", "pa55word",
                true, pki.ca().certificatePem(), client.certificatePem(), client.keyPem());
        List<Destination> all = NotificationTargets.from(settings(new SyslogConfig(false, Optional.empty(), 514, SyslogConfig.Mode.UDP, ""), c));
        assertThat(all).hasSize(1);
        MqttDestination d = (MqttDestination) all.get(0);
        assertThat(d.host()).isEqualTo("192.0.2.10");
        assertThat(d.port()).isEqualTo(8883);
        assertThat(d.topic()).isEqualTo("plant/events");
        assertThat(d.login()).contains("gw7");
        assertThat(d.password()).contains("pa55word");
        assertThat(d.clientId()).isEqualTo("palisade-gw7");
        assertThat(d.tls().orElseThrow().clientKey()).contains(client.key());
        assertThat(d.toString()).doesNotContain("pa55word").doesNotContain(client.keyPem().substring(40, 80));
        assertThat(d.name()).isEqualTo("mqtts://192.0.2.10:8883/plant/events");
    }

    @Test
    void aBadKeyIsNamedNotShown() throws Exception {
        TestPki pki = TestPki.create("CA");
        TestPki.Issued client = pki.client("gw7");
        String secretLooking = "-----BEGIN PRIVATE KEY-----\nQUJDREVGR0hJSktMTU5PUA==\n-----END PRIVATE KEY-----\n";
        MqttNotificationConfig c = new MqttNotificationConfig(true, SERVER, 8883, "t", false, "", "", true,
                pki.ca().certificatePem(), client.certificatePem(), secretLooking);
        assertThatThrownBy(() -> NotificationTargets.mqtt(c, "gw7"))
                .hasMessageStartingWith("SETTINGS.MQTT_NOTIFICATION.certificate_key: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("QUJDREVGR0hJSktMTU5PUA"));
    }
}
