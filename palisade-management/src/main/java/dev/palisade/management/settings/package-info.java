/**
 * The Settings section's own tabs: General (device name, date and time), Notifications (Syslog and
 * MQTT delivery over {@code SETTINGS.SYSLOG} and {@code SETTINGS.MQTT_NOTIFICATION}) and Central
 * management (the management server's address and its server certificate). {@link
 * dev.palisade.management.settings.SettingsFeature} plugs the API operations and the pages into the
 * management service; configuration changes go through the configuration history like every other
 * change, the host clock through {@link dev.palisade.management.settings.HostClock}.
 */
package dev.palisade.management.settings;
