package dev.palisade.config.model;

import java.util.Optional;

/**
 * {@code SETTINGS.MQTT_NOTIFICATION}: publishing audit events to an MQTT broker. Holds the
 * password and the client key, so {@link #toString()} leaves them out.
 */
public record MqttNotificationConfig(
        boolean enabled,
        Optional<Ipv4Address> server,
        int port,
        String eventTopic,
        boolean authEnabled,
        String login,
        String password,
        boolean tlsEnabled,
        String rootCertificate,
        String clientCertificate,
        String clientKey) {

    @Override
    public String toString() {
        return "MqttNotificationConfig[enabled=" + enabled + ", server=" + server + ", port=" + port
                + ", eventTopic=" + eventTopic + ", authEnabled=" + authEnabled + ", login=" + login
                + ", password=***, tlsEnabled=" + tlsEnabled + ", certificates="
                + (rootCertificate.isEmpty() ? "none" : "present") + "]";
    }
}
