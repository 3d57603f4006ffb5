package dev.palisade.ips.mqtt;

/**
 * Options of the EVE {@code mqtt} record, named as in Suricata's {@code outputs.eve-log.types.mqtt}.
 *
 * @param stringLogLimit {@code string-log-limit}: topics, client ids, messages and property strings
 *                       longer than this many bytes are cut and marked
 *                       {@code [truncated N additional bytes]}
 * @param logPasswords   {@code passwords}: whether the CONNECT password is written
 */
public record MqttEveOptions(int stringLogLimit, boolean logPasswords) {

    /** Suricata's defaults: 1024-byte strings, passwords logged. */
    public static final MqttEveOptions SURICATA = new MqttEveOptions(1024, true);

    /** Palisade's own default: like Suricata's, but secrets are never logged. */
    public static final MqttEveOptions DEFAULTS = new MqttEveOptions(1024, false);

    public MqttEveOptions {
        if (stringLogLimit < 0) {
            throw new IllegalArgumentException("string log limit must not be negative, got " + stringLogLimit);
        }
    }
}
