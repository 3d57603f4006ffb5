package dev.palisade.config.model;

import java.util.List;
import java.util.Optional;

/**
 * The validated, typed view of the whole configuration document that the data plane and the
 * services consume. Immutable; a new configuration is a new instance.
 */
public record GatewayConfig(
        ModeSwitch modeSwitch,
        NetworkConfig network,
        List<InstalledApplication> applications) {

    public GatewayConfig {
        applications = List.copyOf(applications);
    }

    public boolean routerMode() {
        return modeSwitch.routerMode();
    }

    public Optional<InstalledApplication> application(String packageId) {
        return applications.stream().filter(a -> a.packageId().equals(packageId)).findFirst();
    }
}
