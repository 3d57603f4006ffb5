package dev.palisade.config;

import dev.palisade.config.model.AuditLogSettings;
import dev.palisade.config.model.GatewayConfig;
import dev.palisade.config.model.InstalledApplication;
import dev.palisade.config.model.ModeSwitch;
import dev.palisade.config.model.NetProtectorConfig;
import dev.palisade.config.model.NetworkConfig;
import dev.palisade.config.model.SettingsConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a whole document (defaults already filled in) and builds its typed views. Every
 * section is bound even when an earlier one failed, so all errors are reported at once; the
 * result is used only when there were none.
 */
final class DocumentBinder {

    /** The top-level keys of the spec; any other top-level key is an application's object. */
    static final Set<String> KNOWN_TOP_LEVEL = Set.of("ABOUT", "APPLICATIONS", "MARKETPLACE", "MODE_SWITCH", "MQTT",
            "NETWORK", "SETTINGS");

    private DocumentBinder() {
    }

    /** What a valid document binds to. */
    record Bound(GatewayConfig config, SettingsConfig settings, Optional<NetProtectorConfig> netProtector,
            List<ConfigError> warnings, AuditLogSettings auditLogs) {
    }

    static Bound bind(ObjectNode tree) throws ConfigException {
        Problems problems = new Problems();
        Fields root = Fields.of(tree, JsonPath.ROOT, problems).orElseThrow();
        root.object("ABOUT", true).ifPresent(about -> {
            about.warnUnknown(Set.of("text"));
            about.string("text", false);
        });
        ModeSwitch mode = root.object("MODE_SWITCH", true).map(DocumentBinder::modeSwitch).orElse(null);
        boolean routerMode = mode == null || mode.routerMode();
        List<InstalledApplication> applications = root.object("APPLICATIONS", true)
                .map(ApplicationsBinder::bind).orElse(List.of());
        root.object("MARKETPLACE", true).ifPresent(ApplicationsBinder::marketplace);
        root.object("MQTT", true).ifPresent(SettingsBinder::mqttProfiles);
        NetworkConfig network = root.object("NETWORK", true).map(n -> NetworkBinder.bind(n, routerMode)).orElse(null);
        SettingsConfig settings = root.object("SETTINGS", true).map(SettingsBinder::bind).orElse(null);
        Optional<NetProtectorConfig> netProtector = NetProtectorBinder.bind(root);
        AuditLogSettings auditLogs = AuditLogBinder.bind(tree, problems);
        if (problems.hasErrors()) {
            throw problems.exception();
        }
        warnUnconfiguredRules(applications, netProtector, problems);
        return new Bound(new GatewayConfig(mode, network, applications), settings, netProtector, problems.warnings(), auditLogs);
    }

    private static ModeSwitch modeSwitch(Fields mode) {
        mode.warnUnknown(Set.of("is_developer_mode", "is_no_secure_mode", "router_mode"));
        Optional<Boolean> developer = mode.bool("is_developer_mode", true);
        Optional<Boolean> noSecure = mode.bool("is_no_secure_mode", true);
        Optional<Boolean> router = mode.bool("router_mode", true);
        if (developer.isEmpty() || noSecure.isEmpty() || router.isEmpty()) {
            return null;
        }
        return new ModeSwitch(router.get(), developer.get(), noSecure.get());
    }

    /** The spec: an IPS without any rule list cannot run, and the gateway enters emergency mode. */
    private static void warnUnconfiguredRules(List<InstalledApplication> applications,
            Optional<NetProtectorConfig> netProtector, Problems problems) {
        boolean markedConfigured = applications.stream()
                .anyMatch(a -> a.packageId().equals(NetworkProtector.PACKAGE_ID) && a.configured());
        if (markedConfigured && netProtector.filter(NetProtectorConfig::hasRules).isEmpty()) {
            problems.warning(JsonPath.child(JsonPath.ROOT, NetworkProtector.PACKAGE_ID),
                    "the IPS is marked configured but has no rule list in APP_CONFIGURATION; "
                            + "it cannot run and the gateway will enter emergency mode");
        }
    }
}
