package dev.palisade.config.model;

/**
 * {@code SETTINGS}: the general settings the services read (device name, central management
 * heartbeat, modem switch, event forwarding, update request). Certificates of
 * {@code AUTH_CERTS} and the modem profiles stay in the document; they are validated but not typed
 * here.
 */
public record SettingsConfig(
        String deviceName,
        int kscHeartbeatSeconds,
        boolean modemEnabled,
        SyslogConfig syslog,
        MqttNotificationConfig mqttNotification,
        boolean firmwareUpdateRequested) {
}
