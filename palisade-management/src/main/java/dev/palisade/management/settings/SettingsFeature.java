package dev.palisade.management.settings;

import dev.palisade.management.Feature;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.Route;
import dev.palisade.management.http.Section;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Settings tabs General, Notifications and Central management as a management feature. The
 * runner gives the data directory (where the central management settings and certificate live),
 * the host clock ({@link HostClock#SYSTEM}) and the notification delivery state; the Configuration
 * and history tabs are the core pages', Diagnostics and Commands belong to the device commands.
 */
public final class SettingsFeature implements Feature {

    private final CentralManagement central;
    private final HostClock clock;
    private final Supplier<List<DeliveryState>> delivery;

    public SettingsFeature(Path dataDirectory, HostClock clock, Supplier<List<DeliveryState>> delivery) {
        this.central = new CentralManagement(Objects.requireNonNull(dataDirectory, "dataDirectory"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public List<Route> api(FeatureContext context) {
        return new SettingsApi(context, clock, delivery, central).routes();
    }

    @Override
    public List<Route> pages(Pages pages) {
        return new SettingsPages(pages).routes();
    }

    @Override
    public List<NavEntry> nav() {
        return List.of(new NavEntry("/settings/general", "nav.settings.general", Section.SETTINGS, 800),
                new NavEntry("/settings/notifications", "nav.settings.notifications", Section.SETTINGS, 810),
                new NavEntry("/settings/central-management", "nav.settings.central", Section.SETTINGS, 820));
    }
}
