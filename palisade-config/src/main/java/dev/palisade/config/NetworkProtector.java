package dev.palisade.config;

/**
 * Names tied to the industrial IPS application, Palisade's open equivalent of the vendor's
 * {@code kaspersky.kisg.netprotector}. Its per-application object is the top-level key
 * {@link #PACKAGE_ID}; inside it {@code APP_CONFIGURATION} holds the Base64-encoded rule lists.
 * While the application is installed but not configured, transit traffic stays blocked.
 */
public final class NetworkProtector {

    /** The package id, also the name of the application's top-level configuration object. */
    public static final String PACKAGE_ID = "palisade.netprotector";

    /** The object inside {@link #PACKAGE_ID} that holds the rule lists. */
    public static final String APP_CONFIGURATION = "APP_CONFIGURATION";

    /** Base64-encoded command filtering rules for industrial protocols. */
    public static final String COMMANDS_RULES = "industrial_commands_rules";

    /** Base64-encoded anomaly detection rules for industrial protocols. */
    public static final String ANOMALY_RULES = "industrial_anomaly_rules";

    private NetworkProtector() {
    }
}
