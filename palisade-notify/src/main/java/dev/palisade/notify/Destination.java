package dev.palisade.notify;

import dev.palisade.audit.AuditRecord;

/**
 * Where audit records go and how they are written there: a Syslog server
 * ({@link dev.palisade.notify.syslog.SyslogDestination}) or an MQTT broker
 * ({@link dev.palisade.notify.mqtt.MqttDestination}). Immutable; {@link #toString()} never shows a
 * secret.
 */
public interface Destination {

    /** A short name for reports and logs, e.g. {@code syslog+tls://192.0.2.10:6514}. */
    String name();

    /** The name of this destination's queue directory (one queue per destination). */
    String queueName();

    /** The bytes queued for one record, exactly as {@link Sink#send} will send them. */
    byte[] render(AuditRecord record, String hostName);

    /** A new, unopened connection to the peer. */
    Sink newSink();
}
