package dev.palisade.config.model;

import java.util.Optional;

/**
 * {@code SETTINGS.SYSLOG}: forwarding of the event logs to a Syslog server. The server is the
 * address part of {@code host}; the port is the one written in {@code host} or else {@code port}.
 */
public record SyslogConfig(boolean enabled, Optional<Ipv4Address> server, int port, Mode mode, String certificate) {

    /** {@code mode}: the transport; {@code tls} is a Palisade extension (the web console's "TLS"). */
    public enum Mode {
        UDP("udp"),
        TCP("tcp"),
        TCP_UDP("tcp+udp"),
        TLS("tls");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The mode spelled {@code key}, or null. */
        public static Mode ofKey(String key) {
            for (Mode mode : values()) {
                if (mode.key.equals(key)) {
                    return mode;
                }
            }
            return null;
        }
    }

    @Override
    public String toString() {
        return "SyslogConfig[enabled=" + enabled + ", server=" + server + ", port=" + port + ", mode=" + mode
                + ", certificate=" + (certificate.isEmpty() ? "none" : "present") + "]";
    }
}
