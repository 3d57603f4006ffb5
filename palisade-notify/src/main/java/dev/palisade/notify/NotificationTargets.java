package dev.palisade.notify;

import dev.palisade.config.model.MqttNotificationConfig;
import dev.palisade.config.model.SettingsConfig;
import dev.palisade.config.model.SyslogConfig;
import dev.palisade.notify.mqtt.MqttDestination;
import dev.palisade.notify.mqtt.MqttTls;
import dev.palisade.notify.syslog.SyslogDestination;
import dev.palisade.notify.tls.PemMaterial;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The destinations {@code SETTINGS.SYSLOG} and {@code SETTINGS.MQTT_NOTIFICATION} describe.
 * Syslog {@code udp} is UDP, {@code tcp} and {@code tcp+udp} are TCP (the specification: "forward
 * via TCP using a TCP connection"), {@code tls} is TLS verified against {@code certificate}.
 * MQTT uses its login and password when {@code auth_enabled}, and TLS with
 * {@code certificate_root} (and the client certificate and key, when given) when
 * {@code certs_enabled}. The MQTT client identifier is {@code palisade-<device name>}.
 */
public final class NotificationTargets {

    private NotificationTargets() {
    }

    /**
     * The enabled destinations of {@code settings}, Syslog first.
     *
     * @throws IllegalArgumentException when uploaded certificates or keys cannot be read (the
     *                                  message names the key, never its content)
     */
    public static List<Destination> from(SettingsConfig settings) {
        List<Destination> out = new ArrayList<>(2);
        syslog(settings.syslog()).ifPresent(out::add);
        mqtt(settings.mqttNotification(), settings.deviceName()).ifPresent(out::add);
        return List.copyOf(out);
    }

    /** The Syslog destination, when enabled. */
    public static Optional<SyslogDestination> syslog(SyslogConfig c) {
        if (!c.enabled() || c.server().isEmpty()) {
            return Optional.empty();
        }
        String host = c.server().get().toString();
        return Optional.of(switch (c.mode()) {
            case UDP -> SyslogDestination.udp(host, c.port());
            case TCP, TCP_UDP -> SyslogDestination.tcp(host, c.port());
            case TLS -> {
                try {
                    yield SyslogDestination.tls(host, c.port(), PemMaterial.certificates(c.certificate()));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("SETTINGS.SYSLOG.certificate: " + e.getMessage(), e);
                }
            }
        });
    }

    /** The MQTT destination, when enabled. */
    public static Optional<MqttDestination> mqtt(MqttNotificationConfig c, String deviceName) {
        if (!c.enabled() || c.server().isEmpty()) {
            return Optional.empty();
        }
        MqttDestination d = MqttDestination.of(c.server().get().toString(), c.port(), c.eventTopic())
                .withClientId("palisade-" + (deviceName.isEmpty() ? "gateway" : deviceName));
        if (c.authEnabled()) {
            d = d.withCredentials(c.login(), c.password());
        }
        if (c.tlsEnabled()) {
            String key = "SETTINGS.MQTT_NOTIFICATION.certificate_root";
            try {
                var trusted = PemMaterial.certificates(c.rootCertificate());
                if (c.clientCertificate().isEmpty()) {
                    d = d.withTls(new MqttTls(trusted, List.of(), Optional.empty()));
                } else {
                    key = "SETTINGS.MQTT_NOTIFICATION.certificate_cert";
                    var chain = PemMaterial.certificates(c.clientCertificate());
                    key = "SETTINGS.MQTT_NOTIFICATION.certificate_key";
                    d = d.withTls(new MqttTls(trusted, chain, Optional.of(PemMaterial.privateKey(c.clientKey()))));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return Optional.of(d);
    }
}
