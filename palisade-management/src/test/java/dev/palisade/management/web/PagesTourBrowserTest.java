package dev.palisade.management.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.Feature;
import dev.palisade.management.TestGateway;
import dev.palisade.management.audit.AuditFeature;
import dev.palisade.management.device.DeviceFeature;
import dev.palisade.management.device.DeviceOptions;
import dev.palisade.management.diagnostics.DiagnosticsFeature;
import dev.palisade.management.diagnostics.ManualIntegrityCheck;
import dev.palisade.management.network.NetworkFeature;
import dev.palisade.management.network.RouteStates;
import dev.palisade.management.settings.HostClock;
import dev.palisade.management.settings.SettingsFeature;
import dev.palisade.system.integrity.InstallationLayout;
import dev.palisade.system.mode.EmergencyListener;
import dev.palisade.system.mode.EmergencySupport;
import dev.palisade.system.selftest.AuditCheck;
import dev.palisade.system.selftest.CertificateCheck;
import dev.palisade.system.selftest.PasswordCheck;
import dev.palisade.system.selftest.SelfTest;
import dev.palisade.system.selftest.TrafficBlockingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every main page of the interface with every feature wired as {@code palisade run} wires it, in
 * real Chromium, in English and in Russian: each page opens (no error page), has its title, shows
 * its section's navigation entry as open, and has no text missing from the language's messages
 * ({@code ??key??}). With {@code -Dpalisade.screenshots=DIR} it saves each page as a PNG (how
 * docs/screenshots/ is made).
 */
class PagesTourBrowserTest {

    static final String NEW_PASSWORD = "Str0ng.Pass-1";

    /** Path, screenshot name, and the top-level navigation label that must be open (English). */
    record Stop(String path, String name, String section) {
    }

    static final List<Stop> TOUR = List.of(
            new Stop("/", "status", "Status"),
            new Stop("/events", "events", "Events"),
            new Stop("/audit", "audit", "Audit"),
            new Stop("/users", "users", "Users"),
            new Stop("/network/lan", "network-lan", "Network"),
            new Stop("/network/wan", "network-wan", "Network"),
            new Stop("/network/routes", "network-routes", "Network"),
            new Stop("/network/filtering", "network-filtering", "Network"),
            new Stop("/network/port-forwarding", "network-port-forwarding", "Network"),
            new Stop("/network/firewall", "firewall-rules", "Network"),
            new Stop("/network/protector", "network-protector", "Network"),
            new Stop("/diagnostics", "self-diagnostics", "Self-diagnostics"),
            new Stop("/settings/general", "settings-general", "Settings"),
            new Stop("/settings/notifications", "settings-notifications", "Settings"),
            new Stop("/settings/central-management", "settings-central-management", "Settings"),
            new Stop("/settings/diagnostics", "settings-diagnostics", "Settings"),
            new Stop("/settings/configuration", "configuration", "Settings"),
            new Stop("/settings/backup", "settings-backup", "Settings"),
            new Stop("/settings/commands", "settings-commands", "Settings"),
            new Stop("/about", "about", "About"));

    @TempDir
    Path dir;

    AuditStore store;
    TestGateway gateway;
    BrowserSession browser;

    @BeforeEach
    void start() throws Exception {
        BrowserSession.assumeInstalled();
        Clock clock = Clock.systemUTC();
        Path data = dir.resolve("var");
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), clock);
        store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", "203.0.113.7"));
        AtomicReference<TestGateway> running = new AtomicReference<>();
        EmergencySupport emergency = new EmergencySupport(data, store, clock, on -> running.get().engine.setEmergency(on),
                new EmergencyListener() {
                    @Override
                    public void endSessions() {
                        running.get().service.sessions().closeAll();
                    }

                    @Override
                    public void stopApplications() {
                        // no applications in this test
                    }
                });
        SelfTest selfTest = new SelfTest(List.of(new AuditCheck(store), new PasswordCheck(), new CertificateCheck(clock),
                new TrafficBlockingCheck(() -> running.get().service.history().current().config())), store, clock);
        Path dist = Files.createDirectories(dir.resolve("dist"));
        HostClock hostClock = new HostClock() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public void set(Instant time) throws IOException {
                throw new IOException("this test does not set the host clock");
            }
        };
        List<Feature> features = List.of(
                new NetworkFeature(RouteStates.REPLAY_ONLY),
                new DeviceFeature(DeviceOptions.of(data, store, reason -> { })),
                new AuditFeature(store),
                new DiagnosticsFeature(selfTest, emergency, new ManualIntegrityCheck(new InstallationLayout(dist, data), store, clock)),
                new SettingsFeature(data, hostClock, List::of));
        gateway = TestGateway.withTestPki(data, features);
        running.set(gateway);
        emergency.start(new dev.palisade.config.model.ModeSwitch(true, false, false), cause -> java.util.Optional.empty());
        browser = BrowserSession.administrator(dir.resolve("browser"), gateway);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    private void waitForPath(String path) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().equals(gateway.base() + path));
    }

    private void screenshot(String name) throws IOException {
        String target = System.getProperty("palisade.screenshots");
        if (target == null || target.isBlank()) {
            return;
        }
        Path png = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, Files.createDirectories(Path.of(target)).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void everyMainPageOpensWithItsTitleAndEveryTextInBothLanguages() throws Exception {
        var driver = browser.driver;
        browser.firstSignIn(gateway.base(), NEW_PASSWORD);
        for (String language : List.of("en", "ru")) {
            if (language.equals("ru")) {
                driver.findElement(By.id("lang-switch")).click();
                new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.tagName("html")).getAttribute("lang").equals("ru"));
            }
            for (Stop stop : TOUR) {
                driver.get(gateway.base() + stop.path());
                waitForPath(stop.path());
                String text = driver.findElement(By.tagName("body")).getText();
                assertThat(driver.findElements(By.id("error"))).as(stop.path() + " is not an error page: " + text).isEmpty();
                assertThat(driver.findElement(By.tagName("h1")).getText()).as(stop.path() + " has a title").isNotBlank();
                assertThat(driver.getPageSource()).as(stop.path() + " (" + language + ") lacks no message").doesNotContain("??");
                var open = driver.findElements(By.cssSelector("body > nav:not(.tabs) a.active"));
                assertThat(open).as(stop.path() + ": one open section").hasSize(1);
                if (language.equals("en")) {
                    assertThat(open.getFirst().getText()).as(stop.path()).startsWith(stop.section());
                }
                screenshot(language.equals("en") ? stop.name() : stop.name() + "-ru");
            }
        }
    }
}
