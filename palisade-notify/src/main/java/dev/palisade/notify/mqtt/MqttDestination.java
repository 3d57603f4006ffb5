package dev.palisade.notify.mqtt;

import dev.palisade.audit.AuditRecord;
import dev.palisade.notify.Destination;
import dev.palisade.notify.Sink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An MQTT broker and the topic audit records are published to. {@link #toString()} hides the
 * password.
 *
 * @param host     the broker's address (or name)
 * @param port     its port
 * @param topic    the topic every record is published to (no wildcards)
 * @param login    user name, if the broker wants one
 * @param password its password (only with a login)
 * @param tls      TLS settings, if TLS is used
 * @param clientId the MQTT client identifier (one per gateway, so a reconnection takes over the
 *                 old session)
 * @param timeout  how long connecting or one publication (until PUBACK) may take
 */
public record MqttDestination(String host, int port, String topic, Optional<String> login, Optional<String> password,
        Optional<MqttTls> tls, String clientId, Duration timeout) implements Destination {

    public MqttDestination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(clientId, "clientId");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a topic to publish to is not empty and has no '+', '#' or NUL");
        }
        if (password.isPresent() && login.isEmpty()) {
            throw new IllegalArgumentException("a password needs a login");
        }
    }

    /** Plain MQTT, no authentication, client identifier {@code palisade-notify}, 10 s timeout. */
    public static MqttDestination of(String host, int port, String topic) {
        return new MqttDestination(host, port, topic, Optional.empty(), Optional.empty(), Optional.empty(),
                "palisade-notify", Duration.ofSeconds(10));
    }

    public MqttDestination withCredentials(String user, String secret) {
        return new MqttDestination(host, port, topic, Optional.of(user), Optional.of(secret), tls, clientId, timeout);
    }

    public MqttDestination withTls(MqttTls settings) {
        return new MqttDestination(host, port, topic, login, password, Optional.of(settings), clientId, timeout);
    }

    public MqttDestination withClientId(String id) {
        return new MqttDestination(host, port, topic, login, password, tls, id, timeout);
    }

    public MqttDestination withTimeout(Duration t) {
        return new MqttDestination(host, port, topic, login, password, tls, clientId, t);
    }

    @Override
    public String name() {
        return (tls.isPresent() ? "mqtts://" : "mqtt://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/" + topic;
    }

    @Override
    public String queueName() {
        return "mqtt";
    }

    @Override
    public byte[] render(AuditRecord record, String hostName) {
        return MqttJson.render(record, hostName).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Sink newSink() {
        return new MqttSink(this);
    }

    @Override
    public String toString() {
        return "MqttDestination[" + name() + ", login=" + login.orElse("none") + ", password="
                + (password.isPresent() ? "***" : "none") + ", tls=" + tls.map(MqttTls::toString).orElse("off") + "]";
    }
}
