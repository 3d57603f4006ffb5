package dev.palisade.policy;

/**
 * Facts the policy needs that are not in the configuration document: the port the web service
 * really listens on (0 = only 443), the Syslog server port whose replies are admitted, and
 * whether the industrial IPS is running.
 */
public record PolicySettings(int webServicePort, int syslogPort, boolean ipsRunning) {

    public static final PolicySettings DEFAULTS = new PolicySettings(0, 514, true);
}
